"""An admin keeps the question bank in Django admin, in a real browser, under the site's CSP."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from questions.models import FAQ, HiringCompany, JobMarket, PreparationTip, Question, Source, Topic
from tests.browser.conftest import log_in_to_admin


@pytest.fixture
def console_errors(page) -> list[str]:
    """Console errors and uncaught exceptions; a CSP violation is reported as one."""
    errors: list[str] = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("response", lambda r: r.status >= 400 and errors.append(f"{r.status} {r.url}"))
    return errors


@pytest.fixture
def admin_page(page, site, console_errors):
    """A browser signed in to admin as a superuser."""
    log_in_to_admin(page, site)
    expect(page.get_by_role("heading", name="Question bank and career content")).to_be_visible()
    return page


def test_admin_edits_a_prompt_and_sees_it_on_the_site_and_in_search(
    admin_page, site, console_errors
):
    page = admin_page
    page.get_by_role("link", name="Questions", exact=True).click()
    page.get_by_role("textbox", name="Search").fill("CAP theorem")  # the bank is over a page
    page.get_by_role("button", name="Search").click()
    page.get_by_role("link", name=re.compile("CAP theorem")).first.click()
    page.get_by_label("Prompt").fill("Explain the CAP theorem with a zeppelin you have run.")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")

    page.goto(site + "/questions/cap-theorem/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Explain the CAP theorem with a zeppelin you have run."
    )
    page.goto(site + "/search/?q=zeppelin")
    expect(page.get_by_role("link", name=re.compile("zeppelin"))).to_be_visible()
    assert console_errors == []


def test_the_answer_editor_previews_sanitized_markdown(admin_page, console_errors):
    page = admin_page
    page.get_by_role("link", name="Questions", exact=True).click()
    page.get_by_role("textbox", name="Search").fill("CAP theorem")  # the bank is over a page
    page.get_by_role("button", name="Search").click()
    page.get_by_role("link", name=re.compile("CAP theorem")).first.click()
    answer = page.get_by_label("Answer:", exact=True)
    answer.fill("A **bold** claim <img src=x onerror=alert(1)>")
    preview = page.locator(".markdownx-preview")
    expect(preview).to_have_text("A bold claim")
    expect(preview.locator("strong")).to_have_text("bold")
    expect(preview.locator("img")).to_have_count(0)
    assert console_errors == []


def test_admin_can_file_a_new_question_with_autocomplete_and_a_prepopulated_slug(
    admin_page, site, console_errors
):
    page = admin_page
    page.goto(site + "/admin/questions/question/add/")
    page.get_by_label("Prompt").fill("How would you shard a users table?")
    page.get_by_label("Prompt").press("Tab")
    expect(page.get_by_label("Slug")).to_have_value("how-would-you-shard-a-users-table")
    page.get_by_label("Level:", exact=True).select_option("Advanced")
    page.get_by_label("Answer:", exact=True).fill(
        "By a key that spreads writes: **user id**, hashed."
    )
    page.locator(".field-topics .select2-selection").click()
    page.locator(".select2-search__field").fill("datab")
    page.get_by_role("option", name="Databases").click()
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")

    page.goto(site + "/questions/how-would-you-shard-a-users-table/")
    expect(page.get_by_role("link", name="Databases", exact=True)).to_be_visible()
    assert console_errors == []


def test_admin_publishes_and_unpublishes_from_the_changelist(admin_page, site, console_errors):
    page = admin_page
    page.goto(site + "/admin/questions/question/?q=CAP+theorem")
    page.get_by_role("checkbox", name=re.compile("Select this object.*CAP theorem")).check()
    page.get_by_role("combobox", name=re.compile("^Action")).select_option(
        label="Unpublish selected questions"
    )
    page.get_by_role("button", name="Run").click()
    expect(page.locator(".messagelist")).to_contain_text("Unpublished 1 question")

    page.get_by_role("link", name="No", exact=True).click()  # the "By published" filter
    expect(page.get_by_role("link", name=re.compile("CAP theorem"))).to_be_visible()
    assert console_errors == []


def test_every_admin_page_for_the_content_runs_without_csp_errors(admin_page, site, console_errors):
    page = admin_page
    pages = [reverse("admin:index"), reverse("admin:app_list", args=["questions"])]
    for model in (Source, Topic, Question, PreparationTip, FAQ, HiringCompany, JobMarket):
        name = f"admin:questions_{model._meta.model_name}"
        pages += [
            reverse(f"{name}_changelist"),
            reverse(f"{name}_add"),
            reverse(f"{name}_change", args=[model.objects.order_by("pk").first().pk]),
        ]
    for path in pages:
        response = page.goto(site + path)
        assert response.status == 200, path
        assert page.url.endswith(path), f"{path} redirected to {page.url}"
        page.wait_for_load_state("networkidle")
    rows = page.locator("tr.dynamic-companies")
    before = rows.count()
    page.get_by_role("button", name="Add another Hiring company").click()
    expect(rows).to_have_count(before + 1)
    assert console_errors == []
