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
import copy
import io
import json
import os
import random
import re
import statistics
import subprocess
import sys
import time
from collections import Counter
from functools import reduce
from itertools import accumulate, pairwise
from operator import and_, or_
from pathlib import Path

import dj_database_url
import yaml
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.models import Max, Q

from questions.management.commands.load_content import content_paths
from questions.models import Question, Topic
from search.backends import backend
from search.index import index_question_ids, search_questions
from search.query import Filters, parse_query

SQLITE_PATH = Path(settings.BASE_DIR) / "var" / "bench" / "search.sqlite3"
LOCAL_POSTGRES = "postgres://postgres@127.0.0.1:5432/interviewprep_bench"
BATCH = 1_000
PAGE = 20
WARM_UP = 20
FTS_RUNS = 3
DATA_SEED, QUERY_SEED = 20_261_123, 2_026
SCAN_FIELDS = ["prompt", "summary", "answer", "why_asked", "strong_answer_points", "tip"]
SCAN_FIELDS += ["follow_ups"]
# Common words the query generator skips: nobody searches for "which" or "their".
GENERIC = {"about", "after", "because", "before", "being", "could", "every", "other", "should"}
GENERIC |= {"their", "there", "these", "those", "where", "which", "while", "without", "would"}
GENERIC |= {"from", "have", "into", "than", "that", "then", "they", "this", "what", "when", "with"}
GENERIC |= {"your", "does", "each", "just", "more", "most", "only", "over", "same", "some", "them"}


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
        url = os.environ.get("BENCH_DATABASE_URL", "")
        if no_postgres:
            return targets
        if not url and postgres_answers(LOCAL_POSTGRES):
            url = LOCAL_POSTGRES
        if url:
            targets.append(("PostgreSQL", url))
        else:
            self.stderr.write(
                "PostgreSQL skipped: no server on 127.0.0.1:5432 and no BENCH_DATABASE_URL."
            )
        return targets

    def run_child(self, url: str, questions: int, queries: int) -> dict:
        command = [sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), "bench_search"]
        command += ["--worker", "--questions", str(questions), "--queries", str(queries)]
        child = subprocess.run(  # noqa: S603 - our own manage.py with our own arguments
            command,
            env={**os.environ, "DATABASE_URL": url},
            stdout=subprocess.PIPE,
            text=True,
            check=False,
        )
        if child.returncode:
            raise CommandError(f"the benchmark on {redact(url)} failed (exit {child.returncode})")
        return json.loads(child.stdout.strip().splitlines()[-1])


def redact(url: str) -> str:
    return re.sub(r"//([^:/@]+):[^@]*@", r"//\1:***@", url)


def postgres_answers(url: str) -> bool:
    import psycopg

    config = dj_database_url.parse(url)
    try:
        psycopg.connect(**maintenance(config), connect_timeout=2).close()
    except psycopg.Error:
        return False
    return True


def maintenance(config: dict) -> dict:
    """Connection arguments for the server's `postgres` database (to create the scratch one)."""
    return {
        "dbname": "postgres",
        "user": config.get("USER") or None,
        "password": config.get("PASSWORD") or None,
        "host": config.get("HOST") or None,
        "port": config.get("PORT") or None,
    }


def prepare(url: str, *, reuse: bool) -> None:
    """Start from an empty scratch database unless reusing one."""
    config = dj_database_url.parse(url)
    if config["ENGINE"].endswith("sqlite3"):
        SQLITE_PATH.parent.mkdir(parents=True, exist_ok=True)
        if not reuse:
            for suffix in ["", "-wal", "-shm"]:
                Path(f"{SQLITE_PATH}{suffix}").unlink(missing_ok=True)
        return
    import psycopg
    from psycopg import sql

    name = config["NAME"]
    if "bench" not in name:
        raise CommandError(
            f"Refusing to use PostgreSQL database {name!r}: the benchmark drops and re-creates "
            "its database, so its name must contain 'bench'."
        )
    with psycopg.connect(**maintenance(config), autocommit=True) as server:
        exists = server.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists and reuse:
            return
        server.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        server.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


