"""The question list and topic pages, page by page in study order, through the index."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from questions.models import Question
from tests.factories import QuestionFactory, TopicFactory

pytestmark = pytest.mark.django_db


def prompts(response) -> list[str]:
    return [question.prompt for question in response.context["page"].object_list]


def follow(client, response, rel: str):
    """Follow the page's own Next or Previous link, as a person clicking it would."""
    link = response.context["page"].links[rel]
    return client.get(response.request["PATH_INFO"] + link)


def test_next_links_walk_the_whole_list_in_study_order_and_previous_walks_back(
    client, make_questions
):
    make_questions(45)
    expected = [q.prompt for q in Question.objects.published().in_study_order()]

    pages = [client.get(reverse("question_list"))]
    while "next" in pages[-1].context["page"].links:
        pages.append(follow(client, pages[-1], "next"))

    assert [prompts(page) for page in pages] == [expected[:20], expected[20:40], expected[40:]]
    assert "page 3 of 3" in pages[-1].text
    assert pages[-1].context["page"].start_index == 41
    back = follow(client, pages[-1], "previous")
    assert prompts(back) == expected[20:40]
    assert prompts(follow(client, back, "previous")) == expected[:20]


def test_last_page_and_old_page_numbers_still_work(client, make_questions):
    make_questions(45)
    expected = [q.prompt for q in Question.objects.published().in_study_order()]

    assert prompts(client.get(reverse("question_list"), {"page": "last"})) == expected[40:]
    assert prompts(client.get(reverse("question_list"), {"page": "2"})) == expected[20:40]
    assert prompts(client.get(reverse("question_list"), {"page": "9"})) == expected[40:]


def test_a_previous_link_near_the_top_shows_the_full_first_page(client, make_questions):
    make_questions(25)
    expected = [q.prompt for q in Question.objects.published().in_study_order()]
    fifth = Question.objects.get(prompt=expected[4])
    key = f"{fifth.level_rank}.{fifth.position}.{fifth.pk}"

    response = client.get(reverse("question_list"), {"before": key, "start": "1"})

    assert prompts(response) == expected[:20]
    assert "previous" not in response.context["page"].links


def test_a_next_link_past_the_end_shows_the_last_page(client, make_questions):
    make_questions(25)
    last = Question.objects.published().in_study_order().last()
    key = f"{last.level_rank}.{last.position}.{last.pk}"

    response = client.get(reverse("question_list"), {"after": key, "start": "41"})

    assert response.context["page"].start_index == 21
    assert len(response.context["page"].object_list) == 5


def test_a_deep_page_is_one_ranged_query_without_offset(client, make_questions, settings):
    settings.PAGE_CACHE_SECONDS = 0
    make_questions(45)
    first = client.get(reverse("question_list"), {"topic": "caching"})
    link = first.context["page"].links["next"]

    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("question_list") + link)

    assert response.status_code == 200
    page_query = next(q["sql"] for q in queries if "ORDER BY" in q["sql"] and "LIMIT" in q["sql"])
    assert "OFFSET" not in page_query
    assert "LIMIT 21" in page_query


def test_a_bad_page_is_reported_and_the_first_page_shown(client, make_questions):
    make_questions(45)
    response = client.get(reverse("question_list"), {"page": "60"})
    assert response.status_code == 200
    assert "were not understood" in response.text
    assert "use Next and Last" in response.text
    assert response.context["page"].start_index == 1


def test_topic_page_is_paginated_by_level_groups(client):
    topic = TopicFactory(slug="caching", name="Caching")
    for n in range(25):
        QuestionFactory(
            level="beginner" if n < 15 else "advanced", topics=[topic], prompt=f"Q{n:02}?"
        )

    first = client.get(topic.get_absolute_url())
    second = follow(client, first, "next")

    assert "25 questions, page 1 of 2" in first.text
    assert [q.prompt for q in first.context["page"].object_list][-1] == "Q19?"
    assert '<h2 id="level-advanced">Advanced</h2>' in first.text
    assert [q.prompt for q in second.context["page"].object_list] == [
        f"Q{n}?" for n in range(20, 25)
    ]
    assert '<h2 id="level-beginner">' not in second.text
    assert 'aria-label="Pages"' in second.text


def test_topic_page_with_a_bad_page_shows_the_first_page(client):
    topic = TopicFactory(slug="caching")
    QuestionFactory(topics=[topic], prompt="Only one?")
    response = client.get(topic.get_absolute_url(), {"after": "not-a-key"})
    assert response.status_code == 200
    assert "Only one?" in response.text
    assert "was not understood" in response.text
