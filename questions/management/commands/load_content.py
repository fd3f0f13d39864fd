"""Load the question bank from fixtures/, by natural key, without touching user data."""

from pathlib import Path

from django.conf import settings
from django.core import serializers
from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction

from questions.models import Question
from questions.signals import questions_updated

# Order matters: rows are saved one by one and later files point at earlier ones by slug.
# questions/*.yaml (the bank, one file per area) load between topics and the career pages.
FIRST_FILES = ["sources.yaml", "topics.yaml"]
QUESTION_FILES = "questions/*.yaml"
LAST_FILES = ["prepare.yaml", "faq.yaml", "career.yaml"]


def content_paths(root: Path | None = None) -> list[Path]:
    root = root or settings.BASE_DIR / "fixtures"
    return [
        *(root / name for name in FIRST_FILES),
        *sorted(root.glob(QUESTION_FILES)),
        *(root / name for name in LAST_FILES),
    ]


class Command(BaseCommand):
    help = (
        "Load the content fixtures: adds new rows and updates existing ones in place by slug. "
        "A row edited in the database after the fixture's updated_at is kept unless --force."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--force", action="store_true", help="overwrite rows edited since the fixture"
        )

    @transaction.atomic
    def handle(self, *args, force: bool = False, **options) -> None:
        added = updated = kept = 0
        loaded: list[int] = []
        for path in content_paths():
            with path.open(encoding="utf-8") as stream:
                for item in serializers.deserialize(
                    "yaml", stream, handle_forward_references=False
                ):
                    obj = item.object
                    model = type(obj)
                    current = (
                        model.objects.filter(slug=obj.slug)
                        .values_list("updated_at", flat=True)
                        .first()
                    )
                    if current is None:
                        added += 1
                    elif current > obj.updated_at and not force:
                        kept += 1
                        self.stdout.write(
                            f"kept {model._meta.verbose_name} {obj.slug!r}: edited after the "
                            "fixture (export_content saves it; --force overwrites it)"
                        )
                        continue
                    else:
                        updated += 1
                    if isinstance(obj, Question):
                        obj.render_diagram()  # a fixture save skips Question.save()
                    item.save()
                    if isinstance(obj, Question):
                        loaded.append(obj.pk)
        # Fixture saves are "raw": the search index and page cache hear of them once, here.
        questions_updated.send(sender=Question, pks=loaded)
        self.stdout.write(
            self.style.SUCCESS(f"content: {added} added, {updated} updated, {kept} kept as edited")
        )
