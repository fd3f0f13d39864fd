"""The thin adapter between a learner's data and the pure planner (study/planner.py).

It reads the plan's settings, the published questions in its focus, the learner's review cards
and review history into the planner's plain dataclasses, asks for a plan, and hands the pages
what they show: today's work with done and remaining, on track / ahead / behind, the calendar.
A plan is rebuilt on every request from the state on the day, so a missed day moves the work
forward and loses nothing.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from functools import cache

import fsrs
from django.db.models import Min, Sum
from django.utils import timezone

from questions.models import Question
from study import planner
from study.models import MockAnswer, ReviewCard, ReviewLog, StudyPlan
from study.scheduling import SCHEDULER

# A learner's own review times count once there are this many (the median of the latest 200).
MIN_TIMED_REVIEWS = 10
TIMED_REVIEWS = 200
REVIEW_MINUTES_RANGE = (0.5, 20.0)


@cache
def review_model() -> planner.ReviewModel:
    """How this site's fsrs scheduler spaces a card rated Good every time, in whole days.

    The same parameters without the fuzz fsrs adds to real intervals (a day or so either way),
    so the plan is the same on every request; re-planning each day absorbs the difference.
    """
    scheduler = fsrs.Scheduler(
        parameters=SCHEDULER.parameters,
        desired_retention=SCHEDULER.desired_retention,
        learning_steps=SCHEDULER.learning_steps,
        relearning_steps=SCHEDULER.relearning_steps,
        maximum_interval=SCHEDULER.maximum_interval,
        enable_fuzzing=False,
    )
    start = datetime(2026, 1, 1, 9, tzinfo=UTC)
    card, now, gaps, same_day, last_day = fsrs.Card(), start, [], 0, start.date()
    for _ in range(12):
        card, _ = scheduler.review_card(card, fsrs.Rating.Good, now)
        now = card.due
        gap = (now.date() - last_day).days
        if gap == 0:
            same_day += 1
        else:
            gaps.append(gap)
            last_day = now.date()
        if now - start > timedelta(days=planner.MAX_PLAN_DAYS):
            break
    return planner.ReviewModel(gaps=tuple(gaps), same_day=same_day)


def local_date(moment: datetime, zone=None) -> date:
    """The learner's calendar date of `moment` (pass `zone` in loops: looking it up is slow)."""
    return moment.astimezone(zone or timezone.get_current_timezone()).date()


def review_minutes(user) -> tuple[float, bool]:
    """Minutes a review takes this learner (median of their timed reviews), and whether it was
    measured; otherwise planner.DEFAULT_REVIEW_MINUTES."""
    durations = list(
        ReviewLog.objects.for_user(user)
        .filter(source=ReviewLog.Origin.REVIEW, review_duration__isnull=False)
        .order_by("-reviewed_at")
        .values_list("review_duration", flat=True)[:TIMED_REVIEWS]
    )
    if len(durations) < MIN_TIMED_REVIEWS:
        return planner.DEFAULT_REVIEW_MINUTES, False
    low, high = REVIEW_MINUTES_RANGE
    return round(min(high, max(low, statistics.median(durations) / 60_000)), 1), True


@dataclass(frozen=True)
class BankQuestion:
    id: int
    slug: str
    prompt: str
    level: str
    round_type: str
    minutes: int
    topics: tuple[int, ...]

    def get_absolute_url(self) -> str:
        return Question(slug=self.slug).get_absolute_url()


def bank() -> list[BankQuestion]:
    """Every published question, in study order, with its topics (two queries)."""
    topics: dict[int, list[int]] = {}
    for question_id, topic_id in (
        Question.topics.through.objects.filter(question__is_published=True)
        .order_by()
        .values_list("question_id", "topic_id")
    ):
        topics.setdefault(question_id, []).append(topic_id)
    rows = (
        Question.objects.published()
        .order_by()
        .values_list("pk", "slug", "prompt", "level", "round_type", "expected_minutes", "position")
    )
    # Study order (Question.objects.in_study_order), sorted here: cheaper than its CASE in SQL.
    levels = {value: index for index, value in enumerate(Question.Level.values)}
    rows = sorted(rows, key=lambda row: (levels.get(row[3], len(levels)), row[6], row[0]))
    return [
        BankQuestion(pk, slug, prompt, level, round_type, minutes, tuple(topics.get(pk, ())))
        for pk, slug, prompt, level, round_type, minutes, _ in rows
    ]


