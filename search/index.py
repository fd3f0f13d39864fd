"""Keeping the index current, and the interface pages use.

    search_questions(text, *, level=, topic=, round_type=) -> SearchResults  (Paginator-ready)
    search_notes(user, text) -> list[NoteHit]                           (that user's notes only)
    index_questions(questions) / rebuild_index()

Signals re-index a question when it is saved or deleted, when its topics change and when a
topic is renamed, and a note when it is saved or deleted (search.apps connects them). Writes
that send no model signal (admin bulk actions) send questions.signals.questions_updated.
Every write runs in the saving transaction, so the index never shows what was rolled back.
`manage.py rebuild_search_index` repairs the index from the tables.
"""

from collections.abc import Iterable
from itertools import batched

from django.db import transaction

from questions.models import Question, Topic
from search.backends import COUNT_LIMIT, Hit, Matches, NoteHit, backend
from search.query import Filters, Query, parse_query
from study.models import Note


class SearchResults:
    """The hits for a query, best first, fetched a page at a time.

    Paginator calls count() and slices one page: the ranked ids, then the questions with their
    excerpts and topics. An empty query costs none.
    """

    def __init__(self, query: Query, filters: Filters) -> None:
        self.query, self.filters = query, filters
        self.matches: Matches | None = None

    def count(self) -> int:
        """How many questions match, up to COUNT_LIMIT (see `more`)."""
        if self.matches is None:
            self.matches = (
                backend().matches(self.query, self.filters, COUNT_LIMIT + 1)
                if self.query
                else Matches(0, [])
            )
        return min(self.matches.count, COUNT_LIMIT)

    @property
    def more(self) -> bool:
        """More questions match than count() says."""
        return self.count() < self.matches.count

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, page: slice) -> list[Hit]:
        if not self.query or page.stop <= page.start:
            return []
        self.count()  # what ranking starts from
        engine = backend()
        ids = engine.ranked_ids(self.query, self.filters, page.start, page.stop, self.matches)
        return engine.hits(self.query, ids)


def search_questions(
    text: str,
    *,
    level: str | None = None,
    topic: Topic | None = None,
    round_type: str | None = None,
) -> SearchResults:
    """Published questions matching `text`, best first; `results.query` is what was searched."""
    filters = Filters(level=level, topic_id=topic.pk if topic else None, round_type=round_type)
    return SearchResults(parse_query(text), filters)


def search_notes(user, text: str) -> list[NoteHit]:
    """`user`'s own notes matching `text`, best first; none for visitors."""
    query = parse_query(text)
    if not query or not user.is_authenticated:
        return []
    return backend().notes(user, query)


def index_questions(questions: Iterable[Question], batch_size: int = 500) -> None:
    """Write the questions' index entries, a batch (one or two statements) at a time."""
    engine = backend()
    for batch in batched(questions, batch_size):
        engine.write_questions(batch)


def index_question_ids(ids: Iterable[int]) -> None:
    index_questions(Question.objects.filter(pk__in=list(ids)).prefetch_related("topics"))


@transaction.atomic
def rebuild_index(batch_size: int = 500) -> int:
    """Re-index every question and note from the tables; returns the number of questions."""
    engine = backend()
    engine.clear()
    questions = Question.objects.prefetch_related("topics").order_by("pk")
    count = 0
    for batch in batched(questions.iterator(chunk_size=batch_size), batch_size):
        engine.write_questions(batch)
        count += len(batch)
    for note in Note.objects.only("pk", "user_id", "body").iterator(chunk_size=batch_size):
        engine.write_note(note)
    engine.optimize()
    return count


# --- Signal receivers (connected in search.apps) ---


def question_saved(sender, instance: Question, raw: bool = False, **kwargs) -> None:
    if raw:
        # A fixture load indexes what it loaded once, at the end (questions_updated); the
        # topics it sets on this same object next need not index it either.
        instance.search_deferred = True
    else:
        backend().write_question(instance)


def question_deleted(sender, instance: Question, **kwargs) -> None:
    backend().delete_question(instance.pk)


def question_topics_changed(sender, instance, action: str, reverse: bool, pk_set, **kwargs):
    if not action.startswith("post_"):
        return
    if reverse:  # topic.questions.add(...): instance is the topic
        if action == "post_clear":
            return  # the pk_set is not known after a clear; rebuild_search_index repairs it
        index_question_ids(pk_set or [])
    elif not getattr(instance, "search_deferred", False):
        backend().write_question(instance)


def topic_saved(sender, instance: Topic, created: bool, raw: bool = False, **kwargs) -> None:
    if not created and not raw:
        index_questions(instance.questions.prefetch_related("topics"))


def questions_bulk_updated(sender, pks, **kwargs) -> None:
    index_question_ids(pks)


def topic_deleting(sender, instance: Topic, **kwargs) -> None:
    """Deleting a topic removes its links without m2m_changed: note whom it leaves."""
    instance.search_question_ids = list(instance.questions.values_list("pk", flat=True))


def topic_deleted(sender, instance: Topic, **kwargs) -> None:
    index_question_ids(getattr(instance, "search_question_ids", []))


def note_saved(sender, instance: Note, **kwargs) -> None:
    backend().write_note(instance)


def note_deleted(sender, instance: Note, **kwargs) -> None:
    backend().delete_note(instance.pk)
