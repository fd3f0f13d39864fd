"""Paging through the question list and a topic, by keyboard, on the real question bank."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import tab_to


def test_learner_pages_through_the_list_by_keyboard_and_back(page, site, assert_accessible):
    page.goto(site + "/questions/")
    expect(page.get_by_role("status")).to_contain_text("page 1 of 8")

    tab_to(page, "Next →", limit=200)
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_contain_text("page 2 of 8")
    second_first = page.locator(".question-link").first.inner_text()

    tab_to(page, "Last »", limit=200)
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_contain_text("page 8 of 8")
    expect(page.get_by_role("navigation", name="Pages")).not_to_contain_text("Next")
    assert_accessible(page)

    page.get_by_role("link", name="« First").click()
    expect(page.get_by_role("status")).to_contain_text("page 1 of 8")
    page.get_by_role("link", name="Next →").click()
    page.get_by_role("link", name="Next →").click()
    page.get_by_role("link", name="← Previous").click()
    expect(page.locator(".question-link").first).to_have_text(second_first)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_topics_second_page_keeps_its_level_headings_and_passes_axe(
    page, site, assert_accessible, scheme
):
    page.emulate_media(color_scheme=scheme)
    page.goto(site + "/topics/databases/")
    expect(page.get_by_text(re.compile(r"47 questions, page 1 of 3"))).to_be_visible()

    page.get_by_role("link", name="Next →").click()

    expect(page.get_by_text(re.compile(r"page 2 of 3"))).to_be_visible()
    expect(page.get_by_role("heading", level=2).first).to_be_visible()
    assert_accessible(page)
