import pytest
from django.urls import reverse

from study.models import Note
from tests.factories import NoteFactory, QuestionFactory

pytestmark = pytest.mark.django_db


def edit_url(question):
    return reverse("note_edit", args=[question.slug])


def test_owner_adds_a_note_and_sees_it_rendered_under_the_answer(owner_client, owner):
    question = QuestionFactory()
    response = owner_client.post(
        edit_url(question), {"body": "Say **idempotent** first.", "version": "0"}
    )
    assert response.url == f"{question.get_absolute_url()}#my-note"
    html = owner_client.get(question.get_absolute_url()).text
    assert "Say <strong>idempotent</strong> first." in html
    assert html.index('id="my-note"') > html.index('<details class="answer">')
    assert Note.objects.get(user=owner).version == 1


def test_editing_bumps_the_version(owner_client, owner):
    note = NoteFactory(user=owner)
    owner_client.post(edit_url(note.question), {"body": "Better words.", "version": "1"})
    note.refresh_from_db()
    assert (note.body, note.version) == ("Better words.", 2)


def test_edit_page_shows_the_markdown_editor_with_preview(owner_client, owner):
    note = NoteFactory(user=owner, body="Old text")
    html = owner_client.get(edit_url(note.question)).text
    assert 'class="markdownx-editor' in html
    assert 'data-markdownx-urls-path="/markdownx/markdownify/"' in html
    assert "markdownx/js/markdownx" in html
    assert "Old text" in html


def test_a_save_from_a_stale_tab_is_refused_and_both_texts_are_shown(owner_client, owner):
    note = NoteFactory(user=owner, body="Saved from tab A")
    # Tab B opened the editor at version 1; tab A saved since (now version 2).
    owner_client.post(edit_url(note.question), {"body": "Tab A again", "version": "1"})

    response = owner_client.post(edit_url(note.question), {"body": "Typed in B", "version": "1"})

    assert response.status_code == 409
    assert "Tab A again" in response.text
    assert "Typed in B" in response.text
    note.refresh_from_db()
    assert (note.body, note.version) == ("Tab A again", 2)
    # The merge form carries the current version, so saving it now is deliberate and works.
    assert response.context["form"].initial["version"] == 2
    merged = "Tab A again\n\nTyped in B"
    owner_client.post(edit_url(note.question), {"body": merged, "version": "2"})
    note.refresh_from_db()
    assert note.body == merged


def test_two_tabs_creating_the_first_note_do_not_overwrite_each_other(owner_client, owner):
    question = QuestionFactory()
    owner_client.post(edit_url(question), {"body": "First tab", "version": "0"})
    response = owner_client.post(edit_url(question), {"body": "Second tab", "version": "0"})
    assert response.status_code == 409
    assert Note.objects.get(user=owner).body == "First tab"


def test_saving_after_the_note_was_deleted_elsewhere_keeps_the_text(owner_client, owner):
    note = NoteFactory(user=owner)
    question = note.question
    note.delete()
    owner_client.post(edit_url(question), {"body": "Still here", "version": "3"})
    assert Note.objects.get(user=owner).body == "Still here"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"body": "   ", "version": "0"}, "Write something"),
        ({"body": "x" * 20_001, "version": "0"}, "at most 20000 characters"),
        ({"body": "ok", "version": "-1"}, "greater than or equal to 0"),
        ({"body": "ok", "version": "abc"}, "Enter a whole number"),
    ],
)
def test_bad_note_input_gets_a_clear_error_and_saves_nothing(owner_client, data, message):
    question = QuestionFactory()
    response = owner_client.post(edit_url(question), data)
    assert response.status_code == 200
    assert message in response.text
    assert not Note.objects.exists()


def test_null_bytes_are_dropped_not_an_error(owner_client, owner):
    question = QuestionFactory()
    owner_client.post(edit_url(question), {"body": "a\x00b", "version": "0"})
    assert Note.objects.get(user=owner).body == "ab"


def test_owner_deletes_a_note(owner_client, owner):
    note = NoteFactory(user=owner)
    response = owner_client.post(reverse("note_delete", args=[note.pk]))
    assert response.url == note.question.get_absolute_url()
    assert not Note.objects.exists()


