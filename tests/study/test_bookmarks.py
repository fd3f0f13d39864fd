import pytest
from django.urls import reverse

from study.models import Bookmark
from tests.factories import BookmarkFactory, QuestionFactory, TopicFactory

pytestmark = pytest.mark.django_db


def toggle_url(question):
    return reverse("bookmark_toggle", args=[question.slug])


def test_owner_bookmarks_and_unbookmarks_a_question(owner_client, owner):
    question = QuestionFactory()
    response = owner_client.post(toggle_url(question), {"bookmarked": "1"})
    assert response.url == question.get_absolute_url()
    assert Bookmark.objects.filter(user=owner, question=question).exists()
    owner_client.post(toggle_url(question), {"bookmarked": "0"})
    assert not Bookmark.objects.filter(user=owner, question=question).exists()


def test_bookmarking_twice_keeps_one_bookmark(owner_client, owner):
    question = QuestionFactory()
    owner_client.post(toggle_url(question), {"bookmarked": "1"})
    owner_client.post(toggle_url(question), {"bookmarked": "1"})
    assert Bookmark.objects.filter(user=owner).count() == 1


def test_script_requests_get_json(owner_client):
    question = QuestionFactory()
    response = owner_client.post(
        toggle_url(question), {"bookmarked": "1"}, headers={"Accept": "application/json"}
    )
    assert response.json() == {"bookmarked": True}


def test_toggle_rejects_get(owner_client):
    assert owner_client.get(toggle_url(QuestionFactory())).status_code == 405


def test_toggle_needs_a_csrf_token(owner, client):
    from django.test import Client

    csrf_client = Client(enforce_csrf_checks=True)
    csrf_client.force_login(owner)
    response = csrf_client.post(toggle_url(QuestionFactory()), {"bookmarked": "1"})
    assert response.status_code == 403
    assert not Bookmark.objects.exists()


def test_a_visitors_bookmark_button_is_a_link_to_log_in_and_back(client):
    question = QuestionFactory()
    page = client.get(question.get_absolute_url()).text
    login = f"{reverse('login')}?next={question.get_absolute_url()}"
    assert f'<a class="bookmark-button" href="{login}"' in page


@pytest.mark.parametrize("name", ["question_list", "question_detail", "topic_detail"])
def test_visitors_browse_without_a_cookie_or_a_form_token(client, name):
    question = QuestionFactory(topics=[TopicFactory(slug="caching")])
    args = {"question_list": [], "question_detail": [question.slug], "topic_detail": ["caching"]}
    for _ in range(2):  # rendered, then from the page cache
        response = client.get(reverse(name, args=args[name]))
        assert response.status_code == 200
        assert not response.cookies
        assert "csrfmiddlewaretoken" not in response.text


def test_an_anonymous_post_goes_to_login_and_comes_back_to_the_question(client):
    question = QuestionFactory()
    response = client.post(toggle_url(question), {"bookmarked": "1"})
    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next={question.get_absolute_url()}"
    assert not Bookmark.objects.exists()


def test_toggle_ignores_an_offsite_next(owner_client):
    question = QuestionFactory()
    response = owner_client.post(
        toggle_url(question), {"bookmarked": "1", "next": "https://evil.example/"}
    )
    assert response.url == question.get_absolute_url()


def test_unknown_or_unpublished_question_is_404(owner_client):
    assert owner_client.post("/questions/nope/bookmark/", {"bookmarked": "1"}).status_code == 404
    draft = QuestionFactory(is_published=False)
    assert owner_client.post(toggle_url(draft), {"bookmarked": "1"}).status_code == 404


def test_pressed_state_shows_on_detail_and_list(owner_client, owner):
    question = QuestionFactory()
    BookmarkFactory(user=owner, question=question)
    assert 'aria-pressed="true"' in owner_client.get(question.get_absolute_url()).text
    assert 'aria-pressed="true"' in owner_client.get(reverse("question_list")).text


def test_someone_elses_bookmark_does_not_show_as_pressed(stranger_client, owner):
    question = QuestionFactory()
    BookmarkFactory(user=owner, question=question)
    html = stranger_client.get(question.get_absolute_url()).text
    assert 'aria-pressed="false"' in html


def test_my_bookmarks_lists_only_mine_newest_first(owner_client, owner, stranger):
    older = BookmarkFactory(user=owner).question
    newer = BookmarkFactory(user=owner).question
    theirs = BookmarkFactory(user=stranger).question
    response = owner_client.get(reverse("bookmark_list"))
    questions = [bookmark.question for bookmark in response.context["page"].object_list]
    assert questions == [newer, older]
    assert theirs.prompt not in response.text


def test_my_bookmarks_filters_by_level_and_topic_with_counts(owner_client, owner):
    caching = TopicFactory(slug="caching", name="Caching")
    wanted = QuestionFactory(level="advanced", topics=[caching])
    BookmarkFactory(user=owner, question=wanted)
    BookmarkFactory(user=owner, question=QuestionFactory(level="beginner", topics=[caching]))
    BookmarkFactory(user=owner, question=QuestionFactory(level="advanced"))

    response = owner_client.get(reverse("bookmark_list"), {"level": "advanced", "topic": "caching"})

    assert [b.question for b in response.context["page"].object_list] == [wanted]
    assert ("advanced", "Advanced", 2) in response.context["levels"]
    assert response.context["topics"][0].question_count == 2


def test_my_bookmarks_needs_login(client):
    response = client.get(reverse("bookmark_list"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("count", [10, 200])
def test_my_bookmarks_query_count_does_not_grow(
    owner_client, owner, django_assert_max_num_queries, make_questions, count
):
    for question in make_questions(count):
        BookmarkFactory(user=owner, question=question)
    owner_client.get(reverse("home"))  # warm the session cache, as a visit would
    # Six for the page and its exact due count, one for the version that keys its per-user
    # cache (questions/pagecache.py), one for the user.
    with django_assert_max_num_queries(8):
        assert owner_client.get(reverse("bookmark_list")).status_code == 200


@pytest.mark.parametrize("count", [10, 200])
def test_logged_in_list_and_detail_query_counts_do_not_grow(
    owner_client, owner, django_assert_max_num_queries, make_questions, count
):
    questions = make_questions(count)
    BookmarkFactory(user=owner, question=questions[0])
    owner_client.get(reverse("home"))  # warm the caches as a real visit would
    with django_assert_max_num_queries(6):
        assert owner_client.get(reverse("question_list")).status_code == 200
    # The detail page: session, user, question, topics, previous, next (one indexed LIMIT 1
    # each), related (one bounded query per topic, two here), note.
    with django_assert_max_num_queries(9):
        assert owner_client.get(questions[count // 2].get_absolute_url()).status_code == 200
