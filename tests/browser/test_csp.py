"""Django admin and the markdownx editors work under the site's strict CSP, with no violation.

Violations are caught twice: Chromium logs each one as a console error, and an init script
records every `securitypolicyviolation` event before any page script runs.
"""

import re

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import expect

from questions.models import Question
from tests.browser.conftest import log_in_to_admin

PASSWORD = "a long passphrase for csp"
RECORD_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.cspViolations.push(
    `${event.effectiveDirective} blocked ${event.blockedURI || "inline"}` +
      ` at ${event.sourceFile}:${event.lineNumber}`
  );
});
"""


class Problems:
    """Console errors, uncaught exceptions and CSP violations seen on the pages visited."""

    def __init__(self, page) -> None:
        self.page = page
        self.found: list[str] = []
        page.add_init_script(RECORD_VIOLATIONS)
        page.on(
            "console", lambda message: message.type == "error" and self.found.append(message.text)
        )
        page.on("pageerror", lambda error: self.found.append(str(error)))

    def collect(self) -> list[str]:
        """Everything so far, including this page's violation events."""
        return self.found + self.page.evaluate("window.cspViolations")


@pytest.fixture
def problems(page) -> Problems:
    return Problems(page)


def test_the_violation_listener_catches_an_inline_script(page, site, problems):
    """The checks below are only worth something if a violation would be seen."""
    page.goto(site + "/")
    page.evaluate(
        "document.head.append(Object.assign(document.createElement('script'), "
        "{textContent: 'window.ran = true'}))"
    )
    expect(page.locator("body")).to_be_visible()
    assert page.evaluate("window.ran === undefined")
    assert any("script-src" in problem for problem in problems.collect())


def test_admin_question_change_page_runs_under_the_csp(page, site, problems):
    log_in_to_admin(page, site)
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
    assert problems.collect() == []

    question = Question.objects.get(slug="cap-theorem")
    page.goto(site + f"/admin/questions/question/{question.pk}/change/")
    page.wait_for_load_state("networkidle")
    expect(page.get_by_label("Prompt")).to_have_value(question.prompt)
    # The markdownx editor's live preview: its script, a fetch, and HTML put into the page.
    page.get_by_label("Answer:", exact=True).fill("Partition **tolerance** first.")
    expect(page.locator(".markdownx-preview strong").first).to_have_text("tolerance")
    assert problems.collect() == []


def test_the_note_editor_live_preview_runs_under_the_csp(page, site, problems):
    User.objects.create_user("ada", password=PASSWORD)
    page.goto(site + "/accounts/login/")
    page.get_by_label("Username").fill("ada")
    page.get_by_label(re.compile(r"^Password:?$")).fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_text("Signed in as")).to_be_visible()

    page.goto(site + "/questions/cap-theorem/note/")
    page.get_by_label("Your note").fill("Pick **consistency**:\n\n```sql\nSELECT 1;\n```")
    preview = page.locator(".markdownx-preview")
    expect(preview.locator("strong")).to_have_text("consistency")
    expect(preview.locator(".highlight")).to_be_visible()
    assert problems.collect() == []
