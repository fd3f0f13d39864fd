"""A learner plans to an interview three weeks out, studies today, then misses a day."""

import re
from datetime import timedelta

from playwright.sync_api import expect

from tests.browser.conftest import tab_to
from tests.browser.test_accounts_notes import log_in


def move_the_clock(username: str, days: int) -> None:
    """As if `days` days had passed: everything of the learner's (the plan and its interview
    date, reviews, cards) moves that far back, so "today" is `days` days later for them."""
    from django.db.models import F

    from study.models import MockInterview, ReviewCard, ReviewLog, StudyPlan

    delta = timedelta(days=days)
    plan = StudyPlan.objects.get(user__username=username)
    plan.planned_on -= delta
    plan.interview_date -= delta
    plan.baseline["days"] = {
        (plan.planned_on.fromisoformat(day) - delta).isoformat(): count
        for day, count in plan.baseline["days"].items()
    }
    plan.save()
    logs = ReviewLog.objects.filter(user__username=username)
    logs.update(reviewed_at=F("reviewed_at") - delta)
    cards = ReviewCard.objects.filter(user__username=username)
    cards.update(due=F("due") - delta, created_at=F("created_at") - delta)
    cards.filter(last_review__isnull=False).update(last_review=F("last_review") - delta)
    cards.filter(confident_until__isnull=False).update(confident_until=F("confident_until") - delta)
    MockInterview.objects.filter(user__username=username).update(started_at=F("started_at") - delta)


def today_count(page) -> int:
    text = page.locator(".plan-day-today .plan-new").inner_text()
    return int(re.match(r"(\d+) new", text)[1])


def test_plan_three_weeks_out_study_today_then_miss_a_day(page, site, assert_accessible):
    from django.utils import timezone

    log_in(page, site, username="planner")
    page.get_by_role("link", name="Plan", exact=True).click()
    expect(page.get_by_role("heading", name="A study plan to your interview")).to_be_visible()
    assert_accessible(page)
    interview = timezone.localdate() + timedelta(days=21)
    page.get_by_label("Interview date").fill(interview.isoformat())
    page.get_by_label("Amount of time").fill("7")
    page.get_by_label("hours a week").check()
    page.get_by_role("button", name="Make my plan").click()

    expect(page.get_by_text("Your plan is ready.")).to_be_visible()
    expect(page.get_by_role("heading", name="My study plan")).to_be_visible()
    expect(page.locator(".today-panel .standing")).to_have_text("On track")
    expect(page.get_by_text("21 days to your interview")).to_be_visible()
    expect(page.locator(".plan-day-interview")).to_contain_text("Interview")
    planned_today = today_count(page)
    assert planned_today > 0
    expect(page.locator(".today-progress")).to_contain_text("0 of")
    tomorrow_first = page.locator(".plan-next > li").nth(1).locator("a").first.inner_text()
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        assert_accessible(page)

    # Study today's questions: into the review queue, then answer, reveal and rate each.
    tab_to(page, "Study today's questions")  # by keyboard
    page.keyboard.press("Enter")
    expect(
        page.get_by_text(re.compile(r"Today's \d+ new questions? (are|is) in your"))
    ).to_be_visible()
    for _ in range(planned_today):
        expect(page.get_by_role("button", name="Reveal the answer")).to_be_visible()
        page.get_by_role("button", name="Reveal the answer").click()
        page.get_by_role("button", name=re.compile("Good$")).click()
    expect(page.get_by_text("All caught up")).to_be_visible()
    panel = page.locator(".today-panel")
    # (More may follow today if this learner's own reviews turn out quicker than assumed.)
    expect(panel).to_contain_text(
        re.compile(rf"Done: {planned_today} read today\.|{planned_today} read already")
    )
    assert_accessible(page)

    # The home page and the plan show the progress; the calendar counts today's reading.
    page.get_by_role("link", name="Backend Interview Prep").click()
    expect(page.locator(".today-progress")).to_contain_text(re.compile(rf"{planned_today} of \d+"))
    page.get_by_role("link", name="See the whole plan").click()
    assert today_count(page) == planned_today
    expect(page.locator(".today-panel .standing")).to_have_text("On track")

    # Two days pass; the learner studied the first and skipped the second.
    move_the_clock("planner", days=2)
    page.reload()
    expect(page.locator(".today-panel .standing")).to_contain_text("Behind by")
    expect(page.get_by_text("19 days to your interview")).to_be_visible()
    expect(page.locator(".plan-day.is-missed")).to_contain_text("Missed")
    expect(page.locator(".plan-day-past").first).to_contain_text(f"Done: {planned_today} new")
    # Nothing lost: what was planned for the missed day is today's work now.
    expect(page.locator(".today-questions")).to_contain_text(tomorrow_first)
    expect(page.locator(".today-progress")).to_contain_text("0 of")
    assert_accessible(page)