# --- In the child process, on the scratch database -----------------------------------------------


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


def server_version() -> str:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT sqlite_version()")
            return f"SQLite {cursor.fetchone()[0]}"
        cursor.execute("SHOW server_version")
        return f"PostgreSQL {cursor.fetchone()[0].split()[0]}"


WORD = re.compile(r"[A-Za-z][A-Za-z'-]*[A-Za-z]|[A-Za-z]")
TEXT_FIELDS = ["prompt", "summary", "answer", "why_asked", "strong_answer_points", "tip"]
TEXT_FIELDS += ["follow_ups", "pitfalls"]


class Words:
    """Words with weights, drawn at random in proportion to their weight."""

    def __init__(self, weights: dict[str, float]) -> None:
        self.words = list(weights)
        self.cumulative = list(accumulate(weights.values()))

    def draw(self, rng: random.Random, k: int) -> list[str]:
        return rng.choices(self.words, cum_weights=self.cumulative, k=k)


class Vocabulary:
    """Synthetic text that uses words the way the real question bank does.

    Each synthetic question imitates one of the real ones: half its words come from that
    question's own text at their own frequencies (so "cache" clusters in caching questions, as
    in a real bank), 35% from the whole bank and 15% from a long tail of invented library and
    product names, each rarer than the one before (Zipf).
    """

    def __init__(self, rng: random.Random) -> None:
        rows = [
            row["fields"]
            for path in content_paths()
            if path.parent.name == "questions"
            for row in yaml.safe_load(path.read_text())
        ]
        texts = [" ".join(str(row.get(field, "")) for field in TEXT_FIELDS) for row in rows]
        self.topic_slugs = [[key[0] for key in row.get("topics", [])] for row in rows]
        self.real_texts = [WORD.findall(text) for text in texts]
        self.templates = [Words(Counter(words)) for words in self.real_texts]
        self.bank = Words(Counter(word for words in self.real_texts for word in words))
        tail = list(dict.fromkeys(self.invent(rng) for _ in range(40_000)))
        self.tail_words = tail
        self.tail = Words({word: 1 / (rank + 10) for rank, word in enumerate(tail)})
        # Query material: each question's distinctive words, and words found all over the bank.
        in_texts = Counter(word.lower() for words in self.real_texts for word in set(words))
        self.concepts = [
            sorted(
                {
                    word.lower()
                    for word, n in Counter(words).items()
                    if n >= 2 and len(word) >= 5 and in_texts[word.lower()] <= 3
                }
            )
            for words in self.real_texts
        ]
        self.common = sorted(
            word
            for word, n in in_texts.items()
            if n >= 8 and len(word) >= 5 and word not in GENERIC
        )

    @staticmethod
    def invent(rng: random.Random) -> str:
        syllables = ["ka", "lo", "mi", "zen", "tor", "rix", "vel", "dra", "qu", "sta", "ny", "pho"]
        return "".join(rng.choice(syllables) for _ in range(rng.randint(2, 4)))

    def sentence(self, rng: random.Random, about: int, low: int, high: int, end=".") -> str:
        n = rng.randint(low, high)
        own, bank = round(n * 0.5), round(n * 0.35)
        words = self.templates[about].draw(rng, own) + self.bank.draw(rng, bank)
        words += self.tail.draw(rng, n - own - bank)
        rng.shuffle(words)
        return words[0].capitalize() + " " + " ".join(words[1:]) + end


def paragraph(words: Vocabulary, rng: random.Random, about: int, sentences: int) -> str:
    return " ".join(words.sentence(rng, about, 8, 22) for _ in range(sentences))


