"""A learner's data to take away: notes as Markdown, progress and review history as CSV or JSON.

Exports stream: rows are read with values() and iterator() and written as they come, so memory
stays flat and time grows linearly with the learner's history. Every CSV cell that a
spreadsheet would read as a formula is defused (csv_safe).
"""

import csv
import json
from collections.abc import Iterator

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.utils import timezone

from questions.models import Question
from study.models import Note, ReviewCard, ReviewLog

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value: object) -> object:
    """A cell a spreadsheet shows as text: one starting like a formula gets a leading '."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class Echo:
    """A file-like object whose write returns the line, for csv.writer to stream through."""

    def write(self, value: str) -> str:
        return value


def progress_rows(user) -> Iterator[dict]:
    cards = {
        card["question_id"]: card
        for card in ReviewCard.objects.for_user(user).values(
            "question_id", "due", "stability", "difficulty", "last_review"
        )
    }
    questions = (
        Question.objects.published()
        .with_learner_state(user)
        .in_study_order()
        .values("pk", "slug", "prompt", "level", "study_status")
    )
    for question in questions.iterator(chunk_size=500):
        card = cards.get(question["pk"])
        yield {
            "question": question["slug"],
            "prompt": question["prompt"],
            "level": question["level"],
            "status": question["study_status"],
            "due": card["due"].isoformat() if card else "",
            "stability_days": round(card["stability"], 3) if card and card["stability"] else "",
            "difficulty": round(card["difficulty"], 3) if card and card["difficulty"] else "",
            "last_review": card["last_review"].isoformat() if card and card["last_review"] else "",
        }


def review_log_rows(user) -> Iterator[dict]:
    logs = (
        ReviewLog.objects.for_user(user)
        .order_by("reviewed_at", "pk")
        .values(
            "reviewed_at",
            "question__slug",
            "rating",
            "covered_points",
            "total_points",
            "review_duration",
            "source",
        )
    )
    ratings = dict(ReviewLog.Rating.choices)
    for log in logs.iterator(chunk_size=2000):
        yield {
            "reviewed_at": log["reviewed_at"].isoformat(),
            "question": log["question__slug"],
            "rating": ratings[log["rating"]],
            "covered_points": log["covered_points"],
            "total_points": log["total_points"],
            "review_duration_ms": log["review_duration"]
            if log["review_duration"] is not None
            else "",
            "source": log["source"],
        }


EXPORTS = {"progress": progress_rows, "reviews": review_log_rows}


def csv_lines(rows: Iterator[dict]) -> Iterator[str]:
    writer = csv.writer(Echo())
    for index, row in enumerate(rows):
        if index == 0:
            yield writer.writerow(list(row))
        yield writer.writerow([csv_safe(value) for value in row.values()])


def json_chunks(rows: Iterator[dict]) -> Iterator[str]:
    """A JSON array, one row at a time."""
    yield "["
    for index, row in enumerate(rows):
        yield ("," if index else "") + "\n  " + json.dumps(row)
    yield "\n]\n"


@login_required
def progress_export(request: HttpRequest, kind: str, fmt: str) -> StreamingHttpResponse:
    rows = EXPORTS[kind](request.user)
    if fmt == "json":
        response = StreamingHttpResponse(json_chunks(rows), content_type="application/json")
    else:
        response = StreamingHttpResponse(csv_lines(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="interview-{kind}.{fmt}"'
    return response


@login_required
def notes_export(request: HttpRequest) -> HttpResponse:
    """Every note as one Markdown file, grouped by level, each under its question."""
    notes = (
        Note.objects.for_user(request.user)
        .select_related("question")
        .order_by(Question.level_order("question__level"), "question__position", "question__slug")
    )
    by_level: dict[str, list[Note]] = {value: [] for value in Question.Level.values}
    for note in notes:
        by_level[note.question.level].append(note)
    parts = [f"# My interview notes\n\nExported {timezone.now():%Y-%m-%d %H:%M} UTC.\n"]
    for value, label in Question.Level.choices:
        if by_level[value]:
            parts.append(f"## {label}\n")
            for note in by_level[value]:
                url = request.build_absolute_uri(note.question.get_absolute_url())
                parts.append(f"### {note.question.prompt}\n\n<{url}>\n\n{note.body.strip()}\n")
    response = HttpResponse("\n".join(parts), content_type="text/markdown; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="interview-notes.md"'
    return response
