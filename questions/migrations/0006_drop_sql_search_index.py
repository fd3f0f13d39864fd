"""Drop the SQL search index that 0003 and 0005 once created, from databases that ran them.

Search is now an ordinary Django-managed index in the `search` app; nothing in the database
depends on SQL views, triggers or functions any more. Every statement is IF EXISTS, so a
database created after the change runs this as a no-op.
"""

from django.db import migrations

SQLITE = [
    "DROP TRIGGER IF EXISTS questions_note_fts_delete",
    "DROP TRIGGER IF EXISTS questions_note_fts_update",
    "DROP TRIGGER IF EXISTS questions_note_fts_insert",
    "DROP TABLE IF EXISTS questions_note_fts",
    "DROP TRIGGER IF EXISTS questions_topic_fts_rename",
    "DROP TRIGGER IF EXISTS questions_question_topics_fts_delete",
    "DROP TRIGGER IF EXISTS questions_question_topics_fts_insert",
    "DROP TRIGGER IF EXISTS questions_question_fts_delete",
    "DROP TRIGGER IF EXISTS questions_question_fts_update",
    "DROP TRIGGER IF EXISTS questions_question_fts_insert",
    "DROP TABLE IF EXISTS questions_question_fts",
    "DROP VIEW IF EXISTS questions_question_search_source",
]
POSTGRESQL = [
    "DROP TRIGGER IF EXISTS questions_topic_search ON questions_topic",
    "DROP TRIGGER IF EXISTS questions_question_topics_search ON questions_question_topics",
    "DROP TRIGGER IF EXISTS questions_question_search ON questions_question",
    "DROP FUNCTION IF EXISTS questions_question_search_topics()",
    "DROP FUNCTION IF EXISTS questions_question_search_row()",
    "DROP FUNCTION IF EXISTS questions_question_search_document(questions_question)",
    "DROP INDEX IF EXISTS questions_question_prompt_search",
    "DROP INDEX IF EXISTS questions_question_search_gin",
    "ALTER TABLE questions_question DROP COLUMN IF EXISTS search_document",
]


def drop(apps, schema_editor) -> None:
    statements = {"sqlite": SQLITE, "postgresql": POSTGRESQL}
    for sql in statements.get(schema_editor.connection.vendor, []):
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("questions", "0005_search_filters")]

    operations = [migrations.RunPython(drop, migrations.RunPython.noop)]
