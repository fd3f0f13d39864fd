"""Hand Bookmark, Note, ReviewCard, ReviewLog, MockInterview and MockAnswer to the study app.

State only: the tables keep their names (study models set db_table) and every row stays where
it is. study/migrations/0001_initial.py creates the same models in the study app's state.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("questions", "0006_drop_sql_search_index"),
        ("study", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveConstraint(
                    model_name="bookmark",
                    name="bookmark_once_per_user",
                ),
                migrations.RemoveConstraint(
                    model_name="mockanswer",
                    name="mock_answer_position_unique",
                ),
                migrations.RemoveField(
                    model_name="mockinterview",
                    name="topics",
                ),
                migrations.RemoveField(
                    model_name="mockinterview",
                    name="user",
                ),
                migrations.RemoveConstraint(
                    model_name="note",
                    name="note_once_per_user",
                ),
                migrations.RemoveIndex(
                    model_name="reviewcard",
                    name="review_card_user_due",
                ),
                migrations.RemoveConstraint(
                    model_name="reviewcard",
                    name="review_card_once_per_user",
                ),
                migrations.RemoveIndex(
                    model_name="reviewlog",
                    name="review_log_user_time",
                ),
                migrations.RemoveField(
                    model_name="mockanswer",
                    name="interview",
                ),
                migrations.RemoveField(
                    model_name="mockanswer",
                    name="question",
                ),
                migrations.RemoveField(
                    model_name="note",
                    name="question",
                ),
                migrations.RemoveField(
                    model_name="note",
                    name="user",
                ),
                migrations.RemoveField(
                    model_name="reviewcard",
                    name="question",
                ),
                migrations.RemoveField(
                    model_name="reviewcard",
                    name="user",
                ),
                migrations.RemoveField(
                    model_name="reviewlog",
                    name="card",
                ),
                migrations.RemoveField(
                    model_name="reviewlog",
                    name="question",
                ),
                migrations.RemoveField(
                    model_name="reviewlog",
                    name="user",
                ),
                migrations.DeleteModel(
                    name="Bookmark",
                ),
                migrations.DeleteModel(
                    name="MockInterview",
                ),
                migrations.DeleteModel(
                    name="MockAnswer",
                ),
                migrations.DeleteModel(
                    name="Note",
                ),
                migrations.DeleteModel(
                    name="ReviewCard",
                ),
                migrations.DeleteModel(
                    name="ReviewLog",
                ),
            ]
        )
    ]
