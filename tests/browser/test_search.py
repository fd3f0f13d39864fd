import re

import pytest
from playwright.sync_api import expect


def test_slash_jumps_to_search_and_the_results_highlight_the_match(page, site):
    page.goto(site + "/questions/")
    page.keyboard.press("/")
    box = page.get_by_role("searchbox", name="Search questions")
    expect(box).to_be_focused()

    page.keyboard.type("caching")
    page.keyboard.press("Enter")

    expect(page).to_have_url(re.compile(r"/search/\?q=caching$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Search results for “caching”")
    expect(page.get_by_role("status")).to_contain_text(re.compile(r"\d+ questions? found"))
    first = page.locator(".search-results li").first
    expect(first.locator("mark").first).to_be_visible()
    expect(first.locator("mark").first).to_have_text(re.compile(r"^cach", re.IGNORECASE))


def test_slash_types_a_slash_when_the_learner_is_already_in_a_field(page, site):
    page.goto(site + "/search/")
    box = page.get_by_role("searchbox", name="Search for")
    box.click()
    page.keyboard.type("ci/cd")
    expect(box).to_have_value("ci/cd")


def test_filters_narrow_the_results_and_nothing_found_offers_a_way_out(page, site):
    page.goto(site + "/search/?q=caching")
    form = page.get_by_role("search", name="Search the question bank")
    form.get_by_label("Level").select_option("beginner")
    form.get_by_role("button", name="Search").click()
    expect(page).to_have_url(re.compile(r"level=beginner"))
    expect(page.get_by_role("status")).to_contain_text("in beginner questions")

    page.goto(site + "/search/?q=quetzalcoatl&level=advanced")
    expect(page.get_by_role("status")).to_have_text("0 questions found in advanced questions")
    page.get_by_role("link", name="Search every level and topic").click()
    expect(page).to_have_url(re.compile(r"/search/\?q=quetzalcoatl$"))


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", ["/search/?q=caching", "/search/?q=quetzalcoatl", "/search/"])
def test_search_pages_have_no_axe_violations(page, site, assert_accessible, path, scheme):
    page.emulate_media(color_scheme=scheme)
    page.goto(site + path)
    assert_accessible(page)
