"""Counts are kept under the content version: read from the cache until the content changes."""

import pytest
from django.urls import reverse

from questions.counts import bank_counts
from questions.models import Question
from tests.factories import QuestionFactory, TopicFactory

pytestmark = pytest.mark.django_db


def test_counts_are_computed_once_then_read_from_the_cache(
    make_questions, django_assert_num_queries
):
    make_questions(7)
    with django_assert_num_queries(3):
        bank_counts()
    with django_assert_num_queries(0):
        counts = bank_counts()
    assert counts["levels"] == {"beginner": 3, "intermediate": 2, "advanced": 2}


def test_a_new_question_shows_in_every_count_at_once(client, settings):
    settings.PAGE_CACHE_SECONDS = 0
    caching = TopicFactory(slug="caching", name="Caching")
    QuestionFactory(level="advanced", topics=[caching])
    assert "1 question" in client.get(reverse("question_list"), {"level": "advanced"}).text

    QuestionFactory(level="advanced", topics=[caching])

    assert "2 questions" in client.get(reverse("question_list"), {"level": "advanced"}).text
    assert "2 questions" in client.get(caching.get_absolute_url()).text
    assert bank_counts()["topics"] == {caching.pk: 2}


def test_a_bulk_unpublish_in_admin_updates_the_counts(admin_client, settings):
    settings.PAGE_CACHE_SECONDS = 0
    question = QuestionFactory(level="beginner")
    assert bank_counts()["levels"] == {"beginner": 1}
    admin_client.post(
        reverse("admin:questions_question_changelist"),
        {"action": "unpublish", "_selected_action": [question.pk]},
    )
    assert not Question.objects.get(pk=question.pk).is_published
    assert bank_counts()["levels"] == {}


def test_level_rank_is_derived_even_for_bulk_created_rows(db):
    Question.objects.bulk_create(
        [
            Question(slug="b", prompt="B?", answer="A.", level="advanced"),
            Question(slug="a", prompt="A?", answer="A.", level="beginner"),
        ]
    )
    assert dict(Question.objects.values_list("slug", "level_rank")) == {"a": 0, "b": 2}
