"""Write the content in the database back to fixtures/, so admin edits can be reviewed.

Only content models are written, never user data, in the YAML form load_content reads
(questions.fixture_yaml: Markdown as block scalars). A question goes back into the file that
holds it today, in the same place; a new one is appended to questions/<its first topic>.yaml.
Other rows keep their insertion order (primary key). Exporting a fresh load therefore
reproduces the files byte for byte, and an admin edit shows up as a change in place.
"""

import datetime
from collections.abc import Iterable
from pathlib import Path

import yaml
from django.conf import settings
from django.core import serializers
from django.core.management.base import BaseCommand, CommandParser
from django.db import models

from questions.fixture_yaml import dumps
from questions.management.commands.load_content import QUESTION_FILES
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
    "sources.yaml": [Source],
    "topics.yaml": [Topic],
    "prepare.yaml": [PreparationTip, CommonMistake, RelatedSkill],
    "faq.yaml": [FAQ],
    "career.yaml": [JobMarket, HiringCompany],
}
NEW_QUESTIONS_FILE = "questions/{topic}.yaml"


def exported_fields(model: type[ContentModel]) -> list[str]:
    """The fields a fixture carries: the model's editable fields in order, timestamps last."""
    fields = sorted(
        [*model._meta.concrete_fields, *model._meta.many_to_many],
        key=lambda field: field.creation_counter,
    )
    names = [field.name for field in fields if field.editable and not field.primary_key]
    return [*names, *TIMESTAMPS]


def fixture_value(value: object) -> object:
    """Times as the fixtures write them: ISO 8601, UTC as Z; everything else as it is."""
    if isinstance(value, datetime.datetime):
        return value.isoformat().replace("+00:00", "Z")
    return value


def serialize(rows: Iterable[ContentModel], model: type[ContentModel]) -> list[dict]:
    names = exported_fields(model)
    items = serializers.serialize(
        "python", rows, fields=names, use_natural_foreign_keys=True, use_natural_primary_keys=True
    )
    return [
        {
            "model": item["model"],
            "fields": {name: fixture_value(item["fields"][name]) for name in names},
        }
        for item in items
    ]


def content_rows(model: type[ContentModel]) -> models.QuerySet:
    """Every row, in insertion order, with what its natural keys need fetched up front."""
    rows = model.objects.order_by("pk")
    relations = [
        field.name for field in model._meta.concrete_fields if field.is_relation and field.editable
    ]
    if relations:
        rows = rows.select_related(*relations)
    if model._meta.many_to_many:
        rows = rows.prefetch_related(*(field.name for field in model._meta.many_to_many))
    return rows


def current_places(directory: Path) -> dict[str, tuple[str, int]]:
    """Question slug -> (its file, relative to `directory`; its index there), as on disk now."""
    places = {}
    for path in sorted(directory.glob(QUESTION_FILES)):
        items = yaml.safe_load(path.read_text(encoding="utf-8")) or []
        for index, item in enumerate(items):
            places[item["fields"]["slug"]] = (path.relative_to(directory).as_posix(), index)
    return places


def question_files(directory: Path) -> dict[str, list[Question]]:
    """File name -> its questions, in file order; new questions last in their topic's file."""
    places = current_places(directory)
    files: dict[str, list[tuple[tuple[int, int], Question]]] = {}
    for question in content_rows(Question):
        if question.slug in places:
            name, index = places[question.slug]
            order = (0, index)
        else:
            topics = list(question.topics.all())
            name = NEW_QUESTIONS_FILE.format(topic=topics[0].slug if topics else "general")
            order = (1, question.pk)
        files.setdefault(name, []).append((order, question))
    return {
        name: [question for _, question in sorted(entries, key=lambda entry: entry[0])]
        for name, entries in files.items()
    }


def render_files(directory: Path) -> dict[str, str]:
    """File name (relative to the fixtures directory) -> its new text."""
    texts = {
        name: dumps(serialize(questions, Question))
        for name, questions in question_files(directory).items()
    }
    for name, file_models in FILE_MODELS.items():
        texts[name] = dumps(
            [item for model in file_models for item in serialize(content_rows(model), model)]
        )
    return texts


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
        # Questions keep their files: read where each one is now (in the output directory, or
        # in fixtures/ when exporting somewhere new).
        layout = output if any(output.glob(QUESTION_FILES)) else settings.BASE_DIR / "fixtures"
        texts = render_files(layout)
        changed = 0
        for name, text in texts.items():
            path = output / name
            if path.exists() and path.read_text(encoding="utf-8") == text:
                continue
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            changed += 1
            self.stdout.write(f"wrote {path}")
        self.stdout.write(
            self.style.SUCCESS(f"content: {changed} of {len(texts)} files changed in {output}")
        )
