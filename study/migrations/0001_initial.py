"""The study app takes over the per-user models from `questions`, keeping every row.

The models already exist as tables named questions_*; SeparateDatabaseAndState creates them in
this app's state only (questions/0007 removes them from that app's). Then the one real change:
ReviewCard.confident_until, filled in for existing cards, and the content types renamed so
admin history and permissions follow the models.
"""

import datetime

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

MOVED = ["bookmark", "note", "reviewcard", "reviewlog", "mockinterview", "mockanswer"]
REVIEW_STATE = 2
CONFIDENT_STABILITY_DAYS = 7.0


def fill_confident_until(apps, schema_editor) -> None:
    """As study.scheduling.confident_until does for each new review."""
    ReviewCard = apps.get_model("study", "ReviewCard")
    cards = ReviewCard.objects.filter(
        state=REVIEW_STATE,
        stability__gte=CONFIDENT_STABILITY_DAYS,
        last_review__isnull=False,
    )
    for card in cards.iterator():
        card.confident_until = card.last_review + datetime.timedelta(days=card.stability)
        card.save(update_fields=["confident_until"])


def rename_content_types(apps, schema_editor) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="questions", model__in=MOVED).update(app_label="study")


def restore_content_types(apps, schema_editor) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="study", model__in=MOVED).update(app_label="questions")


class Migration(migrations.Migration):
    dependencies = [
        ("questions", "0006_drop_sql_search_index"),
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="MockInterview",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "levels",
                            models.CharField(
                                blank=True, help_text="Comma-separated levels.", max_length=60
                            ),
                        ),
                        ("minutes_per_question", models.PositiveSmallIntegerField(default=5)),
                        ("started_at", models.DateTimeField(default=django.utils.timezone.now)),
                        ("finished_at", models.DateTimeField(blank=True, null=True)),
                        (
                            "topics",
                            models.ManyToManyField(
                                blank=True,
                                db_table="questions_mockinterview_topics",
                                to="questions.topic",
                            ),
                        ),
                        (
                            "user",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="mock_interviews",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "db_table": "questions_mockinterview",
                        "ordering": ["-started_at", "-pk"],
                    },
                ),
                migrations.CreateModel(
                    name="ReviewCard",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "state",
                            models.PositiveSmallIntegerField(
                                choices=[(1, "Learning"), (2, "Review"), (3, "Relearning")],
                                default=1,
                            ),
                        ),
                        (
                            "step",
                            models.PositiveSmallIntegerField(blank=True, default=0, null=True),
                        ),
                        ("stability", models.FloatField(blank=True, null=True)),
                        ("difficulty", models.FloatField(blank=True, null=True)),
                        ("due", models.DateTimeField(default=django.utils.timezone.now)),
                        ("last_review", models.DateTimeField(blank=True, null=True)),
                        (
                            "created_at",
                            models.DateTimeField(default=django.utils.timezone.now, editable=False),
                        ),
                        (
                            "question",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="review_cards",
                                to="questions.question",
                            ),
                        ),
                        (
                            "user",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="review_cards",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "db_table": "questions_reviewcard",
                        "ordering": ["due", "pk"],
                    },
                ),
                migrations.CreateModel(
                    name="ReviewLog",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "rating",
                            models.PositiveSmallIntegerField(
                                choices=[(1, "Again"), (2, "Hard"), (3, "Good"), (4, "Easy")]
                            ),
                        ),
                        ("reviewed_at", models.DateTimeField(default=django.utils.timezone.now)),
                        (
                            "review_duration",
                            models.PositiveIntegerField(
                                blank=True, help_text="Milliseconds.", null=True
                            ),
                        ),
                        ("covered_points", models.PositiveSmallIntegerField(default=0)),
                        ("total_points", models.PositiveSmallIntegerField(default=0)),
                        (
                            "source",
                            models.CharField(
                                choices=[("review", "Review"), ("mock", "Mock interview")],
                                default="review",
                                max_length=10,
                            ),
                        ),
                        (
                            "card",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="logs",
                                to="study.reviewcard",
                            ),
                        ),
                        (
                            "question",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="review_logs",
                                to="questions.question",
                            ),
                        ),
                        (
                            "user",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="review_logs",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "db_table": "questions_reviewlog",
                        "ordering": ["-reviewed_at", "-pk"],
                    },
                ),
                migrations.CreateModel(
                    name="Bookmark",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "created_at",
                            models.DateTimeField(default=django.utils.timezone.now, editable=False),
                        ),
                        (
                            "question",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="bookmarks",
                                to="questions.question",
                            ),
                        ),
                        (
                            "user",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="bookmarks",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "db_table": "questions_bookmark",
                        "ordering": ["-created_at", "-pk"],
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("user", "question"), name="bookmark_once_per_user"
                            )
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="MockAnswer",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("position", models.PositiveSmallIntegerField()),
                        ("answer_text", models.TextField(blank=True, max_length=20000)),
                        ("started_at", models.DateTimeField(blank=True, null=True)),
                        ("submitted_at", models.DateTimeField(blank=True, null=True)),
                        (
                            "rating",
                            models.PositiveSmallIntegerField(
                                blank=True,
                                choices=[(1, "Again"), (2, "Hard"), (3, "Good"), (4, "Easy")],
                                null=True,
                            ),
                        ),
                        ("covered_points", models.PositiveSmallIntegerField(blank=True, null=True)),
                        (
                            "question",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="questions.question",
                            ),
                        ),
                        (
                            "interview",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="answers",
                                to="study.mockinterview",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "questions_mockanswer",
                        "ordering": ["position"],
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("interview", "position"), name="mock_answer_position_unique"
                            )
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="Note",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("body", models.TextField(max_length=20000)),
                        ("version", models.PositiveIntegerField(default=1)),
                        (
                            "created_at",
                            models.DateTimeField(default=django.utils.timezone.now, editable=False),
                        ),
                        (
                            "updated_at",
                            models.DateTimeField(default=django.utils.timezone.now, editable=False),
                        ),
                        (
                            "question",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="notes",
                                to="questions.question",
                            ),
                        ),
                        (
                            "user",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="notes",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "db_table": "questions_note",
                        "ordering": ["-updated_at", "-pk"],
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("user", "question"), name="note_once_per_user"
                            )
                        ],
                    },
                ),
                migrations.AddIndex(
                    model_name="reviewcard",
                    index=models.Index(fields=["user", "due"], name="review_card_user_due"),
                ),
                migrations.AddConstraint(
                    model_name="reviewcard",
                    constraint=models.UniqueConstraint(
                        fields=("user", "question"), name="review_card_once_per_user"
                    ),
                ),
                migrations.AddIndex(
                    model_name="reviewlog",
                    index=models.Index(fields=["user", "reviewed_at"], name="review_log_user_time"),
                ),
            ],
        ),
        migrations.AddField(
            model_name="reviewcard",
            name="confident_until",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.RunPython(fill_confident_until, migrations.RunPython.noop),
        migrations.RunPython(rename_content_types, restore_content_types),
    ]
