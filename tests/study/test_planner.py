"""The planner's rules, over plain data: property-based (hypothesis), no database, no web."""

import time
from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from study import planner
from study.planner import (
    Baseline,
    CardState,
    MockRound,
    PlanQuestion,
    PlanRequest,
    ReviewModel,
    build_plan,
    standing,
)

TODAY = date(2026, 3, 2)  # a Monday
MODEL = ReviewModel(gaps=(2, 10, 40, 147), same_day=1)
ROUNDS = (MockRound("coding", "Coding", 20), MockRound("system_design", "System design", 45))
EXAMPLES = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])

questions_strategy = st.lists(
    st.builds(
        lambda minutes, level: (minutes, level),
        st.integers(min_value=1, max_value=60),
        st.sampled_from(["beginner", "intermediate", "advanced"]),
    ),
    max_size=120,
).map(
    lambda rows: tuple(
        PlanQuestion(id=i + 1, minutes=minutes, level=level)
        for i, (minutes, level) in enumerate(rows)
    )
)
cards_strategy = st.lists(
    st.builds(
        lambda due, interval: (due, interval),
        st.integers(min_value=-20, max_value=60),
        st.integers(min_value=0, max_value=60),
    ),
    max_size=80,
).map(
    lambda rows: tuple(
        CardState(question_id=10_000 + i, due=TODAY + timedelta(days=due), interval_days=interval)
        for i, (due, interval) in enumerate(rows)
    )
)
requests = st.builds(
    PlanRequest,
    today=st.just(TODAY),
    interview_date=st.integers(min_value=1, max_value=100).map(lambda d: TODAY + timedelta(days=d)),
    minutes_per_day=st.integers(min_value=5, max_value=240),
    weekdays=st.frozensets(st.integers(min_value=0, max_value=6), min_size=1),
    questions=questions_strategy,
    cards=cards_strategy,
    review_minutes=st.sampled_from([0.5, 1.0, 2.5, 3.0, 7.0]),
    mock_rounds=st.sampled_from([(), ROUNDS[:1], ROUNDS]),
    spent_today=st.sampled_from([0.0, 0.0, 10.0, 500.0]),
    review_model=st.just(MODEL),
)


def check_invariants(request: PlanRequest, plan: planner.Plan) -> None:
    ids = [question.id for question in request.questions]
    # Every chosen question is either scheduled once or reported as not fitting: none lost.
    assert sorted(plan.scheduled + plan.unscheduled) == sorted(ids)
    assert len(set(plan.scheduled)) == len(plan.scheduled)
    for day in plan.days:
        # No day over the learner's time (today: less what is already studied).
        assert day.used <= day.budget + 1e-6
        assert day.day.weekday() in request.weekdays
        assert request.today <= day.day < request.interview_date
    for day in plan.days:
        for question in day.new:
            reviews = plan.review_days[question]
            # Read before the date, and reviewed at least twice on later days before it.
            assert len(reviews) >= planner.MIN_REVIEWS
            assert day.day < reviews[0]
            assert reviews == sorted(set(reviews))
            assert reviews[-1] < request.interview_date
    assert sum(day.reviews for day in plan.days) >= sum(
        len(days) for days in plan.review_days.values()
    )


@EXAMPLES
@given(requests)
def test_every_plan_keeps_the_rules(request):
    plan = build_plan(request)
    if not planner.study_days(request.today, request.interview_date, request.weekdays):
        assert "None of your study days" in plan.problem  # a plain answer, not a crash
    else:
        assert not plan.problem
    check_invariants(request, plan)


@EXAMPLES
@given(requests, st.integers(min_value=1, max_value=14))
def test_re_planning_after_missed_days_keeps_every_question(request, missed):
    first = build_plan(request)
    later = PlanRequest(**{**request.__dict__, "today": request.today + timedelta(days=missed)})
    if later.today >= later.interview_date:
        assert build_plan(later).problem
        return
    replanned = build_plan(later)
    check_invariants(later, replanned)
    assert sorted(replanned.scheduled + replanned.unscheduled) == sorted(
        first.scheduled + first.unscheduled
    )


@EXAMPLES
@given(requests)
def test_re_planning_after_a_studied_day_keeps_what_is_left(request):
    plan = build_plan(request)
    if not plan.days or plan.days[0].day != request.today:
        return
    read = set(plan.days[0].new)
    cards = request.cards + tuple(
        CardState(question, request.today + timedelta(days=MODEL.gaps[0]), MODEL.gaps[0])
        for question in read
    )
    tomorrow = PlanRequest(
        **{
            **request.__dict__,
            "today": request.today + timedelta(days=1),
            "questions": tuple(q for q in request.questions if q.id not in read),
            "cards": cards,
            "spent_today": 0.0,
        }
    )
    if tomorrow.today >= tomorrow.interview_date:
        return
    replanned = build_plan(tomorrow)
    check_invariants(tomorrow, replanned)
    left = {q.id for q in request.questions} - read
    assert set(replanned.scheduled) | set(replanned.unscheduled) == left


