"""Benchmark search on scratch databases: full-text index against a plain icontains scan.

`make bench-search` runs this. It is a measurement, not a test: the numbers go in
docs/performance.md. Each database is benchmarked in a child process whose DATABASE_URL names a
scratch database (var/bench/search.sqlite3, and a PostgreSQL database whose name contains
"bench"), so the site's own data is never touched:

1. migrate, load the real topics, then N synthetic questions of the real ones' field lengths,
   each written with the words of one real question (see Vocabulary), with bulk inserts;
2. time the same varied queries the way the results page runs them (count, then the first page
   of 20 hits with excerpts) through the search app, then through icontains on every text
   field; report p50 and p95 side by side.
"""

import argparse
import contextlib
import io
import json
import random
import statistics
import time
from functools import reduce
from itertools import pairwise
from operator import and_, or_
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from django.db import connection
from django.db.models import Q

from questions.models import Question
from search.backends import backend
from search.deadline import SearchTimeout, time_limit
from search.index import search_questions
from search.query import Filters, parse_query
from tools.bench.scratch import postgres_url, prepare, redact, run_in_child, server_version
from tools.bench.synthetic import GENERIC, Vocabulary, load, settle

SQLITE_PATH = Path(settings.BASE_DIR) / "var" / "bench" / "search.sqlite3"
LOCAL_POSTGRES = "postgres://postgres@127.0.0.1:5432/interviewprep_bench"
PAGE = 20
WARM_UP = 20
FTS_RUNS = 3
DATA_SEED, QUERY_SEED = 20_261_123, 2_026
SCAN_FIELDS = ["prompt", "summary", "answer", "why_asked", "strong_answer_points", "tip"]
SCAN_FIELDS += ["follow_ups"]


class Command(BaseCommand):
    help = "Benchmark search (full-text index vs icontains) on scratch SQLite and PostgreSQL."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--questions", type=int, default=100_000)
        parser.add_argument("--queries", type=int, default=200)
        parser.add_argument(
            "--reuse", action="store_true", help="keep scratch databases that already hold N"
        )
        parser.add_argument("--no-postgres", action="store_true", help="benchmark SQLite only")
        parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)

    def handle(self, *args, worker: bool = False, **options) -> None:
        if worker:
            self.stdout.write(json.dumps(run_worker(options["questions"], options["queries"])))
            return
        rows = []
        for label, url in self.targets(no_postgres=options["no_postgres"]):
            self.stderr.write(f"\n{label}: {redact(url)}")
            prepare(url, reuse=options["reuse"])
            rows.append(self.run_child(url, options["questions"], options["queries"]))
        self.stdout.write(table(rows, options["questions"], options["queries"]))

    def targets(self, *, no_postgres: bool) -> list[tuple[str, str]]:
        targets = [("SQLite", f"sqlite:///{SQLITE_PATH}")]
        if not no_postgres and (url := postgres_url(LOCAL_POSTGRES, self.stderr)):
            targets.append(("PostgreSQL", url))
        return targets

    def run_child(self, url: str, questions: int, queries: int) -> dict:
        return run_in_child(
            "bench_search", url, ["--questions", str(questions), "--queries", str(queries)]
        )


def run_worker(count: int, query_count: int) -> dict:
    call_command("migrate", verbosity=0)
    rng = random.Random(DATA_SEED)  # noqa: S311 - reproducible data, not secrets
    words = Vocabulary(rng)
    started = time.perf_counter()
    loaded = Question.objects.filter(slug__startswith="bench-").count()
    if loaded != count:
        Question.objects.filter(slug__startswith="bench-").delete()
        call_command("load_content", stdout=io.StringIO())
        load(count, words, rng)
        settle()
    load_seconds = time.perf_counter() - started if loaded != count else None
    # Their own generator: the same queries whether the data was loaded now or reused.
    queries = make_queries(query_count, words, random.Random(QUERY_SEED))  # noqa: S311
    fts = measure(queries, run_search, runs=FTS_RUNS)
    scan = measure(queries, run_scan)  # a second or more per query: one run is plenty
    fts["median_matches"] = statistics.median(matches(text, level) for text, level in queries)
    return {
        "vendor": connection.vendor,
        "version": server_version(),
        "questions": Question.objects.count(),
        "load_seconds": load_seconds,
        "fts": fts,
        "scan": scan,
    }


