"""A learner's whole study record as one JSON document, out (`export_data`) and back in.

The document names questions and topics by slug, so it can be brought into an account on this
or another installation. Rows are written in a fixed order, so two exports of the same data are
identical. An import validates the whole document first (transfer_schema.parse_document:
shape, types, ranges), then writes in one transaction; what it cannot match is reported, and
rows the account already has are matched rather than duplicated, so importing the same file
twice changes nothing.
"""

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime

from django.db import transaction

from questions.models import Question, Topic
from study import scheduling
from study.models import Bookmark, MockAnswer, MockInterview, Note, ReviewCard, ReviewLog
from study.transfer_schema import FORMAT, KINDS, VERSION, parse_document

__all__ = ["dump", "export_data", "import_data", "parse_document"]

LABELS = dict(
    zip(KINDS, ("Bookmarks", "Notes", "Review cards", "Review log", "Mock interviews"), strict=True)
)


def stamp(value: datetime | None) -> str | None:
    return value.astimezone(UTC).isoformat() if value else None


def export_data(user) -> dict:
    """Everything the learner has, by question slug, in a fixed order."""
    cards = ReviewCard.objects.for_user(user).select_related("question")
    logs = ReviewLog.objects.for_user(user).values(  # the longest list: plain dicts, no models
        "question__slug",
        "rating",
        "reviewed_at",
        "review_duration",
        "covered_points",
        "total_points",
        "source",
    )
    interviews = (
        MockInterview.objects.for_user(user)
        .prefetch_related("topics", "answers__question")
        .order_by("started_at", "pk")
    )
    return {
        "format": FORMAT,
        "version": VERSION,
        "bookmarks": [
            {"question": b.question.slug, "created_at": stamp(b.created_at)}
            for b in Bookmark.objects.for_user(user)
            .select_related("question")
            .order_by("question__slug")
        ],
        "notes": [
            {
                "question": n.question.slug,
                "body": n.body,
                "created_at": stamp(n.created_at),
                "updated_at": stamp(n.updated_at),
            }
            for n in Note.objects.for_user(user)
            .select_related("question")
            .order_by("question__slug")
        ],
        "review_cards": [
            {
                "question": c.question.slug,
                "state": c.state,
                "step": c.step,
                "stability": c.stability,
                "difficulty": c.difficulty,
                "due": stamp(c.due),
                "last_review": stamp(c.last_review),
                "confident_until": stamp(c.confident_until),
                "created_at": stamp(c.created_at),
            }
            for c in cards.order_by("question__slug")
        ],
        "review_logs": [
            {
                "question": log["question__slug"],
                "rating": log["rating"],
                "reviewed_at": stamp(log["reviewed_at"]),
                "review_duration_ms": log["review_duration"],
                "covered_points": log["covered_points"],
                "total_points": log["total_points"],
                "source": log["source"],
            }
            for log in logs.order_by("reviewed_at", "question__slug", "rating").iterator(
                chunk_size=2000
            )
        ],
        "mock_interviews": [
            {
                "started_at": stamp(m.started_at),
                "finished_at": stamp(m.finished_at),
                "levels": m.levels,
                "round_type": m.round_type,
                "minutes_per_question": m.minutes_per_question,
                "topics": sorted(topic.slug for topic in m.topics.all()),
                "answers": [
                    {
                        "position": a.position,
                        "question": a.question.slug,
                        "minutes": a.minutes,
                        "answer_text": a.answer_text,
                        "started_at": stamp(a.started_at),
                        "submitted_at": stamp(a.submitted_at),
                        "rating": a.rating,
                        "covered_points": a.covered_points,
                    }
                    for a in m.answers.all()
                ],
            }
            for m in interviews
        ],
    }


def dump(document: dict) -> str:
    return json.dumps(document, indent=1, ensure_ascii=False) + "\n"


@dataclass
class ImportReport:
    """What an import added, per kind, and the slugs it could not find here."""

    added: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    updated: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    unmatched: dict[str, int] = field(default_factory=dict)
    logs_without_card: int = 0

    def miss(self, slug: str) -> None:
        self.unmatched[slug] = self.unmatched.get(slug, 0) + 1

    @property
    def rows(self) -> list[tuple[str, int, int]]:
        """(label, added, updated) per kind, for the result page."""
        return [(LABELS[kind], self.added[kind], self.updated[kind]) for kind in KINDS]

    @property
    def changed(self) -> bool:
        return any(self.added.values()) or any(self.updated.values())


