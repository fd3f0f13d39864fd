"""The spaced-repetition scheduler (fsrs 6) wrapped around ReviewCard and ReviewLog.

fsrs works in UTC datetimes; every time passed in here is made UTC first. A learner's status
for a question follows from their card alone: new, learning, due or confident
(study.models.Status; Question.objects.with_learner_state computes it in SQL).
"""

from datetime import UTC, datetime, timedelta

import fsrs
from django.core.cache import caches
from django.db import transaction
from django.utils import timezone

from questions.models import Question
from study.models import ReviewCard, ReviewLog

SCHEDULER = fsrs.Scheduler(desired_retention=0.9)
CONFIDENT_STABILITY_DAYS = 7.0


def utc(moment: datetime | None = None) -> datetime:
    return (moment or timezone.now()).astimezone(UTC)


def to_fsrs(card: ReviewCard) -> fsrs.Card:
    return fsrs.Card(
        card_id=card.pk or 0,
        state=fsrs.State(card.state),
        step=card.step,
        stability=card.stability,
        difficulty=card.difficulty,
        due=utc(card.due),
        last_review=utc(card.last_review) if card.last_review else None,
    )


def confident_until(card: fsrs.Card) -> datetime | None:
    """Until when a well-learned card counts as "confident", or None if it is not well learned.

    Confident: in review, stable for at least a week, and still recalled with at least 90%
    probability. In FSRS a card's stability is exactly the time after its last review at which
    recall drops to 90%, so the moment is last_review + stability days.
    """
    if (
        card.state != fsrs.State.Review
        or card.stability is None
        or card.last_review is None
        or card.stability < CONFIDENT_STABILITY_DAYS
    ):
        return None
    return card.last_review + timedelta(days=card.stability)


def suggested_rating(covered: int, total: int) -> int:
    """A rating from the share of strong-answer points the learner covered."""
    if total <= 0:
        return ReviewLog.Rating.GOOD
    share = covered / total
    if share >= 0.9:
        return ReviewLog.Rating.EASY
    if share >= 0.6:
        return ReviewLog.Rating.GOOD
    if share >= 0.3:
        return ReviewLog.Rating.HARD
    return ReviewLog.Rating.AGAIN


def add_cards(user, questions) -> int:
    """Put questions into the learner's review queue, due now; existing cards are untouched."""
    now = timezone.now()
    cards = [ReviewCard(user=user, question=question, due=now) for question in questions]
    before = ReviewCard.objects.for_user(user).count()
    ReviewCard.objects.bulk_create(cards, ignore_conflicts=True)
    forget_due_count(user)
    return ReviewCard.objects.for_user(user).count() - before


def review(
    user,
    question: Question,
    rating: int,
    *,
    now: datetime | None = None,
    covered: int = 0,
    total: int = 0,
    duration_ms: int | None = None,
    source: str = ReviewLog.Origin.REVIEW,
) -> ReviewLog:
    """Rate the learner's recall of `question`: update the card (creating it if needed), log it."""
    now = utc(now)
    with transaction.atomic():
        card, _ = ReviewCard.objects.select_for_update().get_or_create(
            user=user, question=question, defaults={"due": now}
        )
        updated, _ = SCHEDULER.review_card(to_fsrs(card), fsrs.Rating(rating), now, duration_ms)
        card.state = updated.state.value
        card.step = updated.step
        card.stability = updated.stability
        card.difficulty = updated.difficulty
        card.due = updated.due
        card.last_review = updated.last_review
        card.confident_until = confident_until(updated)
        card.save(
            update_fields=[
                "state",
                "step",
                "stability",
                "difficulty",
                "due",
                "last_review",
                "confident_until",
            ]
        )
        log = ReviewLog.objects.create(
            user=user,
            card=card,
            question=question,
            rating=rating,
            reviewed_at=now,
            review_duration=duration_ms,
            covered_points=covered,
            total_points=total,
            source=source,
        )
    forget_due_count(user)
    return log


def due_count_key(user) -> str:
    return f"due-count:{user.pk}"


def due_count(user) -> int:
    """How many of the learner's cards are due now; cached briefly, dropped on every change.

    In the shared cache: a review answered in one worker process must update every worker's count.
    """
    cache = caches["shared"]
    count = cache.get(due_count_key(user))
    if count is None:
        now = timezone.now()
        count = ReviewCard.objects.due_for(user, now).count()
        cache.set(due_count_key(user), count, timeout=60)
    return count


def forget_due_count(user) -> None:
    caches["shared"].delete(due_count_key(user))


def activity_by_day(user, days: int) -> dict:
    """date -> number of reviews, for the last `days` days (UTC)."""
    since = utc() - timedelta(days=days)
    counts: dict = {}
    for moment in (
        ReviewLog.objects.for_user(user)
        .filter(reviewed_at__gte=since)
        .values_list("reviewed_at", flat=True)
    ):
        day = utc(moment).date()
        counts[day] = counts.get(day, 0) + 1
    return counts
