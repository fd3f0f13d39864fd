import pytest
from django.urls import reverse

from questions.models import Question
from tests.factories import QuestionFactory, TopicFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("count", [10, 200])
def test_home_query_count_does_not_grow_with_the_bank(
    client, django_assert_max_num_queries, make_questions, count
):
    make_questions(count)
    with django_assert_max_num_queries(6):
        response = client.get(reverse("home"))
    assert response.status_code == 200


def test_home_shows_each_level_with_its_count(client, make_questions):
    make_questions(7)
    html = client.get(reverse("home")).text
    assert "Beginner" in html
    assert "3 questions" in html  # 7 spread over three levels: 3, 2, 2
    assert "2 questions" in html
    assert 'href="/questions/?level=advanced"' in html


@pytest.mark.parametrize("count", [10, 200])
def test_list_query_count_does_not_grow_with_the_bank(
    client, django_assert_max_num_queries, make_questions, settings, count
):
    settings.PAGE_CACHE_SECONDS = 0
    make_questions(count)
    params = {"level": "advanced", "page": "2"}
    # The first view after a content change counts levels, rounds, topics and the list...
    with django_assert_max_num_queries(7):
        response = client.get(reverse("question_list"), params)
    assert response.status_code == 200
    # ...and keeps the counts: then the topics, the page and its rows' topics.
    with django_assert_max_num_queries(3):
        assert client.get(reverse("question_list"), params).status_code == 200


def test_list_filters_by_level_and_topic_together(client):
    caching = TopicFactory(slug="caching", name="Caching")
    databases = TopicFactory(slug="databases", name="Databases")
    wanted = QuestionFactory(level="advanced", topics=[caching], prompt="Wanted question?")
    QuestionFactory(level="beginner", topics=[caching], prompt="Wrong level?")
    QuestionFactory(level="advanced", topics=[databases], prompt="Wrong topic?")

    response = client.get(reverse("question_list"), {"level": "advanced", "topic": "caching"})

    assert list(response.context["page"].object_list) == [wanted]
    assert "Advanced questions on Caching" in response.text


def test_list_rows_show_level_and_topics(client):
    QuestionFactory(level="intermediate", topics=[TopicFactory(name="Caching")])
    html = client.get(reverse("question_list")).text
    assert 'class="badge badge-intermediate"' in html
    assert ">Caching</a>" in html


def test_list_paginates_and_keeps_filters_in_page_links(client, make_questions):
    make_questions(45)
    response = client.get(reverse("question_list"), {"level": "beginner"})
    assert response.context["page"].count == 15
    response = client.get(reverse("question_list"), {"topic": "caching"})
    last_on_page = response.context["page"].object_list[-1]
    key = f"{last_on_page.level_rank}.{last_on_page.position}.{last_on_page.pk}"
    assert f'href="?topic=caching&amp;after={key}&amp;start=21"' in response.text
    assert "page 1 of 3" in response.text


@pytest.mark.parametrize(
    "params",
    [
        {"level": "expert"},
        {"topic": "no-such-topic"},
        {"page": "999"},
        {"page": "-1"},
        {"page": "abc"},
        {"level": "<script>alert(1)</script>"},
        {"topic": "\x00"},
        {"page": "51"},
        {"page": "last"},
        {"after": "x"},
        {"after": "2.99999999999.1"},
        {"before": "1.2"},
        {"before": "0.0.0", "start": "-5"},
        {"after": "0.0.0", "start": "9999999999"},
    ],
)
def test_bad_filters_get_a_clear_page_not_an_error(client, make_questions, params):
    make_questions(3)
    response = client.get(reverse("question_list"), params)
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.text


def test_unknown_filter_is_explained(client, make_questions):
    make_questions(3)
    response = client.get(reverse("question_list"), {"level": "expert"})
    assert "were not understood" in response.text
    assert response.context["page"].count == 3


