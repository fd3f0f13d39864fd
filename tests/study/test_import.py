import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from study import transfer
from study.models import Bookmark, MockInterview, Note, ReviewCard, ReviewLog
from tests.factories import QuestionFactory, UserFactory
from tests.study_data import fill_study_data

pytestmark = pytest.mark.django_db


def upload(client, content: bytes | str, name="data.json"):
    if isinstance(content, str):
        content = content.encode()
    return client.post(reverse("data_import"), {"file": SimpleUploadedFile(name, content)})


def export(client) -> str:
    response = client.get(reverse("data_export"))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="interview-prep-data.json"'
    return response.text


def wipe(user) -> None:
    for model in (Bookmark, Note, ReviewLog, ReviewCard, MockInterview):
        model.objects.filter(user=user).delete()


def test_export_holds_every_kind_of_row_by_slug(owner_client, owner):
    fill_study_data(owner)
    document = json.loads(export(owner_client))
    assert document["format"] == "interviewprep-study-data"
    assert [b["question"] for b in document["bookmarks"]] == ["owner-q0", "owner-q1"]
    assert document["notes"][0]["body"].startswith("My **own** words.")
    assert {c["question"] for c in document["review_cards"]} == {"owner-q0", "owner-q1"}
    assert document["review_cards"][0]["stability"] > 0
    assert len(document["review_logs"]) == 3
    assert document["review_logs"][0]["review_duration_ms"] == 41_000
    (interview,) = document["mock_interviews"]
    assert interview["topics"] == ["databases"]
    assert [a["question"] for a in interview["answers"]] == ["owner-q1", "owner-q2"]


def test_export_delete_import_export_again_is_identical(owner_client, owner):
    fill_study_data(owner)
    before = export(owner_client)
    wipe(owner)
    assert json.loads(export(owner_client))["bookmarks"] == []
    response = upload(owner_client, before)
    assert response.status_code == 200
    assert "Import finished" in response.text
    assert export(owner_client) == before


def test_importing_twice_changes_nothing(owner_client, owner):
    fill_study_data(owner)
    document = export(owner_client)
    wipe(owner)
    upload(owner_client, document)
    counts = [m.objects.count() for m in (Bookmark, Note, ReviewCard, ReviewLog, MockInterview)]
    response = upload(owner_client, document)
    assert "Nothing changed" in response.text
    assert [m.objects.count() for m in (Bookmark, Note, ReviewCard, ReviewLog, MockInterview)] == (
        counts
    )
    assert export(owner_client) == document


def test_import_into_another_account_with_unmatched_questions_reported(client, owner):
    fill_study_data(owner)
    client.force_login(owner)
    document = json.loads(export(client))
    document["bookmarks"].append({"question": "not-on-this-site", "created_at": "2026-01-01T00:00"})
    newcomer = UserFactory(username="newcomer")
    client.force_login(newcomer)
    response = upload(client, json.dumps(document))
    assert "not-on-this-site" in response.text
    assert "(1 row)" in response.text
    assert Bookmark.objects.filter(user=newcomer).count() == 2
    assert Bookmark.objects.filter(user=owner).count() == 2
    assert ReviewLog.objects.filter(user=newcomer).count() == 3


def test_a_newer_note_in_the_file_replaces_an_older_one_but_not_the_reverse(owner_client, owner):
    fill_study_data(owner)
    document = json.loads(export(owner_client))
    note = Note.objects.get(user=owner)
    document["notes"][0]["body"] = "Older text"
    document["notes"][0]["updated_at"] = "2020-01-01T00:00:00+00:00"
    upload(owner_client, json.dumps(document))
    note.refresh_from_db()
    assert note.body.startswith("My **own** words.")
    document["notes"][0]["body"] = "Newer text"
    document["notes"][0]["updated_at"] = "2030-01-01T00:00:00+00:00"
    upload(owner_client, json.dumps(document))
    note.refresh_from_db()
    assert (note.body, note.version) == ("Newer text", 2)


