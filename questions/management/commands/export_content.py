"""Write the content in the database back to fixtures/, so admin edits can be reviewed.

Only content models are written, never user data. The files are the ones load_content reads
(CONTENT_FILES), with natural keys and the fields they have today. Rows keep their insertion
order (primary key): a fresh load of the files gives the same order back, so exporting it
reproduces the files byte for byte, and an edit in admin shows up as a change in place rather
than a moved block.
"""

import datetime
import json
import re
from collections.abc import Iterable, Sequence
from pathlib import Path

from django.conf import settings
from django.core import serializers
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import models

from questions.management.commands.load_content import CONTENT_FILES
from questions.models import (
    FAQ,
    CommonMistake,
    ContentModel,
    HiringCompany,
    JobMarket,
    PreparationTip,
    Question,
    RelatedSkill,
    Source,
    Topic,
)

TIMESTAMPS = ["created_at", "updated_at"]
FILE_MODELS: dict[str, list[type[ContentModel]]] = {
    "sources.json": [Source],
    "topics.json": [Topic],
    "prepare.json": [PreparationTip, CommonMistake, RelatedSkill],
    "faq.json": [FAQ],
    "career.json": [JobMarket, HiringCompany],
}
# questions_<source slug, "-" as "_">.json, or questions_<source>_<n>.json when split in parts.
QUESTION_FILE = re.compile(r"questions_(?P<source>\w+?)(?:_\d+)?\.json")


def exported_fields(model: type[ContentModel]) -> list[str]:
    """The fields a fixture carries: slug first, then the model's own fields, timestamps last."""
    fields = sorted(
        [*model._meta.concrete_fields, *model._meta.many_to_many],
        key=lambda field: field.creation_counter,
    )
    names = [field.name for field in fields if field.editable and not field.primary_key]
    return [*names, *TIMESTAMPS]


def question_files() -> dict[str, list[str]]:
    """Source slug -> the question files that hold its questions, from CONTENT_FILES."""
    files: dict[str, list[str]] = {}
    for name in CONTENT_FILES:
        if match := QUESTION_FILE.fullmatch(name):
            files.setdefault(match["source"].replace("_", "-"), []).append(name)
    return files


def split_questions(questions: Sequence[Question]) -> tuple[dict[str, list[Question]], int]:
    """Question file -> its questions, and how many had no file of their own.

    A source split over n files fills them in order, a nth of its questions each. A question
    whose source has no file (a new source, or none) goes into the last question file, so the
    export never drops it.
    """
    files = question_files()
    by_source: dict[str, list[Question]] = {slug: [] for slug in files}
    homeless: list[Question] = []
    for question in questions:
        slug = question.source.slug if question.source else ""
        by_source.get(slug, homeless).append(question)
    placed: dict[str, list[Question]] = {}
    for slug, names in files.items():
        part = -(-len(by_source[slug]) // len(names))  # ceiling division
        for index, name in enumerate(names):
            placed[name] = by_source[slug][index * part : (index + 1) * part]
    placed[fallback_question_file()].extend(homeless)
    return placed, len(homeless)


def fallback_question_file() -> str:
    return [name for name in CONTENT_FILES if QUESTION_FILE.fullmatch(name)][-1]


def serialize(rows: Iterable[ContentModel], model: type[ContentModel]) -> list[dict]:
    names = exported_fields(model)
    items = serializers.serialize(
        "python",
        rows,
        fields=names,
        use_natural_foreign_keys=True,
        use_natural_primary_keys=True,
    )
    return [
        {"model": item["model"], "fields": {name: item["fields"][name] for name in names}}
        for item in items
    ]


def encode(value: object) -> str:
    """Dates and times as the fixtures write them: ISO 8601, UTC as Z, microseconds kept."""
    if isinstance(value, datetime.datetime):
        return value.isoformat().replace("+00:00", "Z")
    if isinstance(value, datetime.date):
        return value.isoformat()
    raise TypeError(f"cannot write {type(value).__name__} to a fixture")


def dumps(items: list[dict]) -> str:
    return json.dumps(items, indent=2, ensure_ascii=False, default=encode) + "\n"


def content_rows(model: type[ContentModel]) -> models.QuerySet:
    """Every row, in insertion order, with what its natural keys need fetched up front."""
    rows = model.objects.order_by("pk")
    relations = [
        field.name for field in model._meta.concrete_fields if field.is_relation and field.editable
    ]
    if relations:
        rows = rows.select_related(*relations)
    if model._meta.many_to_many:
        # The site lists a question's topics in topic order; a fixture does the same.
        rows = rows.prefetch_related(*(field.name for field in model._meta.many_to_many))
    return rows


def render_files() -> tuple[dict[str, str], int]:
    """File name -> its new text, for every file in CONTENT_FILES; and the homeless count."""
    questions, homeless = split_questions(list(content_rows(Question)))
    texts: dict[str, str] = {}
    for name in CONTENT_FILES:
        if name in questions:
            texts[name] = dumps(serialize(questions[name], Question))
        elif name in FILE_MODELS:
            texts[name] = dumps(
                [
                    item
                    for model in FILE_MODELS[name]
                    for item in serialize(content_rows(model), model)
                ]
            )
        else:
            raise CommandError(f"export_content does not know what goes into {name}")
    return texts, homeless


class Command(BaseCommand):
    help = (
        "Write the content in the database (never user data) to the fixture files that "
        "load_content reads, so admin edits can be reviewed and committed."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--output",
            type=Path,
            default=settings.BASE_DIR / "fixtures",
            help="directory to write to (default: fixtures/)",
        )

    def handle(self, *args, output: Path, **options) -> None:
        texts, homeless = render_files()
        output.mkdir(parents=True, exist_ok=True)
        changed = 0
        for name, text in texts.items():
            path = output / name
            if path.exists() and path.read_text(encoding="utf-8") == text:
                continue
            path.write_text(text, encoding="utf-8")
            changed += 1
            self.stdout.write(f"wrote {path}")
        if homeless:
            self.stdout.write(
                self.style.WARNING(
                    f"{homeless} question(s) have a source with no file of its own; they went "
                    f"into {fallback_question_file()}. Add a questions_<source>.json to "
                    "CONTENT_FILES to give them one."
                )
            )
        self.stdout.write(
            self.style.SUCCESS(f"content: {changed} of {len(texts)} files changed in {output}")
        )
