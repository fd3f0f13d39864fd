import io
import sqlite3
import zipfile

import genanki
import pytest
from django.urls import reverse

from study.models import Bookmark, Note
from tests.factories import QuestionFactory, TopicFactory

pytestmark = pytest.mark.django_db

FIELD_SEPARATOR = "\x1f"


def open_deck(content: bytes, tmp_path) -> list[tuple[str, list[str], list[str]]]:
    """(guid, fields, tags) of every note in an .apkg: a zip holding a SQLite collection."""
    with zipfile.ZipFile(io.BytesIO(content)) as package:
        assert "collection.anki2" in package.namelist()
        package.extract("collection.anki2", tmp_path)
    database = sqlite3.connect(tmp_path / "collection.anki2")
    try:
        rows = database.execute("SELECT guid, flds, tags FROM notes ORDER BY sfld").fetchall()
    finally:
        database.close()
    return [(guid, flds.split(FIELD_SEPARATOR), tags.split()) for guid, flds, tags in rows]


@pytest.fixture
def bank(owner):
    databases = TopicFactory(slug="databases", name="Databases")
    caching = TopicFactory(slug="caching", name="Caching")
    a = QuestionFactory(
        slug="why-index",
        prompt="Why add an index?",
        short_answer="Faster reads at the cost of writes.",
        level="intermediate",
        round_type="concept",
        topics=[databases],
    )
    b = QuestionFactory(
        slug="cache-stampede",
        prompt="What is a cache stampede?",
        round_type="system_design",
        topics=[caching],
    )
    QuestionFactory(slug="draft", prompt="A draft", is_published=False, topics=[databases])
    Bookmark.objects.create(user=owner, question=a)
    Note.objects.create(user=owner, question=a, body="Remember **B-trees** <script>x</script>")
    return a, b


def download(client, scope: str):
    return client.get(reverse("anki_deck"), {"questions": scope})


def test_anki_deck_of_my_bookmarks_has_fields_note_and_tags(owner_client, bank, tmp_path):
    response = download(owner_client, "bookmarks")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/apkg"
    assert 'filename="interview-prep-bookmarks.apkg"' in response["Content-Disposition"]
    (note,) = open_deck(b"".join(response.streaming_content), tmp_path)
    guid, fields, tags = note
    prompt, short, sample, strong, my_note, link = fields
    assert prompt == "Why add an index?"
    assert short == "Faster reads at the cost of writes."
    assert '<div class="highlight"' in sample  # the code block, highlighted by Pygments
    assert '<span class="nb">print</span>' in sample
    assert "<li>Names the trade-off</li>" in strong
    assert "<strong>B-trees</strong>" in my_note
    assert "<script>" not in my_note
    assert link == "http://testserver/questions/why-index/"
    assert sorted(tags) == ["level::intermediate", "round::concept", "topic::databases"]
    assert guid == genanki.guid_for("interviewprep-question", "why-index")


def test_the_deck_carries_pygments_css_in_its_note_type(owner_client, bank, tmp_path):
    content = b"".join(download(owner_client, "all").streaming_content)
    with zipfile.ZipFile(io.BytesIO(content)) as package:
        package.extract("collection.anki2", tmp_path)
    database = sqlite3.connect(tmp_path / "collection.anki2")
    (models,) = database.execute("SELECT models FROM col").fetchone()
    database.close()
    assert ".highlight .nb" in models


def test_two_exports_give_the_same_note_identities(owner_client, bank, tmp_path):
    first = open_deck(b"".join(download(owner_client, "all").streaming_content), tmp_path)
    second = open_deck(b"".join(download(owner_client, "all").streaming_content), tmp_path)
    assert [note[0] for note in first] == [note[0] for note in second]
    assert len(first) == 2  # published questions only


