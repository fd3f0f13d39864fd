"""Benchmark the site's pages, uncached, with the question bank and with 100,000 questions.

`make bench-pages` runs this. It is a measurement, not a test: the numbers go in
docs/performance.md. Each database is benchmarked in a child process whose DATABASE_URL names a
scratch database (var/bench/pages.sqlite3, and a PostgreSQL database whose name contains
"bench"), so the site's own data is never touched:

1. migrate and load the real question bank (fixtures/), index it for search, time each page;
2. add N synthetic questions with bench_search's generator (bulk inserts, indexed for search;
   DISTINCT_TEXTS distinct texts, reused in turn, since pages do not read the words), time the
   same pages again.

Pages are asked for through Django's test client, the whole middleware stack included, as a
visitor with the page cache off (PAGE_CACHE_SECONDS = 0): every request renders the page. The
counts the pages show are kept under the content version (questions.counts), as on a live site:
the first request after the load computes them, outside the timings.
"""

import argparse
import io
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection
from django.db.models import Count
from django.test import Client, override_settings

from questions.keyset import row_key
from questions.models import Question, Topic
from search.index import rebuild_index
from tools.bench.management.commands.bench_search import DATA_SEED
from tools.bench.scratch import postgres_url, prepare, redact, run_in_child, server_version
from tools.bench.synthetic import Vocabulary, load, settle

BENCH_DIR = Path(settings.BASE_DIR) / "var" / "bench"
SQLITE_PATH = BENCH_DIR / os.environ.get("BENCH_SQLITE_NAME", "pages.sqlite3")
LOCAL_POSTGRES = "postgres://postgres@127.0.0.1:5432/interviewprep_pages_bench"
RUNS = 40
# Texts written by bench_search's generator (7 ms each); the other questions reuse them in turn.
DISTINCT_TEXTS = 2_000
WARM_UP = 3
# A real question and topic from fixtures/, the same at both sizes.
QUESTION = "cap-theorem"
SEARCH = "cache invalidation"
PLAIN_STATIC = "django.contrib.staticfiles.storage.StaticFilesStorage"
PAGES = ["home", "list, first page", "list, deep page", "topic", "question", "search"]


class Command(BaseCommand):
    help = (
        "Benchmark pages (uncached) at the bank's size and at N questions, SQLite and PostgreSQL."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--questions", type=int, default=100_000)
        parser.add_argument("--runs", type=int, default=RUNS)
        parser.add_argument(
            "--reuse", action="store_true", help="keep scratch databases that already hold N"
        )
        parser.add_argument("--no-postgres", action="store_true", help="benchmark SQLite only")
        parser.add_argument("--no-sqlite", action="store_true", help="benchmark PostgreSQL only")
        parser.add_argument(
            "--no-search-index",
            action="store_true",
            help="leave the N questions out of the search index (a much faster load; the "
            "search page is then timed at the bank's size only)",
        )
        parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)

    def handle(self, *args, worker: bool = False, **options) -> None:
        if worker:
            result = run_worker(
                options["questions"],
                options["runs"],
                reuse=options["reuse"],
                index=not options["no_search_index"],
            )
            self.stdout.write(json.dumps(result))
            return
        rows = []
        for label, url in self.targets(options):
            self.stderr.write(f"\n{label}: {redact(url)}")
            prepare(url, reuse=options["reuse"])
            rows.append(self.run_child(url, options))
        self.stdout.write(table(rows, options["questions"], options["runs"]))

    def targets(self, options: dict) -> list[tuple[str, str]]:
        targets = [] if options["no_sqlite"] else [("SQLite", f"sqlite:///{SQLITE_PATH}")]
        if not options["no_postgres"] and (url := postgres_url(LOCAL_POSTGRES, self.stderr)):
            targets.append(("PostgreSQL", url))
        return targets

    def run_child(self, url: str, options: dict) -> dict:
        arguments = ["--questions", str(options["questions"]), "--runs", str(options["runs"])]
        arguments += ["--reuse"] if options["reuse"] else []
        arguments += ["--no-search-index"] if options["no_search_index"] else []
        return run_in_child("bench_pages", url, arguments)


# --- In the child process, on the scratch database -----------------------------------------------


