"""The spaced-repetition scheduler (fsrs 6) wrapped around ReviewCard and ReviewLog.

fsrs works in UTC datetimes; every time passed in here is made UTC first. A learner's status
for a question follows from their card alone: new, learning, due or confident.
"""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import fsrs
from django.core.cache import caches
from django.db import transaction
from django.utils import timezone

from questions.models import Question, ReviewCard, ReviewLog

SCHEDULER = fsrs.Scheduler(desired_retention=0.9)
CONFIDENT_RECALL = 0.9
CONFIDENT_STABILITY_DAYS = 7.0


class Status:
    NEW = "new"
    LEARNING = "learning"
    DUE = "due"
    CONFIDENT = "confident"

    CHOICES = [
        (NEW, "New"),
        (LEARNING, "Learning"),
        (DUE, "Due"),
        (CONFIDENT, "Confident"),
    ]
    LABELS = dict(CHOICES)


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


@dataclass(frozen=True)
class CardState:
    """The few card fields status needs; built from a ReviewCard or a values() row."""

    state: int
    due: datetime
    stability: float | None
    last_review: datetime | None

    @classmethod
    def of(cls, card) -> "CardState":
        if isinstance(card, dict):
            return cls(card["state"], card["due"], card["stability"], card["last_review"])
        return cls(card.state, card.due, card.stability, card.last_review)


def recall_probability(card: CardState, now: datetime | None = None) -> float:
    if card.stability is None or card.last_review is None:
        return 0.0
    fsrs_card = fsrs.Card(
        state=fsrs.State(card.state),
        stability=card.stability,
        difficulty=5.0,
        due=utc(card.due),
        last_review=utc(card.last_review),
    )
    return SCHEDULER.get_card_retrievability(fsrs_card, utc(now))


def status_of(card: CardState | None, now: datetime | None = None) -> str:
    if card is None:
        return Status.NEW
    now = utc(now)
    if utc(card.due) <= now:
        return Status.DUE
    if (
        card.state == ReviewCard.State.REVIEW
        and (card.stability or 0) >= CONFIDENT_STABILITY_DAYS
        and recall_probability(card, now) >= CONFIDENT_RECALL
    ):
        return Status.CONFIDENT
    return Status.LEARNING


def statuses_for(user, now: datetime | None = None) -> dict[int, str]:
    """question id -> status for every question the learner has a card for (one query)."""
    rows = ReviewCard.objects.for_user(user).values(
        "question_id", "state", "due", "stability", "last_review"
    )
    return {row["question_id"]: status_of(CardState.of(row), now) for row in rows}


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
    source: str = ReviewLog.Source.REVIEW,
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
        card.save(update_fields=["state", "step", "stability", "difficulty", "due", "last_review"])
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


def _due_key(user) -> str:
    return f"due-count:{user.pk}"


def due_count(user) -> int:
    """How many of the learner's cards are due now; cached briefly, dropped on every change.

    In the shared cache: a review answered in one worker process must update every worker's count.
    """
    cache = caches["shared"]
    count = cache.get(_due_key(user))
    if count is None:
        now = timezone.now()
        count = ReviewCard.objects.due_for(user, now).count()
        cache.set(_due_key(user), count, timeout=60)
    return count


def forget_due_count(user) -> None:
    caches["shared"].delete(_due_key(user))


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
