"""Moving the per-user models from `questions` to `study` keeps every learner's row."""

from datetime import UTC, datetime, timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.loader import MigrationLoader

from study.models import Bookmark, MockAnswer, MockInterview, Note, ReviewCard, ReviewLog

BEFORE = [("questions", "0005_search_filters")]
WHEN = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)


def historical_models(targets):
    return MigrationLoader(connection).project_state(targets).apps


def fill_the_old_layout(apps) -> None:
    """A learner's data as it was stored before the split, through the models of that time."""
    user = apps.get_model("auth", "User").objects.create(username="learner", password="x")
    topic = apps.get_model("questions", "Topic").objects.create(slug="dbs", name="Databases")
    question_model = apps.get_model("questions", "Question")
    question = question_model.objects.create(
        slug="q1", prompt="What is MVCC?", level="advanced", answer="Versions."
    )
    question.topics.add(topic)
    app = "questions"
    apps.get_model(app, "Bookmark").objects.create(user=user, question=question)
    apps.get_model(app, "Note").objects.create(
        user=user, question=question, body="My note", version=3
    )
    card = apps.get_model(app, "ReviewCard").objects.create(
        user=user,
        question=question,
        state=2,
        stability=20.0,
        difficulty=5.0,
        due=WHEN + timedelta(days=20),
        last_review=WHEN,
    )
    apps.get_model(app, "ReviewLog").objects.create(
        user=user, card=card, question=question, rating=3, reviewed_at=WHEN, source="mock"
    )
    interview = apps.get_model(app, "MockInterview").objects.create(
        user=user, levels="advanced", minutes_per_question=7
    )
    interview.topics.add(topic)
    apps.get_model(app, "MockAnswer").objects.create(
        interview=interview, question=question, position=1, answer_text="Snapshots", rating=3
    )


@pytest.mark.django_db(transaction=True)
def test_migrating_to_the_new_layout_keeps_every_row():
    call_command("migrate", "questions", "0005_search_filters", verbosity=0)
    fill_the_old_layout(historical_models(BEFORE))

    call_command("migrate", verbosity=0)

    assert Bookmark.objects.get().question.slug == "q1"
    note = Note.objects.get()
    assert (note.body, note.version, note.user.username) == ("My note", 3, "learner")
    card = ReviewCard.objects.get()
    assert (card.state, card.stability, card.last_review) == (2, 20.0, WHEN)
    assert card.confident_until == WHEN + timedelta(days=20)
    log = ReviewLog.objects.get()
    assert (log.rating, log.source, log.card) == (3, ReviewLog.Origin.MOCK, card)
    interview = MockInterview.objects.get()
    assert [topic.slug for topic in interview.topics.all()] == ["dbs"]
    answer = MockAnswer.objects.get()
    assert (answer.answer_text, answer.minutes, answer.interview) == ("Snapshots", 7, interview)
