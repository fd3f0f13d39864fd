"""Drafts have no search document on PostgreSQL (search.postgres.PostgresBackend.write_questions):
searches no longer join the questions to leave them out, so remove the ones written before."""

from django.db import migrations


def delete_draft_documents(apps, schema_editor) -> None:
    QuestionDocument = apps.get_model("search", "QuestionDocument")
    QuestionDocument.objects.filter(question__is_published=False).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(
            delete_draft_documents, migrations.RunPython.noop, hints={"vendor": "postgresql"}
        ),
    ]
