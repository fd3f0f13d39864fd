"""What the two search backends share: column weights, what a hit is, a question's text.

search.sqlite and search.postgres each index and query one database; search.backends picks one.
"""

from dataclasses import dataclass

from django.utils.safestring import SafeString

from questions.models import Question
from search.query import Filters, has_match, marked_html
from study.models import Note

# Counting stops here: "1,000+ questions" tells a learner as much as 48,213 and costs far less.
COUNT_LIMIT = 1_000
# Ranking reads every row it ranks. When at most this many questions match (every search of the
# real bank), both backends rank them all; past it only prompt/head matches are ranked (on
# PostgreSQL the newest this many of them: 2,000 took 13 to 25 ms at 100,000 questions,
# docs/performance.md) and the other matches follow, newest first.
RANK_LIMIT = 500
NOTES_LIMIT = 20
EXCERPT_SOURCE_CHARS = 1_000

# Column -> (PostgreSQL weight, SQLite bm25 weight). A prompt match counts ten answer matches.
COLUMN_WEIGHTS = {
    "prompt": ("A", 10.0),
    "summary": ("B", 5.0),
    "topics": ("B", 5.0),
    "reasoning": ("C", 2.0),
    "answer": ("D", 1.0),
}
HEAD_COLUMNS = ["prompt", "summary", "topics"]


@dataclass
class Hit:
    question: Question
    title: SafeString
    excerpt: SafeString


@dataclass
class Matches:
    """How many questions match, up to a limit; with every id when the backend has them all."""

    count: int
    ids: list[int] | None = None


@dataclass
class NoteHit:
    note: Note
    excerpt: SafeString


def question_text(question: Question) -> dict[str, str]:
    """The text of each indexed column of `question` (its topics prefetched or fetched)."""
    return {
        "prompt": question.prompt,
        "summary": question.summary,
        "topics": " ".join(topic.name for topic in question.topics.all()),
        "reasoning": "\n".join(
            [question.why_asked, question.strong_answer_points, question.tip, question.follow_ups]
        ),
        "answer": question.answer,
    }


def round_token(round_type: str) -> str:
    """One FTS5 token per round type ("system_design" would split into two)."""
    return "round" + round_type.replace("_", "")


def filter_tokens(filters: Filters) -> list[str]:
    tokens = []
    if filters.level:
        tokens.append(filters.level)
    if filters.topic_id:
        tokens.append(f"topic{filters.topic_id}")
    if filters.round_type:
        tokens.append(round_token(filters.round_type))
    return tokens


def hit(question: Question, title: str, excerpt: str) -> Hit:
    """Title and excerpt HTML: the excerpt when it shows a match, else the summary."""
    return Hit(
        question,
        marked_html(title),
        marked_html(excerpt if has_match(excerpt) else question.summary),
    )


def listed_questions():
    """What a hit shows of its question: two queries (the questions, their topics)."""
    return Question.objects.only("slug", "prompt", "summary", "level").prefetch_related("topics")
