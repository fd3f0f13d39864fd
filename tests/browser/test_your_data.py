"""Your data in Chromium: download the deck and the JSON, print, import, delete the account."""

import json
import re
import sqlite3
import zipfile

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import expect

from study.models import Bookmark, Note, ReviewCard
from tests.factories import QuestionFactory, TopicFactory, UserFactory
from tests.study_data import fill_study_data

PASSWORD = "correct horse battery"


@pytest.fixture
def learner_site(live_server, transactional_db):
    """A small bank (no full content load) and a learner with a row of every kind."""
    topic = TopicFactory(slug="databases", name="Databases")
    questions = [
        QuestionFactory(slug=f"q{i}", prompt=f"Question number {i}?", topics=[topic])
        for i in range(3)
    ]
    fill_study_data(UserFactory(username="ada"), questions)
    return live_server.url


def log_in(page, site: str) -> None:
    page.goto(site + "/accounts/login/")
    page.get_by_label("Username").fill("ada")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


def open_your_data(page) -> None:
    page.get_by_text("Signed in as").click()
    page.get_by_role("link", name="Your data").click()
    expect(page.get_by_role("heading", name="Your data", level=1)).to_be_visible()


def test_learner_downloads_a_deck_and_prints_a_sheet(page, learner_site, assert_accessible):
    log_in(page, learner_site)
    open_your_data(page)
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        assert_accessible(page)

    deck_form = page.get_by_role("form", name="Anki deck")
    deck_form.get_by_label("Questions").select_option(label="My bookmarks")
    with page.expect_download() as download:
        deck_form.get_by_role("button", name="Download the deck").click()
    assert download.value.suggested_filename == "interview-prep-bookmarks.apkg"
    with zipfile.ZipFile(download.value.path()) as package:
        collection = package.read("collection.anki2")
    database = sqlite3.connect(":memory:")
    database.deserialize(collection)
    prompts = [row[0] for row in database.execute("SELECT sfld FROM notes ORDER BY sfld")]
    assert prompts == ["Question number 0?", "Question number 1?"]

    sheet_form = page.get_by_role("form", name="Print sheet")
    sheet_form.get_by_label("Questions").select_option(label="Databases")
    sheet_form.get_by_role("button", name="Open the print sheet").click()
    expect(page.get_by_role("heading", name="Cheat sheet: Topic: Databases")).to_be_visible()
    expect(page.get_by_role("heading", name="Question number 2?")).to_be_visible()
    assert_accessible(page)
    page.emulate_media(media="print")
    expect(page.get_by_role("banner")).to_be_hidden()
    expect(page.get_by_role("contentinfo")).to_be_hidden()
    expect(page.get_by_role("heading", name="Question number 0?")).to_be_visible()
    items = page.locator(".sheet-item")
    assert items.first.evaluate("e => getComputedStyle(e).breakInside") == "avoid"
    assert items.nth(1).evaluate("e => getComputedStyle(e).breakBefore") == "auto"  # compact
    assert page.pdf(format="A4").startswith(b"%PDF")

    page.emulate_media(media="screen")
    page.go_back()
    sheet_form.get_by_label("Start each question on a new page").check()
    sheet_form.get_by_role("button", name="Open the print sheet").click()
    page.emulate_media(media="print")
    assert items.nth(1).evaluate("e => getComputedStyle(e).breakBefore") == "page"


def test_learner_exports_and_imports_their_data(page, learner_site, assert_accessible):
    log_in(page, learner_site)
    open_your_data(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Everything (JSON)").click()
    exported = download.value.path().read_text()
    assert json.loads(exported)["format"] == "interviewprep-study-data"
    ada = User.objects.get(username="ada")
    Bookmark.objects.filter(user=ada).delete()
    Note.objects.filter(user=ada).delete()

    page.get_by_role("link", name="Import my data").click()
    assert_accessible(page)
    page.get_by_label("Your data file (JSON)").set_input_files(
        files=[{"name": "broken.json", "mimeType": "application/json", "buffer": b"{oops"}]
    )
    page.get_by_role("button", name="Import").click()
    expect(page.get_by_role("alert")).to_contain_text("Nothing was imported")
    expect(page.get_by_text("This file is not JSON.")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Your data file (JSON)").set_input_files(
        files=[{"name": "data.json", "mimeType": "application/json", "buffer": exported.encode()}]
    )
    page.get_by_role("button", name="Import").click()
    expect(page.get_by_role("heading", name="Import finished")).to_be_visible()
    expect(page.get_by_role("row", name=re.compile(r"Bookmarks 2 0"))).to_be_visible()
    expect(page.get_by_role("row", name=re.compile(r"Notes 1 0"))).to_be_visible()
    assert_accessible(page)
    assert Bookmark.objects.filter(user=ada).count() == 2


def test_learner_deletes_their_account_by_keyboard(page, learner_site, assert_accessible):
    log_in(page, learner_site)
    open_your_data(page)
    page.get_by_role("link", name="Delete my account").click()
    expect(page.get_by_text("2 bookmarks")).to_be_visible()
    expect(page.get_by_role("link", name="Download everything (JSON)")).to_be_visible()
    assert_accessible(page)

    password = page.get_by_label("Your password")
    password.fill("not my password")
    password.press("Enter")
    expect(page.get_by_text("That is not your password.")).to_be_visible()
    assert_accessible(page)
    assert User.objects.filter(username="ada").exists()

    page.get_by_label("Your password").fill(PASSWORD)
    page.get_by_role("button", name="Delete my account and all my data").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text("The account “ada” and everything in it are deleted.")).to_be_visible()
    expect(page.get_by_role("link", name="Log in")).to_be_visible()
    assert_accessible(page)
    assert not User.objects.filter(username="ada").exists()
    assert not ReviewCard.objects.exists()