def import_data(user, rows: dict[str, list[dict]]) -> ImportReport:
    """Write validated rows into `user`'s account, all or nothing.

    What the account has is read once per kind and new rows are inserted in bulk, so the work
    is a few queries per kind however long the history (docs/performance.md has the figures).
    """
    report = ImportReport()
    slugs = {row["question"] for kind in KINDS[:4] for row in rows[kind]}
    for interview in rows["mock_interviews"]:
        slugs.update(answer["question"] for answer in interview["answers"])
    questions = Question.objects.in_bulk(slugs, field_name="slug")

    def matched(kind: str) -> Iterator[tuple[Question, dict]]:
        for row in rows[kind]:
            if (question := questions.get(row["question"])) is None:
                report.miss(row["question"])
            else:
                yield question, row

    with transaction.atomic():
        import_bookmarks(user, matched("bookmarks"), report)
        notes = {note.question_id: note for note in Note.objects.for_user(user)}
        for question, row in matched("notes"):
            import_note(user, question, row, notes, report)
        cards = import_cards(user, matched("review_cards"), report)
        import_logs(user, matched("review_logs"), cards, report)
        started = set(MockInterview.objects.for_user(user).values_list("started_at", flat=True))
        for row in rows["mock_interviews"]:
            if row["started_at"] not in started:
                started.add(row["started_at"])
                import_interview(user, row, questions, report)
        report.unmatched = dict(sorted(report.unmatched.items()))
    scheduling.forget_due_count(user)
    return report


def import_bookmarks(user, matched: Iterable[tuple[Question, dict]], report: ImportReport) -> None:
    have = set(Bookmark.objects.for_user(user).values_list("question_id", flat=True))
    new = []
    for question, row in matched:
        if question.pk not in have:
            have.add(question.pk)
            new.append(Bookmark(user=user, question=question, created_at=row["created_at"]))
    Bookmark.objects.bulk_create(new)
    report.added["bookmarks"] += len(new)


def import_note(user, question: Question, row: dict, notes: dict, report: ImportReport) -> None:
    """A note the account lacks is added; one it has is replaced only by a newer one.

    One save per note (not bulk_create), so the search index hears of it.
    """
    note = notes.get(question.pk)
    if note is None:
        notes[question.pk] = Note.objects.create(
            user=user,
            question=question,
            body=row["body"],
            created_at=row["created_at"],
            updated_at=row["updated_at"],
        )
        report.added["notes"] += 1
    elif row["updated_at"] > note.updated_at and row["body"] != note.body:
        note.body, note.updated_at, note.version = row["body"], row["updated_at"], note.version + 1
        note.save(update_fields=["body", "updated_at", "version"])
        report.updated["notes"] += 1


CARD_FIELDS = ("state", "step", "stability", "difficulty", "due", "last_review", "confident_until")


def import_cards(user, matched, report: ImportReport) -> dict[int, ReviewCard]:
    """Cards the account lacks are added; one it has takes the file's state if reviewed later.

    Returns every card of the account by question id, for the logs to point at.
    """
    cards = {card.question_id: card for card in ReviewCard.objects.for_user(user)}
    new, newer = [], []
    for question, row in matched:
        values = {name: row[name] for name in CARD_FIELDS}
        card = cards.get(question.pk)
        if card is None:
            card = ReviewCard(user=user, question=question, created_at=row["created_at"], **values)
            cards[question.pk] = card
            new.append(card)
        elif row["last_review"] and (
            card.last_review is None or row["last_review"] > card.last_review
        ):
            for name, value in values.items():
                setattr(card, name, value)
            newer.append(card)
    ReviewCard.objects.bulk_create(new)
    ReviewCard.objects.bulk_update(newer, CARD_FIELDS, batch_size=500)
    report.added["review_cards"] += len(new)
    report.updated["review_cards"] += len({card.pk for card in newer})
    return cards


def import_logs(user, matched, cards: dict[int, ReviewCard], report: ImportReport) -> None:
    """A log is the same one when it rates the same question at the same moment."""
    have = set(ReviewLog.objects.for_user(user).values_list("question_id", "reviewed_at", "rating"))
    new = []
    for question, row in matched:
        key = (question.pk, row["reviewed_at"], row["rating"])
        if question.pk not in cards:
            report.logs_without_card += 1
        elif key not in have:
            have.add(key)
            new.append(
                ReviewLog(
                    user=user,
                    card=cards[question.pk],
                    question=question,
                    rating=row["rating"],
                    reviewed_at=row["reviewed_at"],
                    review_duration=row["review_duration_ms"],
                    covered_points=row["covered_points"],
                    total_points=row["total_points"],
                    source=row["source"],
                )
            )
    ReviewLog.objects.bulk_create(new, batch_size=1000)
    report.added["review_logs"] += len(new)


def import_interview(user, row: dict, questions: dict, report: ImportReport) -> None:
    """A new interview (one is the same as another when it started at the same moment)."""
    answers = []
    for answer in row["answers"]:
        question = questions.get(answer["question"])
        if question is None:
            report.miss(answer["question"])
        else:
            answers.append(MockAnswer(**(answer | {"question": question})))
    interview = MockInterview.objects.create(
        user=user,
        started_at=row["started_at"],
        finished_at=row["finished_at"],
        levels=row["levels"],
        round_type=row["round_type"],
        minutes_per_question=row["minutes_per_question"],
    )
    interview.topics.set(Topic.objects.filter(slug__in=row["topics"]))
    for answer in answers:
        answer.interview = interview
    MockAnswer.objects.bulk_create(answers)
    report.added["mock_interviews"] += 1
