"""Anonymous pages come from the cache; content changes expire them; nobody gets another's page."""

import io
import re

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from questions.pagecache import content_version
from tests.factories import BookmarkFactory, QuestionFactory, TopicFactory

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture
def question(db):
    return QuestionFactory(prompt="How do you pick a cache key?", topics=[TopicFactory()])


@pytest.mark.parametrize(
    "name", ["home", "question_list", "topic_list", "career", "prepare", "faq"]
)
def test_a_second_anonymous_visit_costs_no_query(client, question, name, django_assert_num_queries):
    first = client.get(reverse(name))
    with django_assert_num_queries(0):
        second = client.get(reverse(name))
    assert second.status_code == 200
    assert TOKEN.sub("", second.text) == TOKEN.sub("", first.text)


def test_a_question_page_from_the_cache_costs_no_query(client, question, django_assert_num_queries):
    client.get(question.get_absolute_url())
    with django_assert_num_queries(0):
        assert client.get(question.get_absolute_url()).status_code == 200


def test_query_strings_are_cached_apart(client, question):
    assert question.level == "beginner"
    assert question.prompt in client.get("/questions/?level=beginner").text
    assert question.prompt not in client.get("/questions/?level=advanced").text
    assert question.prompt in client.get("/questions/?level=beginner").text


def test_an_edit_shows_at_once(client, question):
    assert "How do you pick a cache key?" in client.get(question.get_absolute_url()).text
    question.prompt = "How do you invalidate a cache?"
    question.save()
    assert "How do you invalidate a cache?" in client.get(question.get_absolute_url()).text


def test_unpublishing_in_bulk_from_admin_expires_the_pages(client, question):
    """Admin's bulk actions run one UPDATE, which no save signal reports."""
    assert client.get(question.get_absolute_url()).status_code == 200
    admin = Client()
    admin.force_login(User.objects.create_superuser("boss", "boss@example.com", "pw"))
    version = content_version()
    admin.post(
        reverse("admin:questions_question_changelist"),
        {"action": "unpublish", "_selected_action": [question.pk]},
    )
    assert content_version() != version  # the action announces its UPDATE (questions_updated)
    assert client.get(question.get_absolute_url()).status_code == 404


def test_a_failed_admin_login_or_a_user_edit_leaves_the_cache_alone(client, question):
    client.get(question.get_absolute_url())
    version = content_version()
    Client().post(reverse("admin:login"), {"username": "nobody", "password": "wrong"})
    boss = User.objects.create_superuser("boss", "boss@example.com", "pw")
    admin = Client()
    admin.force_login(boss)
    admin.post(
        reverse("admin:auth_user_change", args=[boss.pk]),
        {
            "username": "boss",
            "email": "new@example.com",
            "is_active": "on",
            "is_staff": "on",
            "is_superuser": "on",
            "date_joined_0": "2026-01-01",
            "date_joined_1": "00:00:00",
        },
    )
    assert content_version() == version


def test_a_save_expires_pages_again_when_its_transaction_commits(
    question, django_capture_on_commit_callbacks
):
    """A page rendered mid-transaction shows the old rows; the commit must expire it too."""
    with django_capture_on_commit_callbacks(execute=True):
        question.save()
        during = content_version()
    assert content_version() != during


def test_load_content_bumps_the_version(question):
    version = content_version()
    call_command("load_content", stdout=io.StringIO())
    assert content_version() != version


def test_topic_changes_expire_pages_too(client, question):
    topic = question.topics.get()
    client.get(reverse("topic_list"))
    topic.name = "Renamed topic"
    topic.save()
    assert "Renamed topic" in client.get(reverse("topic_list")).text


def test_a_logged_in_visitor_never_gets_the_anonymous_page(client, owner, question):
    client.get(question.get_absolute_url())  # cached for visitors
    client.force_login(owner)
    assert "Signed in as" in client.get(question.get_absolute_url()).text


