import re

from playwright.sync_api import expect

from tests.browser.test_accounts_notes import log_in


def test_one_review_round_by_keyboard(page, site, assert_accessible):
    log_in(page, site, username="reviewer")
    page.goto(site + "/questions/cap-theorem/")
    page.get_by_role("button", name="Add to review").click()
    expect(page.get_by_text("Added 1 question to review.")).to_be_visible()

    page.get_by_role("link", name=re.compile("^Review")).click()
    expect(page.get_by_role("heading", level=2)).to_contain_text("CAP theorem")
    assert_accessible(page)
    page.keyboard.press("Space")

    expect(page.get_by_role("heading", name="Model answer")).to_be_visible()
    expect(page.get_by_text("Grade yourself against the rubric")).to_be_visible()
    page.get_by_text("Show the full answer").click()  # the short answer comes first
    for scheme in ("dark", "light"):  # with nothing ticked, "Again" is the suggested rating
        page.emulate_media(color_scheme=scheme)
        assert_accessible(page)
    checklist = page.get_by_role("checkbox")
    count = checklist.count()
    for index in range(count):
        checklist.nth(index).check()
    expect(page.locator("#suggestion")).to_contain_text(f"Covered {count} of {count}")
    expect(page.locator('[data-rating="4"]')).to_have_class(re.compile("suggested"))
    page.locator("body").click()
    page.keyboard.press("3")

    expect(page.get_by_text("All caught up")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Progress").click()
    expect(page.get_by_role("heading", name="My progress")).to_be_visible()
    expect(page.get_by_text("1 review logged")).to_be_visible()
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        assert_accessible(page)


def test_a_two_question_mock_interview(page, site, assert_accessible):
    log_in(page, site, username="mocker")
    page.get_by_role("link", name="Mock interview", exact=True).click()
    assert_accessible(page)
    page.get_by_label("A concept round").check()
    page.get_by_label("Advanced").check()
    page.get_by_label("Number of questions").fill("2")
    page.get_by_role("button", name="Start the interview").click()

    expect(page.get_by_role("heading", name="Your mock interview is ready")).to_be_visible()
    expect(
        page.get_by_text(re.compile(r"A concept round · 2 questions · \d+ minutes in all"))
    ).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Start the clock").click()
    expect(page.get_by_text("Question 1 of 2")).to_be_visible()
    expect(page.locator(".countdown")).to_have_text(re.compile(r"^\d{1,2}:\d\d$"))
    assert_accessible(page)
    page.get_by_label("Your answer (optional)").fill("Start from the requirements.")
    page.get_by_role("button", name="Next question").click()
    expect(page.get_by_text("Question 2 of 2")).to_be_visible()
    page.get_by_role("button", name="Finish and rate my answers").click()

    expect(page.get_by_role("heading", name="Mock interview summary")).to_be_visible()
    expect(page.get_by_text("Start from the requirements.")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("group", name="Rate answer 1").get_by_label("Good").check()
    page.get_by_role("group", name="Rate answer 2").get_by_label("Again").check()
    page.get_by_role("button", name="Save ratings").click()
    expect(page.get_by_text("Ratings saved")).to_be_visible()
    expect(page.get_by_text("Your rating: Good")).to_be_visible()

    page.get_by_role("link", name="Mock interview", exact=True).click()
    expect(page.get_by_text("rated: Good, Again")).to_be_visible()
    page.emulate_media(color_scheme="dark")
    assert_accessible(page)