def in_focus(question: BankQuestion, levels, round_types, topics) -> bool:
    return (
        (not levels or question.level in levels)
        and (not round_types or question.round_type in round_types)
        and (not topics or any(topic in topics for topic in question.topics))
    )


@dataclass
class History:
    """What the learner did: the day each question was first reviewed, and per-day counts."""

    first_review: dict[int, date]
    new_by_day: dict[date, int]
    reviews_by_day: dict[date, int]
    cards: list[planner.CardState]
    mock_minutes_today: int = 0
    mocks_today: int = 0


def history(user, since: date, today: date) -> History:
    zone = timezone.get_current_timezone()
    firsts = {
        row["question"]: row["first"]
        for row in ReviewLog.objects.for_user(user)
        .values("question")
        .annotate(first=Min("reviewed_at"))
    }
    first_review = {question: local_date(moment, zone) for question, moment in firsts.items()}
    new_by_day: dict[date, int] = {}
    reviews_by_day: dict[date, int] = {}
    start = timezone.make_aware(datetime.combine(min(since, today), datetime.min.time()))
    for question, moment in (
        ReviewLog.objects.for_user(user)
        .filter(reviewed_at__gte=start, source=ReviewLog.Origin.REVIEW)
        .order_by()
        .values_list("question", "reviewed_at")
    ):
        counts = new_by_day if firsts.get(question) == moment else reviews_by_day
        day = local_date(moment, zone)
        counts[day] = counts.get(day, 0) + 1
    cards = [
        planner.CardState(
            question_id=question,
            due=local_date(due, zone),
            interval_days=max(0, (local_date(due, zone) - local_date(last_review, zone)).days),
        )
        for question, due, last_review in ReviewCard.objects.for_user(user)
        .filter(question__is_published=True, last_review__isnull=False)
        .order_by()
        .values_list("question", "due", "last_review")
    ]
    today_start = timezone.make_aware(datetime.combine(today, datetime.min.time()))
    mocks = MockAnswer.objects.filter(
        interview__user=user, interview__finished_at__gte=today_start
    ).aggregate(minutes=Sum("minutes"))
    done_mocks = (
        user.mock_interviews.filter(finished_at__gte=today_start).count() if mocks["minutes"] else 0
    )
    return History(
        first_review, new_by_day, reviews_by_day, cards, mocks["minutes"] or 0, done_mocks
    )


@dataclass
class Today:
    day: planner.PlanDay | None  # None on a rest day
    new_remaining: list[BankQuestion]
    new_done: int
    reviews_remaining: int
    reviews_done: int
    mock: planner.MockSession | None
    mock_done: bool
    next_study_day: date | None

    @property
    def done(self) -> int:
        return self.new_done + self.reviews_done + int(self.mock_done)

    @property
    def total(self) -> int:
        remaining = len(self.new_remaining) + self.reviews_remaining
        return self.done + remaining + int(self.mock is not None and not self.mock_done)

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 100

    @property
    def reading_minutes(self) -> int:
        return sum(question.minutes for question in self.new_remaining)


@dataclass
class PlanView:
    settings: StudyPlan
    plan: planner.Plan
    questions: dict[int, BankQuestion]
    focus_total: int
    learnt: int
    minutes_per_day: int
    review_minutes: float
    review_minutes_measured: bool
    standing: planner.Standing
    today: Today
    history: History
    spent_today: float = 0.0
    topic_slugs: list[str] = field(default_factory=list)
    focus_topics: dict[int, int] = field(default_factory=dict)  # topic id -> questions left
    beginner_left: int = 0

    @property
    def remaining(self) -> int:
        return len(self.plan.scheduled) + len(self.plan.unscheduled)

    @property
    def days_left(self) -> int:
        return (self.settings.interview_date - self.plan.today).days

    @property
    def far_behind(self) -> bool:
        return not self.plan.problem and not self.plan.fits

    def upcoming(self, count: int = 7) -> list[tuple[planner.PlanDay, list[BankQuestion]]]:
        return [
            (day, [self.questions[pk] for pk in day.new])
            for day in self.plan.days[:count]
            if not day.is_empty
        ]


def baseline_of(data: dict) -> planner.Baseline | None:
    if not data or "total" not in data:
        return None
    days = tuple(sorted((date.fromisoformat(day), n) for day, n in data.get("days", {}).items()))
    return planner.Baseline(data["total"], days)


def for_user(user) -> StudyPlan | None:
    settings = StudyPlan.objects.for_user(user).first()
    if settings is not None:
        settings.user = user  # already loaded: no query for it
    return settings