def run_worker(count: int, runs: int, *, reuse: bool, index: bool) -> dict:
    call_command("migrate", verbosity=0)
    synthetic = Question.objects.filter(slug__startswith="bench-")
    small = None
    if not (reuse and synthetic.count() == count):
        synthetic.delete()
        call_command("load_content", stdout=io.StringIO())
        rebuild_index()
        settle()
        small = measure_pages(runs)
        started = time.perf_counter()
        rng = random.Random(DATA_SEED)  # noqa: S311 - reproducible data, not secrets
        load(count, Vocabulary(rng), rng, distinct_texts=DISTINCT_TEXTS, index=index)
        settle()
        load_seconds = time.perf_counter() - started
    else:
        load_seconds = None
    return {
        "vendor": connection.vendor,
        "version": server_version(),
        "questions": Question.objects.count(),
        "load_seconds": load_seconds,
        "small": small,
        "large": measure_pages(runs, search=index),
    }


def page_urls() -> dict[str, str]:
    """The URLs timed: the deep list page starts halfway down the list, the topic is the one
    with the most questions (its first page), the question is a real one with three topics."""
    published = Question.objects.published()
    total = published.count()
    middle = published.in_study_order()[total // 2]
    topic = Topic.objects.annotate(n=Count("questions")).order_by("-n").first()
    return {
        "home": "/",
        "list, first page": "/questions/",
        "list, deep page": f"/questions/?after={row_key(middle)}&start={total // 2 + 2}",
        "topic": topic.get_absolute_url(),
        "question": Question.objects.get(slug=QUESTION).get_absolute_url(),
        "search": f"/search/?q={SEARCH.replace(' ', '+')}",
    }


def measure_pages(runs: int, *, search: bool = True) -> dict[str, dict]:
    """Median and p95 in milliseconds of each page, requested `runs` times by a visitor."""
    client = Client()
    results = {}
    # Static URLs without collectstatic's manifest (the scratch var dir has none): a dict
    # lookup either way.
    storages = {**settings.STORAGES, "staticfiles": {"BACKEND": PLAIN_STATIC}}
    with override_settings(PAGE_CACHE_SECONDS=0, ALLOWED_HOSTS=["testserver"], STORAGES=storages):
        urls = page_urls()
        if not search:
            del urls["search"]
        for name, url in urls.items():
            for _ in range(WARM_UP):
                response = client.get(url)
                if response.status_code != 200:
                    raise CommandError(f"{url} answered {response.status_code}")
            timings, database = [], []
            for _ in range(runs):
                sql = SqlTimer()
                with connection.execute_wrapper(sql):
                    started = time.perf_counter()
                    client.get(url)
                    timings.append((time.perf_counter() - started) * 1000)
                database.append(sql.milliseconds)
            cuts = statistics.quantiles(timings, n=100, method="inclusive")
            results[name] = {
                "p50": statistics.median(timings),
                "p95": cuts[94],
                "sql": statistics.median(database),
                "url": url,
            }
            sys.stderr.write(f"{name}: {results[name]['p50']:.1f} ms\n")
    return results


class SqlTimer:
    """Adds up the time a request spends in the database (connection.execute_wrapper)."""

    def __init__(self) -> None:
        self.milliseconds = 0.0

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.milliseconds += (time.perf_counter() - started) * 1000


# --- The report ----------------------------------------------------------------------------------


def table(rows: list[dict], questions: int, runs: int) -> str:
    heading = "| Page |"
    rule = "| --- |"
    for row in rows:
        name = row["version"]
        heading += f" {name}, bank p50 / p95 (SQL) | {name}, {questions:,} p50 / p95 (SQL) |"
        heading += " ratio (p50) |"
        rule += " ---: | ---: | ---: |"
    lines = [
        "",
        f"Page latency, visitor, page cache off, milliseconds over {runs} requests each "
        "(median / p95, and in brackets the median time spent in SQL); 'bank' is the real "
        "question bank loaded from fixtures/:",
        "",
        heading,
        rule,
    ]
    for page in PAGES:
        line = f"| {page} |"
        for row in rows:
            small, large = (row["small"] or {}).get(page), row["large"].get(page)
            before = figures(small) if small else "reused"
            after = figures(large) if large else "not indexed"
            ratio = f"{large['p50'] / small['p50']:.1f}x" if small and large else ""
            line += f" {before} | {after} | {ratio} |"
        lines.append(line)
    lines.append("")
    for row in rows:
        load = f"{row['load_seconds']:.0f} s" if row["load_seconds"] else "reused"
        lines.append(f"- {row['version']}: {row['questions']:,} questions, load {load}")
    return "\n".join(lines) + "\n"


def figures(timing: dict) -> str:
    return f"{timing['p50']:.1f} / {timing['p95']:.1f} ({timing['sql']:.1f})"
