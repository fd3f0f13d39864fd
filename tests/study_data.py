"""A learner with a row of every kind of study data, for the export, import and deletion tests."""

from datetime import UTC, datetime, timedelta

from study import scheduling
from study.models import Bookmark, MockAnswer, MockInterview, Note
from tests.factories import QuestionFactory, TopicFactory

START = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)


def fill_study_data(user, questions=None) -> list:
    """Bookmarks, a note, review cards with logs, a finished mock interview; returns questions."""
    if questions is None:
        topic = TopicFactory(slug="databases", name="Databases")
        questions = [
            QuestionFactory(slug=f"{user.username}-q{i}", topics=[topic]) for i in range(3)
        ]
    first, second, third = questions[:3]
    Bookmark.objects.create(user=user, question=first, created_at=START)
    Bookmark.objects.create(user=user, question=second, created_at=START + timedelta(minutes=1))
    Note.objects.create(
        user=user,
        question=first,
        body="My **own** words.\n\n```python\nprint('x')\n```\n",
        created_at=START,
        updated_at=START + timedelta(hours=1),
    )
    scheduling.review(user, first, 3, now=START, covered=2, total=3, duration_ms=41_000)
    scheduling.review(user, first, 4, now=START + timedelta(days=3))
    scheduling.review(user, second, 1, now=START + timedelta(days=1), source="mock")
    interview = MockInterview.objects.create(
        user=user,
        levels="beginner",
        round_type="concept",
        started_at=START + timedelta(days=1),
        finished_at=START + timedelta(days=1, minutes=20),
    )
    interview.topics.set(first.topics.all())
    MockAnswer.objects.create(
        interview=interview,
        question=second,
        position=1,
        minutes=10,
        answer_text="I would shard by tenant.",
        started_at=START + timedelta(days=1),
        submitted_at=START + timedelta(days=1, minutes=9),
        rating=1,
        covered_points=0,
    )
    MockAnswer.objects.create(interview=interview, question=third, position=2, minutes=5)
    return questions
