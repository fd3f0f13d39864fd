"""The study plan's pages: settings, re-planning, today's work, trimming, the calendar feed."""

from datetime import timedelta

import icalendar
import pytest
from django.urls import reverse
from django.utils import timezone

from study import plans, scheduling
from study.models import ReviewCard, ReviewLog, StudyPlan
from tests.factories import QuestionFactory, TopicFactory

pytestmark = pytest.mark.django_db


def plan_data(**overrides) -> dict:
    today = timezone.localdate()
    data = {
        "interview_date": (today + timedelta(days=21)).isoformat(),
        "time_amount": "7",
        "time_unit": "hours_week",
        "weekdays": [str(day) for day in range(7)],
    }
    return data | overrides


@pytest.fixture
def bank(make_questions):
    return make_questions(30)


def test_visitors_are_sent_to_log_in(client):
    for name in ["plan"]:
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))
    for name in ["plan_today", "plan_trim", "plan_delete", "plan_feed_reset"]:
        response = client.post(reverse(name))
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))


def test_a_learner_makes_a_plan_and_sees_it(owner_client, owner, bank):
    assert "Make my plan" in owner_client.get(reverse("plan")).text
    response = owner_client.post(reverse("plan"), plan_data())
    assert response.status_code == 302
    plan = StudyPlan.objects.get(user=owner)
    assert plan.time_amount == 7
    assert plan.baseline["total"] == 30
    page = owner_client.get(reverse("plan"))
    assert page.status_code == 200
    assert page["Cache-Control"] == "private, no-store" or "no-store" in page["Cache-Control"]
    assert "60 minutes a study day" in page.text
    assert "On track" in page.text
    assert 'aria-current="date"' in page.text  # today in the calendar
    today = page.context["view"].today
    assert today.new_remaining, "a fresh plan has reading for today"
    assert today.done == 0


@pytest.mark.parametrize(
    ("offset", "message"),
    [(-3, "has passed"), (0, "That is today"), (400, "at most a year ahead")],
)
def test_dates_that_cannot_be_planned_are_form_errors(owner_client, bank, offset, message):
    day = timezone.localdate() + timedelta(days=offset)
    response = owner_client.post(reverse("plan"), plan_data(interview_date=day.isoformat()))
    assert response.status_code == 200
    assert message in response.text
    assert not StudyPlan.objects.exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"time_amount": "0"}, "Give at least 1"),
        ({"time_amount": "-5"}, "Give at least 1"),
        ({"time_amount": "lots"}, "Enter a whole number"),
        ({"time_amount": "99999"}, "give at most"),
        ({"time_amount": "3", "time_unit": "minutes_day"}, "That is 3 minutes a study day"),
        ({"time_amount": "1", "time_unit": "minutes_day"}, "at least 5"),
        ({"weekdays": []}, "at least one day"),
        ({"interview_date": "next tuesday"}, "YYYY-MM-DD"),
        ({"levels": ["expert"]}, "Select a valid choice"),
        ({"topics": ["no-such-topic"]}, "Select a valid choice"),
    ],
)
def test_bad_settings_are_form_errors_never_a_500(owner_client, bank, data, message):
    response = owner_client.post(reverse("plan"), plan_data(**data))
    assert response.status_code == 200
    assert message in response.text
    assert not StudyPlan.objects.exists()


def test_a_bad_change_keeps_the_plan_and_says_why(owner_client, owner, bank):
    owner_client.post(reverse("plan"), plan_data())
    response = owner_client.post(reverse("plan"), plan_data(time_amount="0"))
    assert response.status_code == 200
    assert "The plan was not changed" in response.text
    assert "Give at least 1" in response.text
    assert StudyPlan.objects.get(user=owner).time_amount == 7


def test_a_focus_that_matches_nothing_is_refused(owner_client, make_questions):
    make_questions(3)
    TopicFactory(slug="empty-topic")
    response = owner_client.post(reverse("plan"), plan_data(topics=["empty-topic"]))
    assert "No questions match" in response.text


def test_a_date_tomorrow_plans_reviews_and_a_mock_not_new_reading(owner_client, owner, bank):
    tomorrow = timezone.localdate() + timedelta(days=1)
    owner_client.post(reverse("plan"), plan_data(interview_date=tomorrow.isoformat()))
    page = owner_client.get(reverse("plan"))
    assert page.status_code == 200
    view = page.context["view"]
    assert view.plan.scheduled == []
    assert "too close for new reading" in page.text
    assert view.today.mock is not None
    assert "Start today's mock" in page.text


def test_changing_the_settings_re_plans(owner_client, owner, bank):
    owner_client.post(reverse("plan"), plan_data())
    before = plans.build(StudyPlan.objects.get(user=owner))
    owner_client.post(reverse("plan"), plan_data(levels=["advanced"], time_amount="14"))
    plan = StudyPlan.objects.get(user=owner)
    after = plans.build(plan)
    assert plan.level_list == ["advanced"]
    assert after.focus_total == 10 < before.focus_total
    assert after.minutes_per_day == 120


