"""Synthetic questions for the benchmarks, written like the real bank's (see Vocabulary)."""

import copy
import random
import re
import sys
import time
from collections import Counter
from itertools import accumulate

import yaml
from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.models import Max

from questions.management.commands.load_content import content_paths
from questions.models import Question, Topic
from search.backends import backend
from search.index import index_question_ids

BATCH = 1_000
# Common words the query generator skips: nobody searches for "which" or "their".
GENERIC = {"about", "after", "because", "before", "being", "could", "every", "other", "should"}
GENERIC |= {"their", "there", "these", "those", "where", "which", "while", "without", "would"}
GENERIC |= {"from", "have", "into", "than", "that", "then", "they", "this", "what", "when", "with"}
GENERIC |= {"your", "does", "each", "just", "more", "most", "only", "over", "same", "some", "them"}


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
