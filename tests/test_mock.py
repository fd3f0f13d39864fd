import pytest
from django.urls import reverse

from questions.models import MockAnswer, MockInterview, ReviewCard, ReviewLog
from tests.factories import QuestionFactory, TopicFactory

pytestmark = pytest.mark.django_db


def start(client, **data):
    payload = {"question_count": "2", "minutes_per_question": "3", **data}
    return client.post(reverse("mock_start"), payload)


def answer_all(client, interview):
    for answer in interview.answers.all():
        client.get(interview.get_absolute_url())
        client.post(
            reverse("mock_answer", args=[interview.pk]),
            {"position": answer.position, "answer": f"Answer {answer.position}"},
        )


def test_learner_runs_a_two_question_mock_and_ratings_feed_the_scheduler(owner_client, owner):
    topic = TopicFactory(slug="caching")
    QuestionFactory(level="advanced", topics=[topic])
    QuestionFactory(level="advanced", topics=[topic])
    QuestionFactory(level="beginner", topics=[topic])

    response = start(owner_client, levels=["advanced"], topics=["caching"])
    interview = MockInterview.objects.get(user=owner)
    assert response.url == interview.get_absolute_url()
    assert {a.question.level for a in interview.answers.all()} == {"advanced"}

    page = owner_client.get(interview.get_absolute_url())
    assert "Question 1 of 2" in page.text
    assert 'data-seconds-left="180"' in page.text
    answer_all(owner_client, interview)

    summary = owner_client.get(interview.get_absolute_url())
    assert "Mock interview summary" in summary.text
    assert "Answer 2" in summary.text
    owner_client.post(
        reverse("mock_rate", args=[interview.pk]),
        {"rating-1": "4", "rating-2": "auto", "points-2": ["0"]},
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
        owner_client.post(reverse("mock_rate", args=[interview.pk]), {"rating-1": "3"})
    assert ReviewLog.objects.count() == 1


def test_rating_before_answering_everything_changes_nothing(owner_client, owner):
    QuestionFactory()
    QuestionFactory()
    start(owner_client)
    interview = MockInterview.objects.get()
    owner_client.post(reverse("mock_rate", args=[interview.pk]), {"rating-1": "3"})
    assert not ReviewLog.objects.exists()


def test_a_resubmitted_answer_page_keeps_the_first_answer(owner_client, owner):
    QuestionFactory()
    start(owner_client, question_count="1")
    interview = MockInterview.objects.get()
    url = reverse("mock_answer", args=[interview.pk])
    owner_client.post(url, {"position": "1", "answer": "first"})
    owner_client.post(url, {"position": "1", "answer": "second"})
    assert MockAnswer.objects.get().answer_text == "first"


@pytest.mark.parametrize(
    "data",
    [
        {"question_count": "0", "minutes_per_question": "5"},
        {"question_count": "11", "minutes_per_question": "5"},
        {"question_count": "x", "minutes_per_question": "5"},
        {"question_count": "2", "minutes_per_question": "999"},
        {"question_count": "2", "minutes_per_question": "5", "levels": ["expert"]},
        {"question_count": "2", "minutes_per_question": "5", "topics": ["nope"]},
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
    owner_client.post(reverse("mock_rate", args=[interview.pk]), {"rating-1": "3"})
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
    assert stranger_client.post(rate, {"rating-1": "3"}).status_code == 404
    assert MockAnswer.objects.get().answer_text == ""


def test_anonymous_is_sent_to_login_for_a_session(client, owner):
    interview = MockInterview.objects.create(user=owner)
    response = client.get(interview.get_absolute_url())
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("name", ["mock_answer", "mock_rate"])
def test_mock_state_changes_reject_get(owner_client, owner, name):
    interview = MockInterview.objects.create(user=owner)
    assert owner_client.get(reverse(name, args=[interview.pk])).status_code == 405
