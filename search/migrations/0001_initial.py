"""The search index: QuestionDocument on PostgreSQL, one FTS5 table on SQLite.

search.routers.SearchRouter keeps each to its database. The FTS5 virtual table is the one
thing here Django cannot declare as a model, so it is created with RunSQL; it stores its own
text (no triggers, no views): search.index writes it.
"""

import django.contrib.postgres.indexes
import django.contrib.postgres.search
import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("questions", "0007_move_study_models"),
    ]

    operations = [
        migrations.CreateModel(
            name="QuestionDocument",
            fields=[
                (
                    "question",
                    models.OneToOneField(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        primary_key=True,
                        related_name="search_document",
                        serialize=False,
                        to="questions.question",
                    ),
                ),
                ("vector", django.contrib.postgres.search.SearchVectorField()),
                ("head", django.contrib.postgres.search.SearchVectorField()),
                ("excerpt_source", models.TextField()),
            ],
            options={
                "indexes": [
                    django.contrib.postgres.indexes.GinIndex(
                        fields=["vector"], name="search_document_vector"
                    ),
                    django.contrib.postgres.indexes.GinIndex(
                        fields=["head"], name="search_document_head"
                    ),
                ],
            },
        ),
        migrations.RunSQL(
            "CREATE VIRTUAL TABLE search_questiontext USING fts5("
            "prompt, summary, topics, reasoning, answer, filters, "
            "tokenize = 'porter unicode61 remove_diacritics 2')",
            "DROP TABLE search_questiontext",
            hints={"vendor": "sqlite"},
        ),
    ]