def test_delete_rejects_get(owner_client, owner):
    note = NoteFactory(user=owner)
    assert owner_client.get(reverse("note_delete", args=[note.pk])).status_code == 405
    assert Note.objects.exists()


def test_stranger_gets_404_for_someone_elses_note(stranger_client, owner):
    note = NoteFactory(user=owner, body="Private thoughts")
    assert stranger_client.post(reverse("note_delete", args=[note.pk])).status_code == 404
    assert Note.objects.filter(pk=note.pk).exists()
    html = stranger_client.get(note.question.get_absolute_url()).text
    assert "Private thoughts" not in html
    assert "Private thoughts" not in stranger_client.get(edit_url(note.question)).text
    assert "Private thoughts" not in stranger_client.get(reverse("note_list")).text
    assert "Private thoughts" not in stranger_client.get(reverse("notes_export")).text


def test_stranger_saving_on_the_same_question_creates_their_own_note(stranger_client, owner):
    note = NoteFactory(user=owner, body="Owner's")
    stranger_client.post(edit_url(note.question), {"body": "Stranger's", "version": "1"})
    note.refresh_from_db()
    assert note.body == "Owner's"
    assert Note.objects.count() == 2


@pytest.mark.parametrize(
    ("method", "name", "args"),
    [
        ("get", "note_edit", ["slug"]),
        ("post", "note_edit", ["slug"]),
        ("post", "note_delete", ["pk"]),
        ("get", "note_list", []),
        ("get", "notes_export", []),
        ("post", "markdownx_markdownify", []),
    ],
)
def test_anonymous_is_sent_to_login(client, owner, method, name, args):
    note = NoteFactory(user=owner)
    values = {"slug": note.question.slug, "pk": note.pk}
    response = getattr(client, method)(reverse(name, args=[values[a] for a in args]))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    note.refresh_from_db()


def test_my_notes_lists_question_level_and_rendered_excerpt(owner_client, owner):
    NoteFactory(user=owner, body="Remember **quorum** maths.")
    html = owner_client.get(reverse("note_list")).text
    assert "Remember <strong>quorum</strong> maths." in html
    assert 'class="badge badge-beginner"' in html


@pytest.mark.parametrize("count", [3, 60])
def test_my_notes_query_count_does_not_grow(
    owner_client, owner, django_assert_max_num_queries, count
):
    for _ in range(count):
        NoteFactory(user=owner)
    with django_assert_max_num_queries(4):
        assert owner_client.get(reverse("note_list")).status_code == 200


def test_export_is_one_markdown_file_grouped_by_level(owner_client, owner):
    NoteFactory(user=owner, question=QuestionFactory(level="advanced", prompt="Hard?"), body="H")
    NoteFactory(user=owner, question=QuestionFactory(level="beginner", prompt="Easy?"), body="E")
    response = owner_client.get(reverse("notes_export"))
    assert response["Content-Type"] == "text/markdown; charset=utf-8"
    assert 'filename="interview-notes.md"' in response["Content-Disposition"]
    text = response.content.decode()
    assert text.index("## Beginner") < text.index("### Easy?") < text.index("## Advanced")
    assert text.index("## Advanced") < text.index("### Hard?")


def test_preview_renders_sanitized_markdown(owner_client):
    response = owner_client.post(
        reverse("markdownx_markdownify"), {"content": "**hi** <script>x()</script>"}
    )
    assert response.text.strip() == "<p><strong>hi</strong> x()</p>"  # the tag goes, as text stays


def test_preview_rejects_get(owner_client):
    assert owner_client.get(reverse("markdownx_markdownify")).status_code == 405


def test_notes_survive_a_content_reload(owner_client, owner, content):
    from django.core.management import call_command

    from questions.models import Question
    from study.models import Bookmark

    question = Question.objects.get(slug="cap-theorem")
    NoteFactory(user=owner, question=question, body="Mine")
    Bookmark.objects.create(user=owner, question=question)
    call_command("load_content", "--force", stdout=__import__("io").StringIO())
    assert Note.objects.get(user=owner).question_id == question.pk
    assert Bookmark.objects.filter(user=owner, question=question).exists()