def synthetic_question(pk: int, words: Vocabulary, rng: random.Random, about: int) -> Question:
    """Field lengths as in the real bank: a 60-character prompt, a 2,400-character answer..."""
    answer = "\n\n".join(
        paragraph(words, rng, about, rng.randint(3, 5)) for _ in range(rng.randint(3, 5))
    )
    return Question(
        pk=pk,
        slug=f"bench-{pk}",
        prompt=words.sentence(rng, about, 6, 12, "?")[:300],
        summary=words.sentence(rng, about, 12, 20)[:200],
        level=rng.choice(Question.Level.values),
        round_type=rng.choice(Question.RoundType.values),
        position=pk,
        answer=answer,
        why_asked=paragraph(words, rng, about, 3),
        strong_answer_points="\n".join(words.sentence(rng, about, 8, 14) for _ in range(4)),
        tip=words.sentence(rng, about, 18, 28),
        pitfalls="\n".join(words.sentence(rng, about, 6, 10) for _ in range(3)),
        follow_ups="\n".join(words.sentence(rng, about, 8, 12, "?") for _ in range(3)),
    )


def load(
    count: int,
    words: Vocabulary,
    rng: random.Random,
    *,
    distinct_texts: int | None = None,
    index: bool = True,
) -> None:
    """Bulk-insert `count` synthetic questions, indexed for search unless `index` is false.
    With `distinct_texts`, only that many are written by the generator and the rest reuse their
    texts in turn (each with its own slug, level, round and position): much faster, for
    benchmarks of pages, not of search."""
    topic_ids = dict(Topic.objects.values_list("slug", "pk"))
    through = Question.topics.through
    first = (Question.objects.aggregate(Max("pk"))["pk__max"] or 0) + 1
    progress = Progress(count)
    written: list[tuple[int, Question]] = []
    for start in range(first, first + count, BATCH):
        questions, links = [], []
        for pk in range(start, min(start + BATCH, first + count)):
            if distinct_texts and len(written) >= distinct_texts:
                about, question = reused(written[(pk - first) % distinct_texts], pk, rng)
            else:
                about = rng.randrange(len(words.templates))
                question = synthetic_question(pk, words, rng, about)
                written.append((about, question))
            questions.append(question)
            links += [
                through(question_id=pk, topic_id=topic_ids[slug])
                for slug in words.topic_slugs[about]
            ]
        with transaction.atomic():
            # bulk_create sends no post_save: index the batch as an admin bulk action would.
            Question.objects.bulk_create(questions)
            through.objects.bulk_create(links)
            if index:
                index_question_ids(question.pk for question in questions)
        progress.advance(len(questions))
    progress.done()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), [Question, through]):
                cursor.execute(sql)


def reused(written: tuple[int, Question], pk: int, rng: random.Random) -> tuple[int, Question]:
    about, model = written
    question = copy.copy(model)
    question.pk, question.slug, question.position = pk, f"bench-{pk}", pk
    question.level = rng.choice(Question.Level.values)
    question.round_type = rng.choice(Question.RoundType.values)
    return about, question


def settle() -> None:
    """What a live site's background work would have done by now: merge index segments, analyze."""
    sys.stderr.write("Optimizing the index and analyzing tables...\n")
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            backend().optimize()
            cursor.execute("ANALYZE")
        else:
            cursor.execute("VACUUM ANALYZE")


class Progress:
    def __init__(self, total: int) -> None:
        self.total, self.done_count, self.started = total, 0, time.perf_counter()

    def advance(self, n: int) -> None:
        self.done_count += n
        filled = 30 * self.done_count // self.total
        elapsed = time.perf_counter() - self.started
        sys.stderr.write(
            f"\rLoading questions [{'#' * filled}{'.' * (30 - filled)}] "
            f"{self.done_count:,}/{self.total:,}  {elapsed:5.0f} s"
        )
        sys.stderr.flush()

    def done(self) -> None:
        sys.stderr.write("\n")


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
    """What the results page asks of search: the count and the first page of hits."""
    results = search_questions(text, level=level)
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
