import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import tab_to

PAGES = [
    "/",
    "/questions/",
    "/questions/?level=advanced",
    "/questions/rate-limiting-nodejs/",
    "/topics/",
    "/topics/caching/",
    "/prepare/",
    "/career/",
    "/faq/",
    "/questions/no-such-question/",
]


def test_learner_goes_from_home_to_a_level_reveals_an_answer_and_moves_on(page, site):
    page.goto(site + "/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("senior backend interview")

    page.get_by_role("link", name="Intermediate").first.click()
    expect(page).to_have_url(re.compile(r"level=intermediate"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Intermediate questions")

    page.locator(".question-link").first.click()
    answer = page.locator("details.answer .answer-body")
    expect(answer).to_be_hidden()
    page.get_by_text("Reveal the sample answer").click()
    expect(answer).to_be_visible()
    expect(page.get_by_role("heading", name="What a strong answer covers")).to_be_visible()

    first_url = page.url
    page.get_by_role("link", name=re.compile("Next intermediate question")).click()
    expect(page).not_to_have_url(first_url)
    expect(page.locator("details.answer")).not_to_have_attribute("open", "")


def test_the_same_journey_works_by_keyboard_alone(page, site):
    page.goto(site + "/")
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to content")).to_be_focused()

    tab_to(page, "Advanced")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"level=advanced"))

    tab_to(page, "Design a URL shortener")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("URL shortener")

    tab_to(page, "Reveal the sample answer")
    page.keyboard.press("Enter")
    expect(page.locator("details.answer .answer-body")).to_be_visible()

    tab_to(page, "Next advanced question")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).not_to_contain_text("URL shortener")


def test_the_a_key_toggles_the_answer(page, site):
    page.goto(site + "/questions/cap-theorem/")
    page.keyboard.press("a")
    expect(page.locator("details.answer .answer-body")).to_be_visible()
    page.keyboard.press("a")
    expect(page.locator("details.answer .answer-body")).to_be_hidden()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", PAGES)
def test_every_page_type_has_no_axe_violations(page, site, assert_accessible, path, scheme):
    page.emulate_media(color_scheme=scheme)
    page.goto(site + path)
    if page.locator("details.answer").count():
        page.locator("details.answer summary").click()
    assert_accessible(page)


def test_pages_make_no_third_party_requests(page, site):
    hosts = set()
    page.on("request", lambda request: hosts.add(request.url.split("/")[2]))
    for path in PAGES:
        page.goto(site + path)
    assert hosts == {site.split("/")[2]}


def test_no_console_errors_or_csp_violations(page, site):
    errors = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    for path in PAGES[:-1]:
        page.goto(site + path)
    assert errors == []
