import csv
import io
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from study import scheduling
from study.models import ReviewCard, ReviewLog
from tests.factories import BookmarkFactory, QuestionFactory, TopicFactory

pytestmark = pytest.mark.django_db


def add(client, scope, value=""):
    return client.post(reverse("review_add"), {"scope": scope, "value": value})


def test_owner_adds_one_question_from_its_page(owner_client, owner):
    question = QuestionFactory()
    html = owner_client.get(question.get_absolute_url()).text
    assert "Add to review" in html
    add(owner_client, "question", question.slug)
    assert ReviewCard.objects.filter(user=owner, question=question).exists()


def test_owner_adds_all_bookmarks_a_level_or_a_topic(owner_client, owner):
    BookmarkFactory(user=owner, question=QuestionFactory(level="beginner"))
    QuestionFactory(level="advanced", topics=[TopicFactory(slug="caching")])
    QuestionFactory(level="advanced")
    add(owner_client, "bookmarks")
    assert ReviewCard.objects.filter(user=owner).count() == 1
    add(owner_client, "topic", "caching")
    assert ReviewCard.objects.filter(user=owner).count() == 2
    add(owner_client, "level", "advanced")
    assert ReviewCard.objects.filter(user=owner).count() == 3


@pytest.mark.parametrize(
    "data",
    [{"scope": "level", "value": "expert"}, {"scope": "nope"}, {"scope": "question"}, {}],
)
def test_bad_add_requests_explain_and_add_nothing(owner_client, data):
    response = owner_client.post(reverse("review_add"), data, follow=True)
    assert response.status_code == 200
    assert "Nothing was added" in response.text
    assert not ReviewCard.objects.exists()


def test_review_shows_the_due_prompt_without_the_answer(owner_client, owner):
    question = QuestionFactory(prompt="Explain quorums?", answer="SECRET model answer")
    scheduling.add_cards(owner, [question])
    html = owner_client.get(reverse("review")).text
    assert "Explain quorums?" in html
    assert "SECRET model answer" not in html
    assert 'class="count-badge">1' in html


def test_reveal_shows_answer_checklist_pitfalls_and_what_i_wrote(owner_client, owner):
    question = QuestionFactory(answer="The model answer", pitfalls="Forgetting X")
    scheduling.add_cards(owner, [question])
    card = ReviewCard.objects.get(user=owner)
    response = owner_client.post(
        reverse("review_reveal", args=[card.pk]), {"answer": "<b>my try</b>"}
    )
    assert "The model answer" in response.text
    assert "Forgetting X" in response.text
    assert "Names the trade-off" in response.text
    assert "&lt;b&gt;my try&lt;/b&gt;" in response.text
    assert not ReviewLog.objects.exists()


def test_rating_schedules_the_card_and_moves_on(owner_client, owner):
    question = QuestionFactory()
    scheduling.add_cards(owner, [question])
    card = ReviewCard.objects.get(user=owner)
    response = owner_client.post(
        reverse("review_rate", args=[card.pk]),
        {"rating": "3", "points": ["0", "2"], "reviewed_version": "new"},
    )
    assert response.url == reverse("review")
    log = ReviewLog.objects.get(user=owner)
    assert (log.rating, log.covered_points, log.total_points) == (3, 2, 3)
    card.refresh_from_db()
    assert card.due > timezone.now()


def test_rate_from_checklist_uses_the_suggested_rating(owner_client, owner):
    scheduling.add_cards(owner, [QuestionFactory()])
    card = ReviewCard.objects.get(user=owner)
    owner_client.post(
        reverse("review_rate", args=[card.pk]),
        {"rating": "auto", "points": ["0", "1", "2"], "reviewed_version": "new"},
    )
    assert ReviewLog.objects.get().rating == ReviewLog.Rating.EASY


def test_a_double_submitted_rating_is_recorded_once(owner_client, owner):
    scheduling.add_cards(owner, [QuestionFactory()])
    card = ReviewCard.objects.get(user=owner)
    data = {"rating": "3", "reviewed_version": "new"}
    owner_client.post(reverse("review_rate", args=[card.pk]), data)
    owner_client.post(reverse("review_rate", args=[card.pk]), data)
    assert ReviewLog.objects.count() == 1


@pytest.mark.parametrize(
    "data",
    [{}, {"rating": "9", "reviewed_version": "new"}, {"rating": "x", "points": ["<script>"]}],
)
def test_bad_ratings_change_nothing(owner_client, owner, data):
    scheduling.add_cards(owner, [QuestionFactory()])
    card = ReviewCard.objects.get(user=owner)
    response = owner_client.post(reverse("review_rate", args=[card.pk]), data, follow=True)
    assert response.status_code == 200
    assert not ReviewLog.objects.exists()


def test_stranger_gets_404_for_someone_elses_card(stranger_client, owner):
    scheduling.add_cards(owner, [QuestionFactory()])
    card = ReviewCard.objects.get(user=owner)
    assert stranger_client.post(reverse("review_reveal", args=[card.pk])).status_code == 404
    response = stranger_client.post(
        reverse("review_rate", args=[card.pk]), {"rating": "3", "reviewed_version": "new"}
    )
    assert response.status_code == 404
    assert not ReviewLog.objects.exists()
    assert "Nothing to review" in stranger_client.get(reverse("review")).text


