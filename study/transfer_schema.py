"""The shape of a study-data document, checked before anything is written (`parse_document`).

One small Django form class per kind of row, whose fields check every value the way a form
does (type, length, range), so the error can say which row and field is wrong. JSON types are
checked first: a form field would turn a list or a number into a string without complaint.
"""

import json
import math
from datetime import UTC, datetime

from django import forms
from django.core.exceptions import ValidationError

from questions.models import Question
from study.models import MockInterview, Note, ReviewCard, ReviewLog

FORMAT = "interviewprep-study-data"
VERSION = 1
MAX_ROWS = 100_000
EARLIEST = datetime(2000, 1, 1, tzinfo=UTC)
LATEST = datetime(2200, 1, 1, tzinfo=UTC)
KINDS = ("bookmarks", "notes", "review_cards", "review_logs", "mock_interviews")


class DateTimeOrNone(forms.DateTimeField):
    def validate(self, value) -> None:
        super().validate(value)
        if value is not None and not EARLIEST <= value <= LATEST:
            raise ValidationError("a date between 2000 and 2200")


def count(maximum: int, required: bool = True) -> forms.IntegerField:
    return forms.IntegerField(min_value=0, max_value=maximum, required=required)


def score(maximum: float) -> forms.FloatField:
    return forms.FloatField(min_value=0, max_value=maximum, required=False)


class BookmarkRow(forms.Form):
    question = forms.SlugField(max_length=120)
    created_at = DateTimeOrNone()


class NoteRow(forms.Form):
    question = forms.SlugField(max_length=120)
    body = forms.CharField(max_length=Note.MAX_LENGTH, strip=False)
    created_at = DateTimeOrNone()
    updated_at = DateTimeOrNone()


class ReviewCardRow(forms.Form):
    question = forms.SlugField(max_length=120)
    state = forms.TypedChoiceField(choices=ReviewCard.State.choices, coerce=int)
    step = count(100, required=False)
    stability = score(1_000_000)
    difficulty = score(10)
    due = DateTimeOrNone()
    last_review = DateTimeOrNone(required=False)
    confident_until = DateTimeOrNone(required=False)
    created_at = DateTimeOrNone()


class ReviewLogRow(forms.Form):
    question = forms.SlugField(max_length=120)
    rating = forms.TypedChoiceField(choices=ReviewLog.Rating.choices, coerce=int)
    reviewed_at = DateTimeOrNone()
    review_duration_ms = count(2_147_483_647, required=False)
    covered_points = count(1000)
    total_points = count(1000)
    source = forms.ChoiceField(choices=ReviewLog.Origin.choices)


class MockInterviewRow(forms.Form):
    started_at = DateTimeOrNone()
    finished_at = DateTimeOrNone(required=False)
    levels = forms.CharField(max_length=60, required=False)
    round_type = forms.ChoiceField(choices=Question.RoundType.choices, required=False)
    minutes_per_question = count(600)


class MockAnswerRow(forms.Form):
    position = count(1000)
    question = forms.SlugField(max_length=120)
    minutes = count(600)
    answer_text = forms.CharField(max_length=20_000, required=False, strip=False)
    started_at = DateTimeOrNone(required=False)
    submitted_at = DateTimeOrNone(required=False)
    rating = forms.TypedChoiceField(
        choices=ReviewLog.Rating.choices, coerce=int, required=False, empty_value=None
    )
    covered_points = count(1000, required=False)


ROW_FORMS = {
    "bookmarks": BookmarkRow,
    "notes": NoteRow,
    "review_cards": ReviewCardRow,
    "review_logs": ReviewLogRow,
    "mock_interviews": MockInterviewRow,
}


def json_type(form_field: forms.Field) -> type | tuple[type, ...]:
    """The JSON type a field's value must have: a number for numbers, else a string."""
    if isinstance(form_field, forms.FloatField):
        return (int, float)
    if isinstance(form_field, forms.IntegerField | forms.TypedChoiceField):
        return int
    return str


def clean_row(row_form: type[forms.Form], row: object, where: str) -> dict:
    """One row's values, checked: its JSON type first, then the form field's rules.

    The fields' own clean() is called rather than the form's: a form instance copies every
    field, and that copy was most of the time of a 20,000-row import.
    """
    if not isinstance(row, dict):
        raise ValidationError(f"{where} is not an object.")
    cleaned = {}
    for name, form_field in row_form.base_fields.items():
        value = row.get(name)
        if value is not None and not isinstance(value, expected := json_type(form_field)):
            kind = "text" if expected is str else "a number"
            raise ValidationError(f"{where}: “{name}” should be {kind}.")
        if isinstance(value, bool) or (isinstance(value, float) and not math.isfinite(value)):
            raise ValidationError(f"{where}: “{name}” has a value that is not allowed.")
        try:
            cleaned[name] = form_field.clean(value)
        except ValidationError as error:
            raise ValidationError(f"{where}: “{name}”: {error.messages[0]}") from None
    return cleaned


def slug_list(value: object, where: str) -> list[str]:
    if not isinstance(value, list) or len(value) > 100:
        raise ValidationError(f"{where} must be a list (at most 100).")
    if not all(isinstance(item, str) and 0 < len(item) <= 120 for item in value):
        raise ValidationError(f"{where} must hold slugs.")
    return value


def parse_document(text: str | bytes) -> dict[str, list[dict]]:
    """The validated rows of an export, by kind; ValidationError says what is wrong."""
    try:
        document = json.loads(text)
    except (ValueError, RecursionError):
        raise ValidationError("This file is not JSON.") from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise ValidationError("This is not a study-data export from this site.")
    if document.get("version") != VERSION:
        raise ValidationError(f"This export is version {document.get('version')!r}; use 1.")
    parsed: dict[str, list[dict]] = {}
    for kind in KINDS:
        rows = document.get(kind, [])
        if not isinstance(rows, list) or len(rows) > MAX_ROWS:
            raise ValidationError(f"“{kind}” must be a list of at most {MAX_ROWS:,} rows.")
        parsed[kind] = [
            clean_row(ROW_FORMS[kind], row, f"{kind} row {number}")
            for number, row in enumerate(rows, 1)
        ]
    for number, (row, interview) in enumerate(
        zip(document.get("mock_interviews", []), parsed["mock_interviews"], strict=True), 1
    ):
        where = f"mock_interviews row {number}"
        interview["topics"] = slug_list(row.get("topics", []), f"{where} topics")
        answers = row.get("answers", [])
        if not isinstance(answers, list) or len(answers) > MockInterview.MAX_QUESTIONS:
            raise ValidationError(f"{where} answers must be a list (at most 10).")
        interview["answers"] = [
            clean_row(MockAnswerRow, answer, f"{where} answer {index}")
            for index, answer in enumerate(answers, 1)
        ]
        if len({a["position"] for a in interview["answers"]}) != len(interview["answers"]):
            raise ValidationError(f"{where}: two answers share a position.")
    return parsed