def test_studying_today_counts_as_done_and_the_plan_follows(owner_client, owner, bank):
    owner_client.post(reverse("plan"), plan_data())
    view = plans.build(StudyPlan.objects.get(user=owner))
    todays = [q.id for q in view.today.new_remaining]
    response = owner_client.post(reverse("plan_today"))
    assert response.url == reverse("review")
    assert set(ReviewCard.objects.filter(user=owner).values_list("question", flat=True)) == set(
        todays
    )
    # The learner rates the first of them: it is read, and today's count moves.
    first = ReviewCard.objects.get(user=owner, question=todays[0])
    scheduling.review(owner, first.question, ReviewLog.Rating.GOOD)
    after = plans.build(StudyPlan.objects.get(user=owner))
    assert after.today.new_done == 1
    assert todays[0] not in [q.id for q in after.today.new_remaining]
    assert after.today.done >= 1
    page = owner_client.get(reverse("home"))
    assert "done today" in page.text
    assert f"{after.today.done} of {after.today.total}" in page.text


def test_a_missed_day_moves_the_work_forward_and_says_behind(owner_client, owner, bank):
    owner_client.post(reverse("plan"), plan_data())
    plan = StudyPlan.objects.get(user=owner)
    first_day = len(plans.build(plan).today.new_remaining)
    # As if the plan had been made yesterday and yesterday's reading never happened.
    shift_plan_back(plan, days=1)
    view = plans.build(plan)
    assert view.standing.status == "behind"
    assert view.standing.by == first_day
    assert view.remaining == 30  # nothing lost
    assert sorted(view.plan.scheduled + view.plan.unscheduled) == sorted(q.pk for q in bank)
    page = owner_client.get(reverse("plan"))
    assert "Behind by" in page.text
    assert "Missed" in page.text


def shift_plan_back(plan: StudyPlan, days: int) -> None:
    def back(day: str) -> str:
        return (timezone.datetime.fromisoformat(day).date() - timedelta(days=days)).isoformat()

    plan.planned_on -= timedelta(days=days)
    plan.baseline["days"] = {back(day): count for day, count in plan.baseline["days"].items()}
    plan.save()


def test_far_behind_says_so_and_offers_to_trim(owner_client, owner, make_questions):
    make_questions(90)
    owner_client.post(
        reverse("plan"),
        plan_data(
            time_amount="10",
            time_unit="minutes_day",
            interview_date=(timezone.localdate() + timedelta(days=20)).isoformat(),
        ),
    )
    page = owner_client.get(reverse("plan"))
    view = page.context["view"]
    assert view.far_behind
    assert "do not fit before the interview" in page.text
    assert "Trim the plan" in page.text
    home = owner_client.get(reverse("home"))
    assert "do not fit before your interview" in home.text
    # Never more than the day's time, whatever the bank.
    assert all(day.used <= day.budget + 1e-6 for day in view.plan.days)
    response = owner_client.post(reverse("plan_trim"), {"skip_beginner": "on"})
    assert response.status_code == 302
    plan = StudyPlan.objects.get(user=owner)
    assert plan.level_list == ["intermediate", "advanced"]
    trimmed = plans.build(plan)
    assert trimmed.focus_total == 60
    response = owner_client.post(reverse("plan_trim"), {"drop_topics": ["caching"]})
    plan.refresh_from_db()
    assert [t.slug for t in plan.topics.all()] == ["databases"]


def test_a_trim_that_chooses_nothing_changes_nothing(owner_client, owner, bank):
    owner_client.post(reverse("plan"), plan_data())
    owner_client.post(reverse("plan_trim"), {})
    plan = StudyPlan.objects.get(user=owner)
    assert plan.levels == ""
    assert "Choose what to trim" in owner_client.get(reverse("plan")).text


def test_other_learners_never_see_a_plan(owner_client, owner, stranger, client, bank):
    owner_client.post(reverse("plan"), plan_data(levels=["advanced"]))
    client.force_login(stranger)
    page = client.get(reverse("plan"))
    assert "Make my plan" in page.text  # their own (empty) plan page, not the owner's
    client.post(reverse("plan_delete"))
    client.post(reverse("plan_feed_reset"))
    assert StudyPlan.objects.filter(user=owner).exists()


def test_the_home_and_review_pages_show_today(owner_client, owner, bank):
    home = owner_client.get(reverse("home"))
    assert "Make a study plan" in home.text
    owner_client.post(reverse("plan"), plan_data())
    for name in ["home", "review"]:
        page = owner_client.get(reverse(name))
        assert 'id="today-heading-' in page.text
        assert "Study today's questions" in page.text


