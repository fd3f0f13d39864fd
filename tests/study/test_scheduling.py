"""The fsrs wiring: UTC times, due ordering, every rating, status derivation."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import fsrs
import pytest

from questions.models import Question
from study import scheduling
from study.models import ReviewCard, ReviewLog, Status
from study.scheduling import suggested_rating
from tests.factories import QuestionFactory

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)


def test_reviews_are_stored_in_utc_even_from_a_local_time(owner):
    local = NOW.astimezone(ZoneInfo("America/Los_Angeles"))
    log = scheduling.review(owner, QuestionFactory(), ReviewLog.Rating.GOOD, now=local)
    card = log.card
    assert log.reviewed_at == NOW
    assert card.last_review == NOW
    assert card.due.utcoffset() == timedelta(0)


@pytest.mark.parametrize("rating", list(ReviewLog.Rating))
def test_each_rating_updates_the_card_and_logs_once(owner, rating):
    question = QuestionFactory()
    log = scheduling.review(owner, question, rating, now=NOW, covered=2, total=4)
    card = ReviewCard.objects.get(user=owner, question=question)
    assert card.last_review == NOW
    assert card.due > NOW
    assert card.stability is not None
    assert (log.rating, log.covered_points, log.total_points) == (rating, 2, 4)
    assert ReviewLog.objects.filter(card=card).count() == 1


def test_better_ratings_push_the_next_review_further_out(owner):
    dues = {}
    for rating in ReviewLog.Rating:
        dues[rating] = scheduling.review(owner, QuestionFactory(), rating, now=NOW).card.due
    assert dues[1] <= dues[2] <= dues[3] <= dues[4]
    assert dues[1] < dues[4]


def test_repeated_good_reviews_grow_the_interval(owner):
    question = QuestionFactory()
    when = NOW
    intervals = []
    for _ in range(4):
        card = scheduling.review(owner, question, ReviewLog.Rating.GOOD, now=when).card
        intervals.append(card.due - when)
        when = card.due
    assert intervals[-1] > intervals[0]
    assert card.state == ReviewCard.State.REVIEW


def test_due_cards_come_most_overdue_first_and_future_ones_wait(owner):
    late, later, future = QuestionFactory(), QuestionFactory(), QuestionFactory()
    ReviewCard.objects.create(user=owner, question=later, due=NOW - timedelta(hours=1))
    ReviewCard.objects.create(user=owner, question=late, due=NOW - timedelta(days=2))
    ReviewCard.objects.create(user=owner, question=future, due=NOW + timedelta(days=1))
    due = list(ReviewCard.objects.due_for(owner, NOW).values_list("question", flat=True))
    assert due == [late.pk, later.pk]


def test_unpublished_questions_are_never_due(owner):
    draft = QuestionFactory(is_published=False)
    ReviewCard.objects.create(user=owner, question=draft, due=NOW - timedelta(days=1))
    assert not ReviewCard.objects.due_for(owner, NOW).exists()


def status(owner, question, now) -> str:
    """The status a page shows: Question.objects.with_learner_state, computed in SQL."""
    return Question.objects.with_learner_state(owner, now).get(pk=question.pk).study_status


def card(owner, state, due, stability, last_review) -> ReviewCard:
    """A card as scheduling.review leaves it, confident_until included."""
    fsrs_card = fsrs.Card(
        state=fsrs.State(state), stability=stability, due=due, last_review=last_review
    )
    return ReviewCard.objects.create(
        user=owner,
        question=QuestionFactory(),
        state=state,
        stability=stability,
        due=due,
        last_review=last_review,
        confident_until=scheduling.confident_until(fsrs_card),
    )


def test_status_follows_from_the_card(owner):
    assert status(owner, QuestionFactory(), NOW) == Status.NEW
    due = card(owner, 2, NOW - timedelta(minutes=1), 30.0, NOW - timedelta(30))
    assert status(owner, due.question, NOW) == Status.DUE
    learning = card(owner, 1, NOW + timedelta(minutes=10), 2.0, NOW)
    assert status(owner, learning.question, NOW) == Status.LEARNING
    young = card(owner, 2, NOW + timedelta(days=3), 3.0, NOW)
    assert status(owner, young.question, NOW) == Status.LEARNING
    stable = card(owner, 2, NOW + timedelta(days=30), 40.0, NOW)
    assert status(owner, stable.question, NOW) == Status.CONFIDENT


def test_confidence_fades_when_recall_drops_below_90_percent(owner):
    """FSRS stability is the time at which recall falls to 90%: confident until then."""
    stable = card(owner, 2, NOW + timedelta(days=400), 10.0, NOW)
    assert status(owner, stable.question, NOW + timedelta(days=1)) == Status.CONFIDENT
    assert status(owner, stable.question, NOW + timedelta(days=9)) == Status.CONFIDENT
    assert status(owner, stable.question, NOW + timedelta(days=11)) == Status.LEARNING
    at_ten_days = fsrs.Card(
        state=fsrs.State.Review, stability=10.0, difficulty=5.0, due=NOW, last_review=NOW
    )
    recall = scheduling.SCHEDULER.get_card_retrievability(at_ten_days, NOW + timedelta(days=10))
    assert recall == pytest.approx(0.9, abs=0.001)


@pytest.mark.parametrize(
    ("covered", "total", "expected"),
    [(0, 5, 1), (1, 5, 1), (2, 5, 2), (3, 5, 3), (4, 5, 3), (5, 5, 4), (0, 0, 3)],
)
def test_suggested_rating_follows_the_ticked_share(covered, total, expected):
    assert suggested_rating(covered, total) == expected


def test_adding_cards_twice_keeps_existing_progress(owner):
    question = QuestionFactory()
    scheduling.review(owner, question, ReviewLog.Rating.EASY, now=NOW)
    assert scheduling.add_cards(owner, [question, QuestionFactory()]) == 1
    assert ReviewCard.objects.get(user=owner, question=question).last_review == NOW


def test_due_count_is_refreshed_after_a_review(owner):
    question = QuestionFactory()
    scheduling.add_cards(owner, [question])
    assert scheduling.due_count(owner) == 1
    scheduling.review(owner, question, ReviewLog.Rating.EASY)
    assert scheduling.due_count(owner) == 0


def test_content_reload_keeps_review_history(owner, content):
    import io

    from django.core.management import call_command

    question = Question.objects.get(slug="cap-theorem")
    scheduling.review(owner, question, ReviewLog.Rating.GOOD, now=NOW)
    call_command("load_content", "--force", stdout=io.StringIO())
    card = ReviewCard.objects.get(user=owner, question__slug="cap-theorem")
    assert card.last_review == NOW
    assert ReviewLog.objects.filter(card=card).count() == 1