@pytest.mark.parametrize(
    ("scope", "prompts"),
    [
        ("topic:caching", ["What is a cache stampede?"]),
        ("level:intermediate", ["Why add an index?"]),
        ("all", ["What is a cache stampede?", "Why add an index?"]),
    ],
)
def test_a_deck_of_a_topic_a_level_or_everything(owner_client, bank, tmp_path, scope, prompts):
    notes = open_deck(b"".join(download(owner_client, scope).streaming_content), tmp_path)
    assert [fields[0] for _, fields, _ in notes] == prompts


@pytest.mark.parametrize("scope", ["topic:nope", "level:expert", "", "bookmarks\x00"])
def test_an_unknown_choice_is_explained_not_a_500(owner_client, bank, scope):
    response = download(owner_client, scope)
    assert response.status_code == 400
    assert "Select a valid choice" in response.text or "required" in response.text


def test_a_download_without_a_choice_says_what_is_missing(owner_client):
    response = owner_client.get(reverse("anki_deck"))
    assert response.status_code == 400
    assert "This field is required." in response.text


def test_no_bookmarks_yet_is_explained(stranger_client, bank):
    response = download(stranger_client, "bookmarks")
    assert response.status_code == 400
    assert "There are no questions there yet." in response.text


def test_my_note_never_reaches_another_learners_deck(stranger_client, stranger, bank, tmp_path):
    Bookmark.objects.create(user=stranger, question=bank[0])
    (note,) = open_deck(
        b"".join(download(stranger_client, "bookmarks").streaming_content), tmp_path
    )
    assert note[1][4] == ""


def test_anonymous_is_sent_to_log_in(client):
    for name in ("your_data", "anki_deck", "print_sheet", "data_export", "data_import"):
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_print_sheet_lists_prompt_short_answer_points_and_my_note(owner_client, bank):
    response = owner_client.get(reverse("print_sheet"), {"print-questions": "bookmarks"})
    assert response.status_code == 200
    html = response.text
    assert "Cheat sheet: My bookmarks" in html
    assert "Why add an index?" in html
    assert "Faster reads at the cost of writes." in html
    assert "<li>Mentions failure modes</li>" in html
    assert "<strong>B-trees</strong>" in html
    assert "<script>x" not in html
    assert "What is a cache stampede?" not in html
    assert 'media="print"' in html


def test_print_sheet_of_a_topic(owner_client, bank):
    response = owner_client.get(reverse("print_sheet"), {"print-questions": "topic:caching"})
    assert "Cheat sheet: Topic: Caching" in response.text
    assert "What is a cache stampede?" in response.text
    assert "A draft" not in response.text


def test_print_sheet_queries_do_not_grow_with_questions(
    owner_client, owner, bank, django_assert_max_num_queries
):
    for question in QuestionFactory.create_batch(5):
        Bookmark.objects.create(user=owner, question=question)
    with django_assert_max_num_queries(8):
        owner_client.get(reverse("print_sheet"), {"print-questions": "bookmarks"})


def test_print_sheet_refuses_everything_at_once(owner_client, bank):
    response = owner_client.get(reverse("print_sheet"), {"print-questions": "all"})
    assert response.status_code == 400


def test_your_data_page_gathers_every_export_and_the_account_actions(owner_client):
    html = owner_client.get(reverse("your_data")).text
    for name in ("data_export", "notes_export", "data_import", "email_change", "account_delete"):
        assert f'href="{reverse(name)}"' in html
    assert reverse("progress_export", args=["progress", "csv"]) in html
    assert f'action="{reverse("anki_deck")}"' in html
    assert f'action="{reverse("print_sheet")}"' in html


def test_the_header_menu_links_to_your_data(owner_client):
    assert f'href="{reverse("your_data")}"' in owner_client.get(reverse("home")).text


def test_print_sheet_can_start_each_question_on_a_new_page(owner_client, bank):
    data = {"print-questions": "topic:databases"}
    assert "one-per-page" not in owner_client.get(reverse("print_sheet"), data).text
    data["print-one_per_page"] = "on"
    assert 'class="wrap print-sheet one-per-page"' in (
        owner_client.get(reverse("print_sheet"), data).text
    )