VALID = {"format": "interviewprep-study-data", "version": 1}
BOOKMARK = {"question": "q", "created_at": "2026-01-01T00:00:00+00:00"}


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\x89PNG\r\n", "not JSON"),
        ("{not json", "not JSON"),
        ("[" * 100_000 + "]" * 100_000, "not JSON"),
        ("[]", "not a study-data export"),
        (json.dumps({"format": "other"}), "not a study-data export"),
        (json.dumps(VALID | {"version": 99}), "version 99"),
        (json.dumps(VALID | {"bookmarks": {"a": 1}}), "must be a list"),
        (json.dumps(VALID | {"bookmarks": ["x"]}), "bookmarks row 1 is not an object"),
        (json.dumps(VALID | {"bookmarks": [BOOKMARK | {"question": 7}]}), "should be text"),
        (json.dumps(VALID | {"bookmarks": [BOOKMARK | {"question": ["a"]}]}), "should be text"),
        (json.dumps(VALID | {"review_logs": [{"question": "q", "rating": "3"}]}), "a number"),
        (json.dumps(VALID | {"bookmarks": [BOOKMARK | {"created_at": "9999-12-31"}]}), "2200"),
        (json.dumps(VALID | {"bookmarks": [BOOKMARK | {"created_at": "0001-01-01"}]}), "2000"),
        (json.dumps(VALID | {"bookmarks": [BOOKMARK | {"created_at": "yesterday"}]}), "date"),
        (json.dumps(VALID | {"bookmarks": [{"question": "q"}]}), "required"),
        (json.dumps(VALID | {"notes": [BOOKMARK | {"body": "x" * 20_001}]}), "at most 20000"),
        ('{"format": "interviewprep-study-data", "version": 1, "review_cards": [{"question": '
         '"q", "state": 1, "stability": NaN, "due": "2026-01-01T00:00", '
         '"created_at": "2026-01-01T00:00"}]}', "not allowed"),
        (json.dumps(VALID | {"review_cards": [{"question": "q", "state": 1, "stability": 1e300,
          "due": "2026-01-01T00:00", "created_at": "2026-01-01T00:00"}]}), "less than or equal"),
        (json.dumps(VALID | {"review_logs": [{"question": "q", "rating": 9,
          "reviewed_at": "2026-01-01T00:00", "covered_points": 0, "total_points": 0,
          "source": "review"}]}), "valid choice"),
        (json.dumps(VALID | {"review_logs": [{"question": "q", "rating": True,
          "reviewed_at": "2026-01-01T00:00", "covered_points": 0, "total_points": 0,
          "source": "review"}]}), "not allowed"),
        (json.dumps(VALID | {"mock_interviews": [{"started_at": "2026-01-01T00:00",
          "minutes_per_question": 5, "answers": [{"position": 1}] * 11}]}), "at most 10"),
        (json.dumps(VALID | {"mock_interviews": [{"started_at": "2026-01-01T00:00",
          "minutes_per_question": 5, "topics": [{"deep": []}]}]}), "must hold slugs"),
        (json.dumps(VALID | {"bookmarks": [{}] * 100_001}), "at most 100,000"),
        ('{"format": "interviewprep-study-data", "version": 1, "x": ' + "9" * 5000 + "}",
         "not JSON"),
    ],
)  # fmt: skip
def test_a_bad_or_hostile_file_gets_a_clear_error_and_imports_nothing(
    owner_client, owner, content, message
):
    QuestionFactory(slug="q")
    response = upload(owner_client, content)
    assert response.status_code == 200
    assert "Nothing was imported" in response.text
    assert message in response.text
    assert not Bookmark.objects.exists()


def test_a_file_that_fails_half_way_leaves_nothing_behind(owner_client, owner):
    QuestionFactory(slug="q")
    good = [BOOKMARK]
    bad = [{"question": "q", "body": "x", "created_at": "2026-01-01T00:00", "updated_at": 5}]
    response = upload(owner_client, json.dumps(VALID | {"bookmarks": good, "notes": bad}))
    assert "notes row 1" in response.text
    assert not Bookmark.objects.exists()


@override_settings(DATA_IMPORT_MAX_SIZE=1000)
def test_a_file_over_the_limit_is_refused_with_the_limit_named(owner_client):
    response = upload(owner_client, json.dumps(VALID | {"notes": [], "pad": "x" * 2000}))
    assert "the limit is 1000" in response.text
    assert "Nothing was imported" in response.text


@override_settings(DATA_IMPORT_MAX_SIZE=1000)
def test_a_body_far_over_the_limit_gets_the_413_page(owner_client):
    response = upload(owner_client, "x" * 200_000)
    assert response.status_code == 413


def test_the_import_form_is_for_the_owner_only_and_rejects_no_file(client, owner_client):
    assert owner_client.get(reverse("data_import")).status_code == 200
    response = owner_client.post(reverse("data_import"), {})
    assert "This field is required" in response.text
    owner_client.logout()
    response = client.post(reverse("data_import"), {})
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_stranger_imports_only_into_their_own_account(stranger_client, stranger, owner):
    QuestionFactory(slug="q")
    upload(stranger_client, json.dumps(VALID | {"bookmarks": [BOOKMARK]}))
    assert list(Bookmark.objects.values_list("user", flat=True)) == [stranger.pk]


def test_parse_document_accepts_the_exporters_own_output(owner):
    fill_study_data(owner)
    rows = transfer.parse_document(transfer.dump(transfer.export_data(owner)))
    assert len(rows["review_logs"]) == 3


def test_a_file_naming_the_same_question_twice_imports_it_once(owner_client, owner):
    fill_study_data(owner)
    document = json.loads(export(owner_client))
    for kind in ("bookmarks", "notes", "review_cards", "review_logs", "mock_interviews"):
        document[kind] = document[kind] * 2
    wipe(owner)
    response = upload(owner_client, json.dumps(document))
    assert response.status_code == 200
    assert Bookmark.objects.filter(user=owner).count() == 2
    assert ReviewCard.objects.filter(user=owner).count() == 2
    assert ReviewLog.objects.filter(user=owner).count() == 3
    assert MockInterview.objects.filter(user=owner).count() == 1