@pytest.mark.parametrize(
    ("method", "name", "needs_pk"),
    [
        ("get", "review", False),
        ("post", "review_add", False),
        ("post", "review_reveal", True),
        ("post", "review_rate", True),
        ("get", "progress", False),
        ("get", "mock_start", False),
    ],
)
def test_anonymous_is_sent_to_login(client, owner, method, name, needs_pk):
    scheduling.add_cards(owner, [QuestionFactory()])
    args = [ReviewCard.objects.get(user=owner).pk] if needs_pk else []
    response = getattr(client, method)(reverse(name, args=args))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("name", ["review_add", "review_reveal", "review_rate"])
def test_state_changes_reject_get(owner_client, owner, name):
    scheduling.add_cards(owner, [QuestionFactory()])
    args = [] if name == "review_add" else [ReviewCard.objects.get(user=owner).pk]
    assert owner_client.get(reverse(name, args=args)).status_code == 405


def test_empty_queue_offers_ways_to_add(owner_client):
    html = owner_client.get(reverse("review")).text
    assert "Nothing to review yet" in html
    assert "All my bookmarks" in html


def test_progress_counts_statuses_by_level_and_topic(owner_client, owner):
    topic = TopicFactory(slug="caching", name="Caching")
    due, new = QuestionFactory(topics=[topic]), QuestionFactory(topics=[topic])
    scheduling.add_cards(owner, [due])
    response = owner_client.get(reverse("progress"))
    totals = {value: count for value, _, count in response.context["totals"]}
    assert totals == {"new": 1, "learning": 0, "due": 1, "confident": 0}
    assert response.context["topic_rows"][0]["label"] == "Caching"
    assert "<svg" in response.text
    assert new.pk


@pytest.mark.parametrize("count", [10, 200])
def test_progress_and_review_query_counts_do_not_grow(
    owner_client, owner, make_questions, django_assert_max_num_queries, count
):
    questions = make_questions(count)
    scheduling.add_cards(owner, questions)
    for question in questions[:5]:
        scheduling.review(owner, question, ReviewLog.Rating.GOOD)
    owner_client.get(reverse("home"))
    with django_assert_max_num_queries(7):
        assert owner_client.get(reverse("progress")).status_code == 200
    with django_assert_max_num_queries(6):
        assert owner_client.get(reverse("review")).status_code == 200


def test_list_shows_and_filters_by_my_status(owner_client, owner):
    due = QuestionFactory(prompt="Due one?")
    QuestionFactory(prompt="New one?")
    scheduling.add_cards(owner, [due])
    response = owner_client.get(reverse("question_list"), {"status": "due"})
    assert [q.prompt for q in response.context["page"].object_list] == ["Due one?"]
    response = owner_client.get(reverse("question_list"), {"status": "new"})
    assert [q.prompt for q in response.context["page"].object_list] == ["New one?"]
    assert 'class="status status-new"' in response.text


def download(client, path: str) -> str:
    response = client.get(path)
    assert response.streaming  # rows are written as they are read
    assert response["Cache-Control"] == "private, no-store"
    return b"".join(response.streaming_content).decode()


def test_exports_hold_only_my_data_as_csv_and_json(owner_client, owner, stranger):
    mine, theirs = QuestionFactory(slug="mine"), QuestionFactory(slug="theirs")
    scheduling.review(owner, mine, ReviewLog.Rating.GOOD)
    scheduling.review(stranger, theirs, ReviewLog.Rating.AGAIN)
    reviews = json.loads(download(owner_client, "/progress/export/reviews.json"))
    assert [row["question"] for row in reviews] == ["mine"]
    csv_text = download(owner_client, "/progress/export/reviews.csv")
    assert csv_text.splitlines()[0].startswith("reviewed_at,question,rating")
    assert "theirs" not in csv_text
    progress = json.loads(download(owner_client, "/progress/export/progress.json"))
    assert {row["question"]: row["status"] for row in progress}["theirs"] == "new"
    response = owner_client.get("/progress/export/progress.csv")
    assert response["Content-Disposition"] == 'attachment; filename="interview-progress.csv"'


@pytest.mark.parametrize(
    "prompt", ['=HYPERLINK("http://x")', "+cmd|' /C calc'!A0", "@SUM(1)", "-2+3"]
)
def test_csv_cells_that_look_like_formulas_are_defused(owner_client, prompt):
    QuestionFactory(slug="formula", prompt=prompt)
    rows = list(csv.reader(io.StringIO(download(owner_client, "/progress/export/progress.csv"))))
    assert rows[1][1] == "'" + prompt


def test_an_empty_history_exports_as_an_empty_list(owner_client):
    assert json.loads(download(owner_client, "/progress/export/reviews.json")) == []


@pytest.mark.parametrize("path", ["/progress/export/other.csv", "/progress/export/reviews.xml"])
def test_unknown_exports_are_404(owner_client, path):
    assert owner_client.get(path).status_code == 404
