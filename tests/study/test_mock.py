import re

import pytest
from django.urls import reverse

from study.models import MockAnswer, MockInterview, ReviewCard, ReviewLog
from tests.factories import QuestionFactory, TopicFactory

pytestmark = pytest.mark.django_db


def start(client, **data):
    payload = {"question_count": "2", **data}
    return client.post(reverse("mock_start"), payload)


def begin(client, interview):
    return client.post(reverse("mock_begin", args=[interview.pk]))


def answer_all(client, interview):
    begin(client, interview)
    for answer in interview.answers.all():
        client.get(interview.get_absolute_url())
        client.post(
            reverse("mock_answer", args=[interview.pk]),
            {"position": answer.position, "answer": f"Answer {answer.position}"},
        )


def test_learner_runs_a_two_question_mock_and_ratings_feed_the_scheduler(owner_client, owner):
    topic = TopicFactory(slug="caching")
    QuestionFactory(level="advanced", topics=[topic], expected_minutes=3)
    QuestionFactory(level="advanced", topics=[topic], expected_minutes=4)
    QuestionFactory(level="beginner", topics=[topic])

    response = start(owner_client, levels=["advanced"], topics=["caching"])
    interview = MockInterview.objects.get(user=owner)
    assert response.url == interview.get_absolute_url()
    assert {a.question.level for a in interview.answers.all()} == {"advanced"}

    ready = owner_client.get(interview.get_absolute_url())
    assert "7 minutes</strong> in all" in ready.text
    assert not MockAnswer.objects.filter(started_at__isnull=False).exists()  # a GET starts nothing
    begin(owner_client, interview)
    page = owner_client.get(interview.get_absolute_url())
    first = interview.answers.get(position=1)
    assert "Question 1 of 2" in page.text
    seconds_left = int(re.search(r'data-seconds-left="(\d+)"', page.text)[1])
    limit = first.question.expected_minutes * 60
    assert limit - 5 <= seconds_left <= limit  # the question's own time, from the begin POST
    answer_all(owner_client, interview)

    summary = owner_client.get(interview.get_absolute_url())
    assert "Mock interview summary" in summary.text
    assert "Answer 2" in summary.text
    owner_client.post(
        reverse("mock_rate", args=[interview.pk]),
        {"q1-rating": "4", "q2-rating": "auto", "q2-points": ["0"]},
    )
    interview.refresh_from_db()
    assert interview.finished_at is not None
    assert [a.rating for a in interview.answers.all()] == [4, ReviewLog.Rating.HARD]  # 1 of 3
    assert ReviewLog.objects.filter(user=owner, source="mock").count() == 2
    assert ReviewCard.objects.filter(user=owner).count() == 2


def test_rating_twice_does_not_feed_the_scheduler_twice(owner_client, owner):
    QuestionFactory()
    start(owner_client, question_count="1")
    interview = MockInterview.objects.get()
    answer_all(owner_client, interview)
    for _ in range(2):
        owner_client.post(reverse("mock_rate", args=[interview.pk]), {"q1-rating": "3"})
    assert ReviewLog.objects.count() == 1


def test_rating_before_answering_everything_changes_nothing(owner_client, owner):
    QuestionFactory()
    QuestionFactory()
    start(owner_client)
    interview = MockInterview.objects.get()
    owner_client.post(reverse("mock_rate", args=[interview.pk]), {"q1-rating": "3"})
    assert not ReviewLog.objects.exists()


def test_a_resubmitted_answer_page_keeps_the_first_answer(owner_client, owner):
    QuestionFactory()
    start(owner_client, question_count="1")
    interview = MockInterview.objects.get()
    url = reverse("mock_answer", args=[interview.pk])
    begin(owner_client, interview)
    owner_client.post(url, {"position": "1", "answer": "first"})
    owner_client.post(url, {"position": "1", "answer": "second"})
    assert MockAnswer.objects.get().answer_text == "first"


@pytest.mark.parametrize(
    "data",
    [
        {"question_count": "0"},
        {"question_count": "11"},
        {"question_count": "x"},
        {"question_count": "2", "round_type": "poetry"},
        {"question_count": "2", "levels": ["expert"]},
        {"question_count": "2", "topics": ["nope"]},
    ],
)
def test_bad_settings_get_clear_errors(owner_client, data):
    QuestionFactory()
    response = owner_client.post(reverse("mock_start"), data)
    assert response.status_code == 200
    assert "errorlist" in response.text
    assert not MockInterview.objects.exists()


def test_no_matching_questions_is_explained(owner_client):
    QuestionFactory(level="beginner")
    response = start(owner_client, levels=["advanced"])
    assert "No questions match" in response.text


def test_past_sessions_are_listed_with_results(owner_client, owner):
    QuestionFactory()
    start(owner_client, question_count="1")
    interview = MockInterview.objects.get()
    answer_all(owner_client, interview)
    owner_client.post(reverse("mock_rate", args=[interview.pk]), {"q1-rating": "3"})
    html = owner_client.get(reverse("mock_start")).text
    assert "rated: Good" in html


def test_stranger_gets_404_for_someone_elses_interview(stranger_client, owner):
    question = QuestionFactory()
    interview = MockInterview.objects.create(user=owner)
    MockAnswer.objects.create(interview=interview, question=question, position=1)
    assert stranger_client.get(interview.get_absolute_url()).status_code == 404
    url = reverse("mock_answer", args=[interview.pk])
    assert stranger_client.post(url, {"position": "1", "answer": "x"}).status_code == 404
    rate = reverse("mock_rate", args=[interview.pk])
    assert stranger_client.post(rate, {"q1-rating": "3"}).status_code == 404
    assert MockAnswer.objects.get().answer_text == ""


def test_anonymous_is_sent_to_login_for_a_session(client, owner):
    interview = MockInterview.objects.create(user=owner)
    response = client.get(interview.get_absolute_url())
    assert response.url.startswith(reverse("login"))


def test_a_round_of_one_type_asks_only_that_type(owner_client, owner):
    QuestionFactory(round_type="system_design", expected_minutes=45)
    QuestionFactory(round_type="behavioural")
    QuestionFactory(round_type="behavioural")
    start(owner_client, round_type="behavioural", question_count="3")
    interview = MockInterview.objects.get()
    assert interview.get_round_label() == "A behavioural round"
    assert {a.question.round_type for a in interview.answers.all()} == {"behavioural"}
    assert interview.answers.count() == 2


def test_an_unrated_answer_is_asked_for_again(owner_client, owner):
    QuestionFactory()
    start(owner_client, question_count="1")
    interview = MockInterview.objects.get()
    answer_all(owner_client, interview)
    response = owner_client.post(reverse("mock_rate", args=[interview.pk]), {"q1-rating": "9"})
    assert response.status_code == 302
    assert not ReviewLog.objects.exists()
    page = owner_client.get(interview.get_absolute_url())
    assert "Rate question 1 before finishing." in page.text


def test_the_summary_shows_the_rubric_beside_the_rating(owner_client, owner):
    QuestionFactory(rubric_senior="Names the trade-off and the failure mode.")
    start(owner_client, question_count="1")
    interview = MockInterview.objects.get()
    answer_all(owner_client, interview)
    page = owner_client.get(interview.get_absolute_url())
    assert "Grade yourself against the rubric" in page.text
    assert "Names the trade-off and the failure mode." in page.text


@pytest.mark.parametrize("name", ["mock_begin", "mock_answer", "mock_rate"])
def test_mock_state_changes_reject_get(owner_client, owner, name):
    interview = MockInterview.objects.create(user=owner)
    assert owner_client.get(reverse(name, args=[interview.pk])).status_code == 405