def make_queries(count: int, words: Vocabulary, rng: random.Random) -> list[tuple[str, str | None]]:
    """Varied searches, mostly for the concepts questions are about, some for words found
    everywhere: single words, pairs, prefixes, phrases, OR, exclusions, rare names, a filter."""

    with_concepts = [index for index, concepts in enumerate(words.concepts) if concepts]

    def concept(about: int | None = None) -> str:
        if about is None or not words.concepts[about]:
            about = rng.choice(with_concepts)
        return rng.choice(words.concepts[about])

    def phrase() -> str:
        """Two adjacent content words from a real question, like "connection pool"."""
        text = [word.lower() for word in rng.choice(words.real_texts)]
        pairs = [
            f'"{first} {second}"'
            for first, second in pairwise(text)
            if min(len(first), len(second)) >= 4 and not {first, second} & GENERIC
        ]
        return rng.choice(pairs)

    def pair() -> str:
        about = rng.randrange(len(words.concepts))
        return f"{concept(about)} {concept(about)}"

    kinds = [
        concept,
        concept,
        pair,
        lambda: concept()[:5] + "*",
        phrase,
        lambda: f"{concept()} OR {concept()}",
        lambda: f"{concept()} -{rng.choice(words.common)}",
        lambda: rng.choice(words.common),
        lambda: rng.choice(words.tail_words[:2_000]),
        concept,  # with a level filter, below
    ]
    queries = []
    for i in range(count):
        kind = i % len(kinds)
        level = rng.choice(Question.Level.values) if kind == len(kinds) - 1 else None
        queries.append((kinds[kind](), level))
    return queries


def run_search(text: str, level: str | None) -> None:
    """What the results page asks of search: the count and the first page of hits, under the
    page's time limit (which also sets how PostgreSQL plans them: search.deadline)."""
    results = search_questions(text, level=level)
    with contextlib.suppress(SearchTimeout), time_limit(settings.SEARCH_TIME_LIMIT):
        results.count()
        results[0:PAGE]


def run_scan(text: str, level: str | None) -> None:
    """What search would cost without an index: icontains over every text field."""
    query = parse_query(text)
    if not query:
        return

    def contains(term) -> Q:
        return reduce(or_, (Q(**{f"{field}__icontains": term.text}) for field in SCAN_FIELDS))

    condition = reduce(and_, (reduce(or_, map(contains, group)) for group in query.groups))
    for term in query.excluded:
        condition &= ~contains(term)
    questions = Question.objects.published().filter(condition)
    if level:
        questions = questions.for_level(level)
    questions.count()
    list(questions.for_listing().order_by("pk")[:PAGE])


def measure(queries: list[tuple[str, str | None]], run, *, runs: int = 1) -> dict:
    """p50 and p95 over the queries; with `runs`, each query counts with its median time, which
    keeps one stall on a shared machine from deciding a percentile."""
    for text, level in queries[:WARM_UP]:
        run(text, level)
    timings = []
    for text, level in queries:
        samples = []
        for _ in range(runs):
            started = time.perf_counter()
            run(text, level)
            samples.append((time.perf_counter() - started) * 1000)
        timings.append(statistics.median(samples))
    cuts = statistics.quantiles(timings, n=100, method="inclusive")
    return {"p50": statistics.median(timings), "p95": cuts[94], "max": max(timings)}


def matches(text: str, level: str | None) -> int:
    """Every match, uncounted by the page's COUNT_LIMIT (outside the timings)."""
    query = parse_query(text)
    return backend().count(query, Filters(level=level), 10**9) if query else 0


# --- The report ----------------------------------------------------------------------------------


def table(rows: list[dict], questions: int, queries: int) -> str:
    lines = [
        "",
        f"Search latency, {questions:,} synthetic questions, {queries} varied queries "
        f"(count + first page of {PAGE} hits), milliseconds; full-text: each query's median "
        f"of {FTS_RUNS} runs:",
        "",
        "| Database | Full-text p50 | Full-text p95 | icontains p50 | icontains p95 "
        "| p95 speed-up | Median matches | Load |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in rows:
        fts, scan = row["fts"], row["scan"]
        load = f"{row['load_seconds']:.0f} s" if row["load_seconds"] else "reused"
        lines.append(
            f"| {row['version']} | {fts['p50']:.1f} | {fts['p95']:.1f} | {scan['p50']:.0f} "
            f"| {scan['p95']:.0f} | {scan['p95'] / fts['p95']:.0f}x "
            f"| {fts['median_matches']:,.0f} | {load} |"
        )
    return "\n".join(lines) + "\n"