def simple(**overrides) -> PlanRequest:
    values = {
        "today": TODAY,
        "interview_date": TODAY + timedelta(days=21),
        "minutes_per_day": 60,
        "weekdays": frozenset(range(7)),
        "questions": tuple(PlanQuestion(i, 10) for i in range(20)),
        "review_model": MODEL,
    }
    return PlanRequest(**(values | overrides))


@pytest.mark.parametrize(
    ("overrides", "says"),
    [
        ({"interview_date": TODAY - timedelta(days=1)}, "has passed"),
        ({"interview_date": TODAY}, "interview is today"),
        ({"interview_date": TODAY + timedelta(days=400)}, "more than a year"),
        ({"minutes_per_day": 0}, "no study time"),
        ({"minutes_per_day": -30}, "no study time"),
        ({"weekdays": frozenset()}, "None of your study days"),
        (
            {"interview_date": TODAY + timedelta(days=1), "weekdays": frozenset({2})},
            "None of your study days",
        ),
    ],
)
def test_impossible_requests_get_a_plain_answer(overrides, says):
    plan = build_plan(simple(**overrides))
    assert says in plan.problem
    assert plan.days == []
    assert len(plan.unscheduled) == 20  # every question accounted for


def test_a_date_tomorrow_is_reviews_and_a_mock_only():
    cards = (CardState(999, TODAY - timedelta(days=3), 2),)
    plan = build_plan(
        simple(interview_date=TODAY + timedelta(days=1), cards=cards, mock_rounds=ROUNDS)
    )
    assert not plan.problem
    assert [day.day for day in plan.days] == [TODAY]
    assert plan.scheduled == []
    assert len(plan.unscheduled) == 20
    assert plan.days[0].reviews == 1
    assert plan.days[0].mock is not None
    assert plan.last_reading_day is None


def test_new_reading_stops_so_everything_gets_two_reviews():
    plan = build_plan(simple(questions=tuple(PlanQuestion(i, 5) for i in range(500))))
    # Read on day d, reviewed on d+2 and d+12: the last reading day is 13 days before.
    assert plan.last_reading_day == TODAY + timedelta(days=21 - 13)
    assert max(day.day for day in plan.days if day.new) <= plan.last_reading_day
    assert plan.unscheduled


def test_a_huge_bank_answers_quickly_and_says_what_does_not_fit():
    bank = tuple(PlanQuestion(i, 5 + i % 40) for i in range(20_000))
    started = time.perf_counter()
    plan = build_plan(simple(questions=bank, interview_date=TODAY + timedelta(days=90)))
    assert time.perf_counter() - started < 10  # a generous bound: make bench-plan measures
    check_invariants(simple(questions=bank, interview_date=TODAY + timedelta(days=90)), plan)
    assert len(plan.unscheduled) > 19_000
    assert not plan.fits


def test_overdue_reviews_come_today_and_overflow_moves_on_rather_than_overloading():
    cards = tuple(CardState(i, TODAY - timedelta(days=5), 2) for i in range(40))
    plan = build_plan(simple(cards=cards, questions=(), review_minutes=3.0, minutes_per_day=30))
    assert plan.days[0].reviews == 10  # 30 minutes of 3-minute reviews
    assert plan.days[1].reviews == 10
    assert all(day.used <= day.budget for day in plan.days)
    assert plan.unplaced_reviews == 0


def test_mocks_fill_the_final_stretch_with_the_chosen_rounds():
    plan = build_plan(simple(mock_rounds=ROUNDS, questions=()))
    mocks = [day for day in plan.days if day.mock]
    assert [day.day for day in mocks] == [TODAY + timedelta(days=d) for d in range(14, 21)]
    assert [day.mock.round_type for day in mocks[:2]] == ["coding", "system_design"]
    assert all(day.mock.minutes <= day.budget for day in mocks)


def test_rest_days_are_not_planned():
    plan = build_plan(simple(weekdays=frozenset({0, 2, 4})))
    assert {day.day.weekday() for day in plan.days} <= {0, 2, 4}


def test_time_already_spent_today_counts():
    plan = build_plan(simple(spent_today=55))
    assert plan.days[0].budget == 5
    assert plan.days[0].used <= 5


def test_hours_a_week_are_shared_over_study_days():
    assert planner.minutes_per_study_day(6, "hours_week", [0, 2, 4]) == 120
    assert planner.minutes_per_study_day(45, "minutes_day", [0]) == 45
    assert planner.minutes_per_study_day(6, "hours_week", []) == 0


def test_standing_on_track_ahead_behind():
    baseline = Baseline(10, ((TODAY, 3), (TODAY + timedelta(days=1), 3)))
    assert standing(baseline, 10, TODAY).status == "on-track"
    assert standing(baseline, 7, TODAY).status == "on-track"  # today's work done
    assert standing(baseline, 6, TODAY) == planner.Standing("ahead", 1)
    tomorrow = TODAY + timedelta(days=1)
    assert standing(baseline, 10, tomorrow) == planner.Standing("behind", 3)
    assert standing(baseline, 10, tomorrow).label == "Behind"
