"""Question counts per level, round and topic, and per list filter, kept under the content version.

Counting reads every published question, so a count is computed once per content version and
kept in the `default` cache: the same key expires for every process when the content changes
(questions.pagecache moves the version on every content save, topic change, load and bulk
action). A page that shows counts therefore costs a cache read, whatever the size of the bank.
"""

import hashlib
from collections.abc import Callable

from django.core.cache import caches
from django.db.models import Count

from questions.models import Question, Topic
from questions.pagecache import content_version

# The version in the key expires a count; this only bounds how long an unused one is kept.
COUNT_SECONDS = 24 * 60 * 60


def kept(name: str, compute: Callable[[], object]):
    """`compute()`, from the cache while the content version is unchanged."""
    key = f"counts:{content_version()}:{name}"
    return caches["default"].get_or_set(key, compute, COUNT_SECONDS)


def bank_counts() -> dict[str, dict]:
    """Published questions per level, per round type and per topic id: three queries when
    computed, none while kept."""

    def compute() -> dict[str, dict]:
        published = Question.objects.published()
        return {
            "levels": dict(published.values_list("level").annotate(n=Count("pk"))),
            "rounds": dict(published.values_list("round_type").annotate(n=Count("pk"))),
            "topics": dict(
                Question.topics.through.objects.filter(question__is_published=True)
                .values_list("topic_id")
                .annotate(n=Count("pk"))
            ),
        }

    return kept("bank", compute)


def level_counts() -> list[dict]:
    """The three levels with their published question counts."""
    counts = bank_counts()["levels"]
    return [
        {"value": value, "label": label, "count": counts.get(value, 0)}
        for value, label in Question.Level.choices
    ]


def round_counts() -> list[dict]:
    """The round types with their published question counts."""
    counts = bank_counts()["rounds"]
    return [
        {"value": value, "label": label, "count": counts.get(value, 0)}
        for value, label in Question.RoundType.choices
    ]


def topics_with_counts() -> list[Topic]:
    """Every topic, in order, each with `question_count` (published questions)."""
    counts = bank_counts()["topics"]
    topics = list(Topic.objects.all())
    for topic in topics:
        topic.question_count = counts.get(topic.pk, 0)
    return topics


def filtered_count(questions, **filters: object) -> int:
    """`questions.count()` for a list filtered by `filters` (which name it in the key)."""
    name = hashlib.sha256(repr(sorted(filters.items())).encode()).hexdigest()
    return kept(f"list:{name}", questions.count)