def build(settings: StudyPlan, today: date | None = None) -> PlanView:
    """The learner's plan as of `today` (their local date), rebuilt from their state."""
    today = today or timezone.localdate()
    user = settings.user
    questions = bank()
    by_id = {question.id: question for question in questions}
    past = history(user, settings.planned_on, today)
    minutes, measured = review_minutes(user)
    levels, round_types = set(settings.level_list), set(settings.round_type_list)
    topic_rows = list(settings.topics.order_by().values_list("pk", "slug"))
    topics = {pk for pk, _ in topic_rows}
    focus = [q for q in questions if in_focus(q, levels, round_types, topics)]
    unread = [q for q in focus if q.id not in past.first_review]
    per_day = planner.minutes_per_study_day(
        settings.time_amount, settings.time_unit, settings.weekday_set
    )
    learnt_today = [pk for pk, day in past.first_review.items() if day == today]
    spent = sum(by_id[pk].minutes for pk in learnt_today if pk in by_id)
    spent += past.reviews_by_day.get(today, 0) * minutes + past.mock_minutes_today
    request = planner.PlanRequest(
        today=today,
        interview_date=settings.interview_date,
        minutes_per_day=per_day,
        weekdays=settings.weekday_set,
        questions=tuple(
            planner.PlanQuestion(q.id, q.minutes, q.level, q.round_type, q.topics) for q in unread
        ),
        cards=tuple(past.cards),
        review_minutes=minutes,
        mock_rounds=mock_rounds(questions, levels, round_types, topics),
        spent_today=spent,
        review_model=review_model(),
    )
    plan = planner.build_plan(request)
    baseline = baseline_of(settings.baseline) or planner.Baseline.of(plan, len(unread))
    day = plan.day(today)
    focus_ids = {q.id for q in focus}
    today_view = Today(
        day=day,
        new_remaining=[by_id[pk] for pk in day.new] if day else [],
        new_done=sum(1 for pk in learnt_today if pk in focus_ids),
        reviews_remaining=day.reviews if day else 0,
        reviews_done=past.reviews_by_day.get(today, 0)
        + sum(1 for pk in learnt_today if pk not in focus_ids),
        mock=day.mock if day else None,
        mock_done=bool(past.mocks_today),
        next_study_day=next((d.day for d in plan.days if d.day > today), None),
    )
    focus_topics: dict[int, int] = {}
    for question in unread:
        for topic in question.topics:
            focus_topics[topic] = focus_topics.get(topic, 0) + 1
    return PlanView(
        settings=settings,
        plan=plan,
        questions=by_id,
        focus_total=len(focus),
        learnt=len(focus) - len(unread),
        minutes_per_day=per_day,
        review_minutes=minutes,
        review_minutes_measured=measured,
        standing=planner.standing(baseline, len(unread), today),
        today=today_view,
        history=past,
        spent_today=spent,
        topic_slugs=[slug for _, slug in topic_rows],
        focus_topics=focus_topics,
        beginner_left=sum(1 for q in unread if q.level == Question.Level.BEGINNER),
    )


def mock_rounds(questions, levels, round_types, topics) -> tuple[planner.MockRound, ...]:
    """The rounds to rehearse: the chosen round types (or one mixed round), each paced by the
    median expected minutes of its questions in the plan's levels and topics."""
    pool = [q for q in questions if in_focus(q, levels, (), topics)]
    rounds = []
    for value in sorted(round_types, key=Question.RoundType.values.index) or [""]:
        minutes = [q.minutes for q in pool if not value or q.round_type == value]
        if minutes:
            label = Question.RoundType(value).label if value else "Mixed"
            rounds.append(planner.MockRound(value, label, round(statistics.median(minutes))))
    return tuple(rounds)


def replan(settings: StudyPlan, today: date | None = None) -> PlanView:
    """Make the plan afresh from today (after its settings changed) and keep its baseline."""
    today = today or timezone.localdate()
    settings.planned_on = today
    settings.baseline = {}
    view = build(settings, today)
    baseline = planner.Baseline.of(view.plan, view.remaining)
    settings.baseline = {
        "total": baseline.total,
        "days": {day.isoformat(): count for day, count in baseline.per_day},
    }
    settings.updated_at = timezone.now()
    settings.save(update_fields=["planned_on", "baseline", "updated_at"])
    view.standing = planner.Standing("on-track")
    return view