def test_visitors_home_page_has_no_today_panel(client, bank):
    assert "today-panel" not in client.get(reverse("home")).text


def test_the_feed_is_an_icalendar_that_parses(client, owner_client, owner, bank):
    owner_client.post(reverse("plan"), plan_data())
    plan = StudyPlan.objects.get(user=owner)
    response = client.get(plan.get_feed_url())
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert "sessionid" not in response.cookies
    body = response.content
    assert body.endswith(b"\r\n")
    assert all(len(line) <= 75 for line in body.split(b"\r\n"))
    calendar = icalendar.Calendar.from_ical(body)
    events = calendar.walk("VEVENT")
    summaries = [str(event["SUMMARY"]) for event in events]
    assert "Interview" in summaries
    assert any(summary.startswith("Study: ") for summary in summaries)
    uids = [str(event["UID"]) for event in events]
    assert len(uids) == len(set(uids))
    study = next(e for e in events if str(e["SUMMARY"]).startswith("Study: "))
    assert study["DTSTART"].dt == timezone.localdate()
    assert "DTSTAMP" in study
    first_prompt = plans.build(plan).today.new_remaining[0].prompt
    assert first_prompt in str(study["DESCRIPTION"])


def test_a_wrong_or_reset_token_is_a_404(client, owner_client, owner, bank):
    owner_client.post(reverse("plan"), plan_data())
    plan = StudyPlan.objects.get(user=owner)
    old_url = plan.get_feed_url()
    assert client.get(reverse("plan_feed", args=[plan.pk, "guess"])).status_code == 404
    assert client.get(reverse("plan_feed", args=[plan.pk + 1, plan.feed_token])).status_code == 404
    owner_client.post(reverse("plan_feed_reset"))
    plan.refresh_from_db()
    assert client.get(old_url).status_code == 404
    assert client.get(plan.get_feed_url()).status_code == 200


def test_a_plan_whose_date_has_passed_says_so(owner_client, owner, bank):
    owner_client.post(reverse("plan"), plan_data())
    StudyPlan.objects.filter(user=owner).update(
        interview_date=timezone.localdate() - timedelta(days=2)
    )
    for name in ["home", "plan", "review"]:
        page = owner_client.get(reverse(name))
        assert page.status_code == 200
        assert "has passed" in page.text
    plan = StudyPlan.objects.get(user=owner)
    assert "BEGIN:VCALENDAR" in owner_client.get(plan.get_feed_url()).text


def test_deleting_the_plan_keeps_reviews(owner_client, owner, bank):
    owner_client.post(reverse("plan"), plan_data())
    scheduling.review(owner, bank[0], ReviewLog.Rating.GOOD)
    owner_client.post(reverse("plan_delete"))
    assert not StudyPlan.objects.exists()
    assert ReviewLog.objects.filter(user=owner).count() == 1


def test_review_time_comes_from_the_learners_own_reviews(owner, bank):
    assert plans.review_minutes(owner) == (3.0, False)
    for question in bank[:10]:
        scheduling.review(owner, question, ReviewLog.Rating.GOOD, duration_ms=90_000)
    assert plans.review_minutes(owner) == (1.5, True)


def test_review_model_follows_the_sites_fsrs_scheduler():
    model = plans.review_model()
    assert model.same_day >= 1
    assert model.gaps[0] >= 1
    assert list(model.gaps) == sorted(model.gaps)


@pytest.mark.parametrize("count", [10, 200])
def test_plan_pages_query_counts_do_not_grow(
    owner_client, owner, make_questions, django_assert_max_num_queries, count
):
    questions = make_questions(count)
    owner_client.post(reverse("plan"), plan_data())
    for question in questions[:5]:
        scheduling.review(owner, question, ReviewLog.Rating.GOOD)
    owner_client.get(reverse("home"))
    # The counts include the session, read from the database on every signed-in request.
    with django_assert_max_num_queries(17):
        assert owner_client.get(reverse("plan")).status_code == 200
    with django_assert_max_num_queries(14):
        assert owner_client.get(reverse("home")).status_code == 200


def test_mock_from_the_today_panel_starts_a_matching_mock(owner_client, owner):
    topic = TopicFactory(slug="design")
    for _ in range(4):
        QuestionFactory(level="advanced", round_type="system_design", topics=[topic])
    tomorrow = timezone.localdate() + timedelta(days=1)
    owner_client.post(
        reverse("plan"),
        plan_data(interview_date=tomorrow.isoformat(), round_types=["system_design"]),
    )
    view = plans.build(StudyPlan.objects.get(user=owner))
    assert view.today.mock.round_type == "system_design"
    response = owner_client.post(
        reverse("mock_start"),
        {"round_type": "system_design", "question_count": view.today.mock.questions},
    )
    assert response.status_code == 302
