"""A study plan to an interview date: pure functions over plain data.

Nothing here touches the database, the clock or Django: `study/plans.py` reads a learner's
plan settings, the question bank and their review cards into the dataclasses below, and this
module answers with a `Plan`, so every rule can be tested (tests/study/test_planner.py, with
hypothesis) without the web.

The rules, in the order `build_plan` applies them to each study day's minutes:

1. **Reviews of what the learner already knows** come first: each card's next review on its
   due date (overdue ones today), then further reviews spaced as fsrs spaces a card rated Good
   (`ReviewModel`). A review that finds no room on its day moves to the next study day with
   room; one that finds none before the interview is counted in `unplaced_reviews`.
2. **Timed mock interviews** on the study days of the final stretch (the last third of the
   time, at most a week), one round type after another, each at most half the day (but one
   question at least) and shortened to fit, or dropped when not even one question fits.
3. **New questions**, in the order given, on the earliest day whose minutes hold the reading
   (its expected minutes plus the same-day learning step) *and* where every review fsrs will
   ask for before the interview (at least two, on later days) finds room. New reading therefore
   stops early enough that everything learnt gets two reviews. What finds no room at all is
   `unscheduled`: the plan says so instead of overloading a day.

No day's planned minutes exceed its budget. Missing days loses nothing: a plan is rebuilt from
the learner's state on the day (unread questions are still in the queue, overdue cards are due
today), so the work moves forward.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

# Minutes per review when the learner has no timed reviews yet (see plans.review_minutes).
DEFAULT_REVIEW_MINUTES = 3.0
MIN_REVIEWS = 2
MOCK_QUESTIONS = 3
FINAL_STRETCH_MAX_DAYS = 7
MAX_PLAN_DAYS = 366
EPSILON = 1e-9


@dataclass(frozen=True)
class PlanQuestion:
    """A question the learner has not learnt yet, with what the planner needs of it."""

    id: int
    minutes: int
    level: str = ""
    round_type: str = ""
    topics: tuple[int, ...] = ()


@dataclass(frozen=True)
class CardState:
    """A question the learner has reviewed at least once: when fsrs next wants it."""

    question_id: int
    due: date
    interval_days: int = 0  # from its last review to its due date


@dataclass(frozen=True)
class MockRound:
    """A kind of mock interview to rehearse: a round type ("" for mixed) and its pace."""

    round_type: str
    label: str
    minutes_per_question: int


@dataclass(frozen=True)
class ReviewModel:
    """How fsrs spaces a card its learner keeps rating Good.

    `gaps`: days from one review to the next, starting with the reading day; `same_day`: the
    learning steps fsrs asks for on the reading day itself (counted in the reading's time).
    """

    gaps: tuple[int, ...] = (2, 11, 46, 163, 498)  # study.plans.review_model() at fsrs 6.3
    same_day: int = 1

    def gaps_after(self, interval_days: int) -> tuple[int, ...]:
        """The gaps after a card's next review, for a card now `interval_days` apart."""
        for index, gap in enumerate(self.gaps):
            if gap > interval_days:
                return self.gaps[index:]
        return ()


@dataclass(frozen=True)
class PlanRequest:
    today: date
    interview_date: date
    minutes_per_day: int  # on each study day
    weekdays: frozenset[int]  # 0 = Monday
    questions: tuple[PlanQuestion, ...]  # still to read, in the order to read them
    cards: tuple[CardState, ...] = ()
    review_minutes: float = DEFAULT_REVIEW_MINUTES
    mock_rounds: tuple[MockRound, ...] = ()
    spent_today: float = 0.0  # minutes already studied today
    review_model: ReviewModel = field(default_factory=ReviewModel)


@dataclass(frozen=True)
class MockSession:
    round_type: str
    label: str
    questions: int
    minutes: int


@dataclass
class PlanDay:
    day: date
    budget: float
    new: list[int] = field(default_factory=list)
    reading_minutes: float = 0.0
    reviews: int = 0
    review_minutes: float = 0.0
    mock: MockSession | None = None

    @property
    def used(self) -> float:
        return self.reading_minutes + self.review_minutes + (self.mock.minutes if self.mock else 0)

    @property
    def is_empty(self) -> bool:
        return not self.new and not self.reviews and self.mock is None


@dataclass
class Plan:
    today: date
    interview_date: date
    days: list[PlanDay] = field(default_factory=list)
    unscheduled: list[int] = field(default_factory=list)
    unplaced_reviews: int = 0
    last_reading_day: date | None = None
    problem: str = ""  # set when there is no plan at all, and why
    review_days: dict[int, list[date]] = field(default_factory=dict)  # new question -> reviews

    @property
    def scheduled(self) -> list[int]:
        return [question for day in self.days for question in day.new]

    @property
    def fits(self) -> bool:
        return not self.problem and not self.unscheduled and not self.unplaced_reviews

    def day(self, when: date) -> PlanDay | None:
        return next((day for day in self.days if day.day == when), None)


def study_days(today: date, interview_date: date, weekdays: Iterable[int]) -> list[date]:
    """The learner's study days from today up to the day before the interview."""
    chosen = set(weekdays)
    span = min((interview_date - today).days, MAX_PLAN_DAYS)
    days = (today + timedelta(days=offset) for offset in range(max(span, 0)))
    return [day for day in days if day.weekday() in chosen]


def check(request: PlanRequest) -> str:
    """Why no plan can be made from `request`, in a sentence; "" when one can."""
    when = f"{request.interview_date:%A %-d %B %Y}"
    if request.interview_date < request.today:
        return f"Your interview date, {when}, has passed. Set the date of your next interview."
    if request.interview_date == request.today:
        return "Your interview is today: there is no study day left to plan. Good luck!"
    if (request.interview_date - request.today).days > MAX_PLAN_DAYS:
        return "The interview is more than a year away: plan at most a year ahead."
    if request.minutes_per_day <= 0:
        return "The plan has no study time: give at least a few minutes a study day."
    if not study_days(request.today, request.interview_date, request.weekdays):
        return "None of your study days falls before the interview: choose more days."
    return ""


class _Calendar:
    """Study days with the minutes left on each, and a quick "next day with room" lookup."""

    def __init__(self, request: PlanRequest, days: list[date]) -> None:
        self.today = request.today
        self.days = days
        self.span = (request.interview_date - request.today).days
        self.budget = [float(request.minutes_per_day)] * len(days)
        if days and days[0] == request.today:
            self.budget[0] = max(0.0, request.minutes_per_day - request.spent_today)
        self.free = list(self.budget)
        # first[offset]: the first study day on or after today + offset.
        self.first = [len(days)] * (self.span + 1)
        index = len(days)
        by_date = {day: i for i, day in enumerate(days)}
        for offset in range(self.span, -1, -1):
            index = by_date.get(request.today + timedelta(days=offset), index)
            self.first[offset] = index
        # Days too full for one review stay full (minutes are only ever taken): skip them.
        self.review_minutes = request.review_minutes
        self.skip = list(range(len(days) + 1))

    def offset(self, when: date) -> int:
        return (when - self.today).days

    def _next_open(self, index: int) -> int:
        root = index
        while self.skip[root] != root:
            root = self.skip[root]
        while self.skip[index] != root:
            self.skip[index], index = root, self.skip[index]
        return root

    def review_day(self, earliest: date) -> int | None:
        """The first study day on or after `earliest` with room for one review."""
        offset = max(self.offset(earliest), 0)
        if offset >= self.span:
            return None
        index = self._next_open(self.first[offset])
        while index < len(self.days) and self.free[index] < self.review_minutes - EPSILON:
            self.skip[index] = index + 1
            index = self._next_open(index + 1)
        return index if index < len(self.days) else None

    def take(self, index: int, minutes: float) -> None:
        self.free[index] -= minutes
        if self.free[index] < self.review_minutes - EPSILON:
            self.skip[index] = index + 1

    def review_chain(self, start: date, gaps: Sequence[int]) -> tuple[list[int], bool]:
        """Study days for the reviews after one on `start`, up to the interview, and whether
        every one of them found room (the chain stops at the first that does not).

        Each review day is strictly later than the one before it, so checking free minutes one
        review at a time is exact.
        """
        chain: list[int] = []
        when = start
        for gap in gaps:
            earliest = when + timedelta(days=gap)
            if self.offset(earliest) >= self.span:
                break
            index = self.review_day(earliest)
            if index is None:
                return chain, False
            chain.append(index)
            when = self.days[index]
        return chain, True

    def earliest_chain_end(self, start: date, gaps: Sequence[int]) -> date | None:
        """Ignoring free minutes: the day of the MIN_REVIEWS-th review after `start`, or None
        when it would not come before the interview."""
        when = start
        for gap in gaps[:MIN_REVIEWS]:
            offset = self.offset(when + timedelta(days=gap))
            if offset >= self.span or self.first[offset] >= len(self.days):
                return None
            when = self.days[self.first[offset]]
        return when


def build_plan(request: PlanRequest) -> Plan:
    """Lay the request out over the learner's study days (see the module's docstring)."""
    plan = Plan(today=request.today, interview_date=request.interview_date)
    plan.problem = check(request)
    if plan.problem:
        plan.unscheduled = [question.id for question in request.questions]
        return plan
    days = study_days(request.today, request.interview_date, request.weekdays)
    calendar = _Calendar(request, days)
    plan.days = [
        PlanDay(day=day, budget=budget) for day, budget in zip(days, calendar.budget, strict=True)
    ]
    review = request.review_minutes
    model = request.review_model

    def reserve_review(index: int) -> None:
        calendar.take(index, review)
        plan.days[index].reviews += 1
        plan.days[index].review_minutes += review

    # 1. Reviews of learnt cards, soonest due first.
    for card in sorted(request.cards, key=lambda card: (card.due, card.question_id)):
        when = max(card.due, request.today)
        if calendar.offset(when) >= calendar.span:
            continue  # next due after the interview
        index = calendar.review_day(when)
        if index is None:
            plan.unplaced_reviews += 1
            continue
        reserve_review(index)
        chain, complete = calendar.review_chain(days[index], model.gaps_after(card.interval_days))
        for following in chain:
            reserve_review(following)
        if not complete:
            plan.unplaced_reviews += 1

    # 2. Mock interviews in the final stretch.
    if request.mock_rounds:
        stretch = min(FINAL_STRETCH_MAX_DAYS, max(1, calendar.span // 3))
        first_mock = request.interview_date - timedelta(days=stretch)
        count = 0
        for index, day in enumerate(days):
            if day < first_mock:
                continue
            mock_round = request.mock_rounds[count % len(request.mock_rounds)]
            pace = max(1, mock_round.minutes_per_question)
            # At most half the day, so the stretch keeps room for reviews; one question at least.
            room = max(calendar.budget[index] / 2, pace)
            questions = min(
                MOCK_QUESTIONS, int((min(room, calendar.free[index]) + EPSILON) // pace)
            )
            if questions < 1:
                continue
            plan.days[index].mock = MockSession(
                mock_round.round_type, mock_round.label, questions, questions * pace
            )
            calendar.take(index, questions * pace)
            count += 1

    # 3. New questions, first fit, while their reviews still come before the interview.
    queue = list(request.questions)
    taken = [False] * len(queue)
    first = 0  # the first question not yet taken
    left = Counter(question.minutes for question in queue)
    same_day = model.same_day * review
    for index, day in enumerate(days):
        while first < len(queue) and taken[first]:
            first += 1
        if first == len(queue):
            break
        if calendar.earliest_chain_end(day, model.gaps) is None:
            break  # this day and every later one are too late for two reviews
        smallest = min(minutes for minutes, count in left.items() if count) + same_day
        for position in range(first, len(queue)):
            if calendar.free[index] + EPSILON < smallest:
                break  # not even the shortest question left fits today
            question = queue[position]
            cost = question.minutes + same_day
            if taken[position] or cost > calendar.free[index] + EPSILON:
                continue
            chain, complete = calendar.review_chain(day, model.gaps)
            if not complete or len(chain) < MIN_REVIEWS:
                break  # later ones would find no more room for their reviews either
            calendar.take(index, cost)
            taken[position] = True
            left[question.minutes] -= 1
            if not left[question.minutes] and any(left.values()):
                smallest = min(minutes for minutes, count in left.items() if count) + same_day
            plan.days[index].new.append(question.id)
            plan.days[index].reading_minutes += cost
            for following in chain:
                reserve_review(following)
            plan.review_days[question.id] = [days[following] for following in chain]
    open_days = [day for day in days if calendar.earliest_chain_end(day, model.gaps)]
    plan.last_reading_day = open_days[-1] if open_days else None
    plan.unscheduled = [q.id for q, done in zip(queue, taken, strict=True) if not done]
    return plan


def minutes_per_study_day(amount: int, unit: str, weekdays: Iterable[int]) -> int:
    """Minutes on each study day, from "hours a week" or "minutes a day"."""
    if unit == "hours_week":
        count = len(set(weekdays))
        return amount * 60 // count if count else 0
    return amount


# --- Progress against the plan as it was made ----------------------------------------------


@dataclass(frozen=True)
class Baseline:
    """What the plan expected when it was made: its size and how many new questions a day."""

    total: int
    per_day: tuple[tuple[date, int], ...]

    @classmethod
    def of(cls, plan: Plan, total: int) -> Baseline:
        return cls(total, tuple((day.day, len(day.new)) for day in plan.days if day.new))

    def expected_remaining(self, before: date) -> int:
        """Questions still unread at the start of `before`, had the learner kept to it."""
        return self.total - sum(count for day, count in self.per_day if day < before)


@dataclass(frozen=True)
class Standing:
    """On track, ahead or behind, and by how many questions."""

    status: str  # "on-track", "ahead", "behind"
    by: int = 0

    @property
    def label(self) -> str:
        return {"on-track": "On track", "ahead": "Ahead", "behind": "Behind"}[self.status]


def standing(baseline: Baseline, remaining: int, today: date) -> Standing:
    """Compare the questions still unread with what the baseline expected by today."""
    start_of_today = baseline.expected_remaining(today)
    end_of_today = baseline.expected_remaining(today + timedelta(days=1))
    if remaining > start_of_today:
        return Standing("behind", remaining - start_of_today)
    if remaining < end_of_today:
        return Standing("ahead", end_of_today - remaining)
    return Standing("on-track")
