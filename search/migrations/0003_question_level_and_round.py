"""The question's level and round on its search document, so a filtered search joins nothing;
the rows written before get them from their questions."""

from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def copy_level_and_round(apps, schema_editor) -> None:
    Question = apps.get_model("questions", "Question")
    QuestionDocument = apps.get_model("search", "QuestionDocument")
    question = Question.objects.filter(pk=OuterRef("question_id"))
    QuestionDocument.objects.update(
        level=Subquery(question.values("level")[:1]),
        round_type=Subquery(question.values("round_type")[:1]),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("questions", "0008_question_round_rubric_references_diagram"),
        ("search", "0002_drafts_have_no_document"),
    ]

    operations = [
        migrations.AddField(
            model_name="questiondocument",
            name="level",
            field=models.CharField(
                choices=[
                    ("beginner", "Beginner"),
                    ("intermediate", "Intermediate"),
                    ("advanced", "Advanced"),
                ],
                default="",
                max_length=12,
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="questiondocument",
            name="round_type",
            field=models.CharField(
                choices=[
                    ("concept", "Concept"),
                    ("coding", "Coding"),
                    ("system_design", "System design"),
                    ("operations", "Operations & debugging"),
                    ("behavioural", "Behavioural"),
                ],
                default="",
                max_length=16,
            ),
            preserve_default=False,
        ),
        migrations.RunPython(
            copy_level_and_round, migrations.RunPython.noop, hints={"vendor": "postgresql"}
        ),
    ]
