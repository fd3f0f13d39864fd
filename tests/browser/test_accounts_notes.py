import re

from playwright.sync_api import expect

PASSWORD = "a-long-enough-passphrase-42"
NOTE = (
    "Lead with **token bucket**.\n\n"
    "```python\nallowed = tokens >= 1\n```\n\n"
    "See [the RFC draft](https://datatracker.ietf.org/doc/draft-ietf-httpapi-ratelimit-headers/)."
)


def test_learner_signs_up_bookmarks_annotates_exports_and_finds_it_all_again(
    page, site, assert_accessible, tmp_path
):
    question_url = site + "/questions/rate-limiting-nodejs/"
    page.goto(question_url)

    # An anonymous bookmark click leads to log in, and from there to sign up.
    page.get_by_role("link", name=re.compile("Log in to bookmark")).click()
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/questions/rate-limiting-nodejs/"))
    assert_accessible(page)
    page.get_by_role("link", name="Create an account").click()
    assert_accessible(page)
    page.get_by_label("Username").fill("ada")
    page.get_by_label("Email").fill("ada@example.com")
    page.get_by_label(re.compile(r"^Password:?$")).fill(PASSWORD)
    page.get_by_label("Password confirmation").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    expect(page).to_have_url(question_url)
    expect(page.get_by_text("Signed in as")).to_contain_text("ada")

    # Bookmark without a reload: the pressed state flips in place.
    bookmark = page.get_by_role("button", name=re.compile("Bookmark:"))
    expect(bookmark).to_have_attribute("aria-pressed", "false")
    bookmark.click()
    expect(bookmark).to_have_attribute("aria-pressed", "true")
    expect(bookmark).to_contain_text("Bookmarked")
    assert_accessible(page)

    # Write a note with a code block and a link; watch the live preview.
    page.get_by_role("link", name="Add a note").click()
    editor = page.get_by_label("Your note")
    editor.fill(NOTE)
    preview = page.locator(".markdownx-preview")
    expect(preview.locator("strong")).to_have_text("token bucket")
    expect(preview.locator(".highlight")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Save note").click()

    note = page.locator("#my-note")
    expect(note.locator("strong")).to_have_text("token bucket")
    expect(note.locator(".highlight")).to_contain_text("allowed")
    expect(note.get_by_role("link", name="the RFC draft")).to_have_attribute(
        "rel", "nofollow noopener noreferrer"
    )
    assert_accessible(page)

    page.get_by_role("link", name="My notes").click()
    expect(page.get_by_role("heading", name=re.compile("rate limiting"))).to_be_visible()
    expect(page.locator(".note-excerpt strong")).to_have_text("token bucket")
    assert_accessible(page)

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Export my notes (Markdown)").click()
    exported = tmp_path / "notes.md"
    download_info.value.save_as(exported)
    text = exported.read_text()
    assert "## Advanced" in text
    assert "Lead with **token bucket**." in text

    page.get_by_role("link", name="My bookmarks").click()
    expect(page.locator(".question-link")).to_have_text(re.compile("rate limiting"))
    assert_accessible(page)

    # Log out, log in again: everything is still there.
    page.get_by_text("Signed in as").click()
    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("link", name="Log in")).to_be_visible()
    page.get_by_role("link", name="Log in").click()
    page.get_by_label("Username").fill("ada")
    page.get_by_label(re.compile(r"^Password:?$")).fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.goto(question_url)
    expect(page.get_by_role("button", name=re.compile("Bookmark:"))).to_have_attribute(
        "aria-pressed", "true"
    )
    expect(page.locator("#my-note strong")).to_have_text("token bucket")


def log_in(page, site, username="grace"):
    from django.contrib.auth.models import User

    from questions.models import Question
    from study.models import Bookmark, Note

    user = User.objects.create_user(username, password=PASSWORD)
    question = Question.objects.get(slug="cap-theorem")
    Bookmark.objects.create(user=user, question=question)
    Note.objects.create(user=user, question=question, body=NOTE)
    page.goto(site + "/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label(re.compile(r"^Password:?$")).fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_text("Signed in as")).to_be_visible()


def test_per_user_pages_have_no_axe_violations_in_light_and_dark(page, site, assert_accessible):
    log_in(page, site)
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        for path in [
            "/bookmarks/",
            "/notes/",
            "/questions/cap-theorem/",
            "/questions/cap-theorem/note/",
            "/questions/",
            "/accounts/password_change/",
        ]:
            page.goto(site + path)
            assert_accessible(page)


def test_a_stale_tab_shows_both_texts_and_the_merge_saves(page, site, assert_accessible):
    log_in(page, site)
    page.goto(site + "/questions/cap-theorem/note/")
    other = page.context.new_page()
    other.goto(site + "/questions/cap-theorem/note/")
    other.get_by_label("Your note").fill("Saved from the other tab")
    other.get_by_role("button", name="Save note").click()

    page.get_by_label("Your note").fill("Typed in this tab")
    page.get_by_role("button", name="Save note").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("This note changed in another tab")
    expect(page.get_by_text("Saved from the other tab")).to_be_visible()
    expect(page.locator(".conflict-text").nth(1)).to_have_text("Typed in this tab")
    assert_accessible(page)
    page.get_by_label("Your note").fill("Saved from the other tab\n\nTyped in this tab")
    page.get_by_role("button", name="Save this text").click()
    expect(page.locator("#my-note")).to_contain_text("Typed in this tab")
    expect(page.locator("#my-note")).to_contain_text("Saved from the other tab")


def test_bookmark_toggle_works_by_keyboard(page, site):
    log_in(page, site, username="kbd")
    page.goto(site + "/questions/?level=beginner")
    first = page.get_by_role("button", name=re.compile("Bookmark:")).first
    first.focus()
    page.keyboard.press("Enter")
    expect(first).to_have_attribute("aria-pressed", "true")
    page.keyboard.press("Space")
    expect(first).to_have_attribute("aria-pressed", "false")
