"""A learner's whole study record as one JSON document, out (`export_data`) and back in.

The document names questions and topics by slug, so it can be brought into an account on this
or another installation. Rows are written in a fixed order, so two exports of the same data are
identical. An import validates the whole document first (transfer_schema.parse_document:
shape, types, ranges), then writes in one transaction; what it cannot match is reported, and
rows the account already has are matched rather than duplicated, so importing the same file
twice changes nothing.
"""

import json
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
    logs = ReviewLog.objects.for_user(user).select_related("question")
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
                "question": log.question.slug,
                "rating": log.rating,
                "reviewed_at": stamp(log.reviewed_at),
                "review_duration_ms": log.review_duration,
                "covered_points": log.covered_points,
                "total_points": log.total_points,
                "source": log.source,
            }
            for log in logs.order_by("reviewed_at", "question__slug", "rating")
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
    """Write validated rows into `user`'s account, all or nothing."""
    report = ImportReport()
    slugs = {row["question"] for kind in KINDS[:4] for row in rows[kind]}
    for interview in rows["mock_interviews"]:
        slugs.update(answer["question"] for answer in interview["answers"])
    questions = Question.objects.in_bulk(slugs, field_name="slug")

    def question_for(row: dict) -> Question | None:
        question = questions.get(row["question"])
        if question is None:
            report.miss(row["question"])
        return question

    with transaction.atomic():
        for row in rows["bookmarks"]:
            if question := question_for(row):
                _, created = Bookmark.objects.get_or_create(
                    user=user, question=question, defaults={"created_at": row["created_at"]}
                )
                report.added["bookmarks"] += created
        for row in rows["notes"]:
            if question := question_for(row):
                import_note(user, question, row, report)
        cards = {card.question_id: card for card in ReviewCard.objects.for_user(user)}
        for row in rows["review_cards"]:
            if question := question_for(row):
                import_card(user, question, row, cards, report)
        for row in rows["review_logs"]:
            if (question := question_for(row)) and question.pk in cards:
                import_log(user, question, row, cards[question.pk], report)
            elif question:
                report.logs_without_card += 1
        for row in rows["mock_interviews"]:
            import_interview(user, row, questions, report)
        report.unmatched = dict(sorted(report.unmatched.items()))
    scheduling.forget_due_count(user)
    return report


def import_note(user, question: Question, row: dict, report: ImportReport) -> None:
    """A note the account lacks is added; one it has is replaced only by a newer one."""
    note = Note.objects.filter(user=user, question=question).first()
    if note is None:
        Note.objects.create(
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


def import_card(user, question, row: dict, cards: dict, report: ImportReport) -> None:
    """A card the account lacks is added; one it has takes the file's state if reviewed later."""
    card = cards.get(question.pk)
    values = {name: row[name] for name in CARD_FIELDS}
    if card is None:
        cards[question.pk] = ReviewCard.objects.create(
            user=user, question=question, created_at=row["created_at"], **values
        )
        report.added["review_cards"] += 1
    elif row["last_review"] and (card.last_review is None or row["last_review"] > card.last_review):
        for name, value in values.items():
            setattr(card, name, value)
        card.save(update_fields=list(CARD_FIELDS))
        report.updated["review_cards"] += 1


def import_log(user, question, row: dict, card: ReviewCard, report: ImportReport) -> None:
    """A log is the same one when it rates the same question at the same moment."""
    same = {"question": question, "reviewed_at": row["reviewed_at"], "rating": row["rating"]}
    if ReviewLog.objects.for_user(user).filter(**same).exists():
        return
    ReviewLog.objects.create(
        user=user,
        card=card,
        review_duration=row["review_duration_ms"],
        covered_points=row["covered_points"],
        total_points=row["total_points"],
        source=row["source"],
        **same,
    )
    report.added["review_logs"] += 1


def import_interview(user, row: dict, questions: dict, report: ImportReport) -> None:
    """An interview is the same one when it started at the same moment."""
    if MockInterview.objects.for_user(user).filter(started_at=row["started_at"]).exists():
        return
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
