"""A logged-in page reuses the parts that are the same for every learner (a question's row, its
answer); a content change shows at once, and nothing of one learner reaches another."""

import re

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from tests.factories import BookmarkFactory, QuestionFactory, TopicFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def question(db):
    return QuestionFactory(
        prompt="How do you pick a cache key?",
        answer="Hash the **inputs** that change the result.",
        topics=[TopicFactory(name="Caching", slug="caching")],
    )


def test_a_second_logged_in_visit_reuses_the_question_page_fragments(
    owner_client, question, django_assert_max_num_queries
):
    QuestionFactory(topics=list(question.topics.all()))  # a related question and a neighbour
    first = owner_client.get(question.get_absolute_url()).text
    # The session, the user, the question with the learner's state, the learner's note: no
    # topics, neighbours or related questions (they are in the cached fragments).
    with django_assert_max_num_queries(4):
        second = owner_client.get(question.get_absolute_url()).text
    assert "<strong>inputs</strong>" in second
    assert "Related questions" in second
    assert strip_tokens(second) == strip_tokens(first)


def test_edits_show_at_once_on_logged_in_pages(owner_client, question):
    for url in (reverse("question_list"), question.get_absolute_url()):
        assert "How do you pick a cache key?" in owner_client.get(url).text
    question.prompt = "How do you invalidate a cache?"
    question.answer = "Expire on **write**."
    question.save()
    assert "How do you invalidate a cache?" in owner_client.get(reverse("question_list")).text
    page = owner_client.get(question.get_absolute_url()).text
    assert "How do you invalidate a cache?" in page
    assert "<strong>write</strong>" in page
    assert "<strong>inputs</strong>" not in page


def test_a_topic_change_shows_at_once_on_rows(owner_client, owner, question):
    BookmarkFactory(user=owner, question=question)
    for url in (reverse("question_list"), reverse("bookmark_list"), question.get_absolute_url()):
        assert "Caching" in owner_client.get(url).text
    question.topics.set([TopicFactory(name="Queues", slug="queues")])
    for url in (reverse("question_list"), reverse("bookmark_list"), question.get_absolute_url()):
        page = owner_client.get(url).text
        assert "Queues" in page
        assert ">Caching</a>" not in page  # a row's topic link (the question list, its page)
        assert ">Caching</span>" not in page  # a bookmark row's topic


def test_each_learner_sees_their_own_bookmark_and_status_on_a_shared_row(
    owner_client, owner, stranger, question
):
    stranger_client = Client()
    stranger_client.force_login(stranger)
    BookmarkFactory(user=owner, question=question)
    owner_client.post(reverse("review_add"), {"scope": "question", "value": question.slug})
    mine = owner_client.get(reverse("question_list")).text
    theirs = stranger_client.get(reverse("question_list")).text
    assert 'aria-pressed="true"' in mine
    assert 'aria-pressed="true"' not in theirs
    assert "status-due" in mine or "status-learning" in mine
    assert "status-new" in theirs
    assert "owner" not in theirs


def test_a_draft_previewed_by_staff_is_not_shown_to_learners_from_the_fragments(
    owner_client, question
):
    question.is_published = False
    question.save()
    staff = Client()
    staff.force_login(User.objects.create_user("editor", is_staff=True))
    assert "Draft." in staff.get(question.get_absolute_url()).text
    assert owner_client.get(question.get_absolute_url()).status_code == 404
    assert question.prompt not in owner_client.get(reverse("question_list")).text


def strip_tokens(html: str) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)