def test_unpublished_questions_are_hidden(client):
    draft = QuestionFactory(is_published=False, prompt="Secret draft?")
    assert "Secret draft?" not in client.get(reverse("question_list")).text
    assert client.get(draft.get_absolute_url()).status_code == 404


@pytest.mark.parametrize("count", [10, 200])
def test_detail_query_count_does_not_grow_with_the_bank(
    client, django_assert_max_num_queries, make_questions, count
):
    questions = make_questions(count)
    # The question, its topics, previous, next, and one bounded query per topic (two here).
    with django_assert_max_num_queries(6):
        response = client.get(questions[count // 2].get_absolute_url())
    assert response.status_code == 200


def test_detail_hides_the_answer_until_revealed(client):
    question = QuestionFactory(answer="The **hidden** answer.")
    html = client.get(question.get_absolute_url()).text
    details_start = html.index('<details class="answer">')
    assert html.index("<strong>hidden</strong>") > details_start
    assert "<details" in html
    assert "open" not in html[details_start : details_start + 30]


def test_detail_shows_reasoning_tip_and_follow_ups(client):
    question = QuestionFactory(
        why_asked="They want judgement.",
        strong_answer_points="Point A\nPoint B\nPoint C",
        tip="Clarify first.",
        follow_ups="What about failures?\nHow would you test it?",
    )
    html = client.get(question.get_absolute_url()).text
    for text in ["They want judgement.", "Point B", "Clarify first.", "How would you test it?"]:
        assert text in html
    assert question.source.name in html


def test_detail_highlights_code_on_the_server(client):
    question = QuestionFactory(answer="See below.\n\n```javascript\nconst limit = 100;\n```\n")
    html = client.get(question.get_absolute_url()).text
    assert '<div class="highlight" tabindex="0">' in html
    assert '<span class="kd">const</span>' in html


def test_detail_links_previous_and_next_within_the_level(client):
    first = QuestionFactory(level="advanced", position=1)
    second = QuestionFactory(level="advanced", position=2)
    QuestionFactory(level="beginner", position=3)
    third = QuestionFactory(level="advanced", position=4)

    response = client.get(second.get_absolute_url())

    assert response.context["nearby"].previous == first
    assert response.context["nearby"].next == third
    html = response.text
    assert f'rel="prev" href="{first.get_absolute_url()}"' in html
    assert f'rel="next" class="next" href="{third.get_absolute_url()}"' in html


def test_detail_lists_related_questions_sharing_a_topic(client):
    caching = TopicFactory(slug="caching")
    question = QuestionFactory(topics=[caching])
    sibling = QuestionFactory(topics=[caching])
    QuestionFactory(topics=[TopicFactory(slug="security")])

    response = client.get(question.get_absolute_url())

    assert response.context["nearby"].related == [sibling]


def test_unknown_question_is_a_friendly_404(client):
    response = client.get("/questions/does-not-exist/")
    assert response.status_code == 404
    assert "We could not find that page" in response.text


@pytest.mark.parametrize("count", [10, 200])
def test_topic_pages_query_count_does_not_grow(
    client, django_assert_max_num_queries, make_questions, count
):
    make_questions(count)
    with django_assert_max_num_queries(6):
        assert client.get(reverse("topic_list")).status_code == 200
    with django_assert_max_num_queries(6):
        assert client.get(reverse("topic_detail", args=["caching"])).status_code == 200


def test_topic_page_groups_questions_by_level(client):
    topic = TopicFactory(slug="caching", name="Caching")
    QuestionFactory(level="advanced", topics=[topic], prompt="Hard one?")
    QuestionFactory(level="beginner", topics=[topic], prompt="Easy one?")
    html = client.get(topic.get_absolute_url()).text
    assert html.index("Easy one?") < html.index("Hard one?")
    assert '<h2 id="level-advanced">Advanced</h2>' in html


def test_question_ordering_puts_levels_in_study_order(make_questions):
    make_questions(6)
    levels = [q.level for q in Question.objects.in_study_order()]
    assert levels == sorted(levels, key=["beginner", "intermediate", "advanced"].index)