def test_a_visitor_never_gets_a_logged_in_page(owner_client, question):
    assert "Signed in as" in owner_client.get(question.get_absolute_url()).text
    assert "Signed in as" in owner_client.get(question.get_absolute_url()).text
    visitor = Client()
    assert "Signed in as" not in visitor.get(question.get_absolute_url()).text


def test_each_logged_in_learner_gets_their_own_page(owner_client, stranger, question):
    assert "owner" in owner_client.get(reverse("home")).text
    other = Client()
    other.force_login(stranger)
    page = other.get(reverse("home")).text
    assert "stranger" in page
    assert "owner" not in page


def test_a_visitor_with_a_message_waiting_is_not_served_from_the_cache(client, question):
    client.get(reverse("home"))
    client.cookies["messages"] = "something to show"
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("home")).status_code == 200
    assert len(queries) > 0  # rendered afresh


def test_a_cached_page_carries_a_csrf_token_of_each_browsers_own(owner, question):
    """My bookmarks page is cached per learner, not per browser: a second browser, with a CSRF
    cookie of its own, must get a token that is valid for it."""
    BookmarkFactory(user=owner, question=question)
    browsers = [Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)]
    for browser in browsers:
        browser.force_login(owner)
        browser.get(reverse("bookmark_list"))  # the first one renders the cached page
    second = browsers[1]
    page = second.get(reverse("bookmark_list"))
    assert page.cookies["csrftoken"].value != browsers[0].cookies["csrftoken"].value
    response = second.post(
        reverse("bookmark_toggle", args=[question.slug]),
        {"csrfmiddlewaretoken": TOKEN.search(page.text)[1], "bookmarked": "0"},
    )
    assert response.status_code == 302  # not a 403 CSRF failure
    assert not owner.bookmarks.exists()


def test_a_staff_preview_of_a_draft_is_never_cached(client, question):
    question.is_published = False
    question.save()
    staff = Client()
    staff.force_login(User.objects.create_user("editor", is_staff=True))
    assert staff.get(question.get_absolute_url()).status_code == 200
    assert client.get(question.get_absolute_url()).status_code == 404


def test_toggling_a_bookmark_shows_at_once(owner_client, owner, question):
    other = QuestionFactory(prompt="What is a write-ahead log?")
    BookmarkFactory(user=owner, question=question)
    assert other.prompt not in owner_client.get(reverse("bookmark_list")).text
    owner_client.post(reverse("bookmark_toggle", args=[other.slug]), {"bookmarked": "1"})
    assert other.prompt in owner_client.get(reverse("bookmark_list")).text
    owner_client.post(reverse("bookmark_toggle", args=[question.slug]), {"bookmarked": "0"})
    assert question.prompt not in owner_client.get(reverse("bookmark_list")).text


def test_another_learner_never_gets_my_bookmarks_page(owner_client, owner, stranger, question):
    BookmarkFactory(user=owner, question=question)
    assert question.prompt in owner_client.get(reverse("bookmark_list")).text
    other = Client()
    other.force_login(stranger)
    page = other.get(reverse("bookmark_list")).text
    assert question.prompt not in page
    assert "stranger" in page


def test_a_message_waiting_is_shown_not_skipped(owner_client, owner, question):
    BookmarkFactory(user=owner, question=question)
    owner_client.get(reverse("bookmark_list"))
    owner_client.post(reverse("note_edit", args=[question.slug]), {"body": "Hi", "version": 0})
    assert "Note saved." in owner_client.get(reverse("bookmark_list")).text


def test_a_cached_logged_in_page_has_a_working_csrf_token(owner, question):
    BookmarkFactory(user=owner, question=question)
    learner = Client(enforce_csrf_checks=True)
    learner.force_login(owner)
    learner.get(reverse("bookmark_list"))
    token = TOKEN.search(learner.get(reverse("bookmark_list")).text)[1]
    response = learner.post(
        reverse("bookmark_toggle", args=[question.slug]),
        {"csrfmiddlewaretoken": token, "bookmarked": "0"},
    )
    assert response.status_code == 302
    assert not owner.bookmarks.exists()
