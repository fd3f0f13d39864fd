"""A Redis that is down or hangs is a cache miss: pages are served and nobody is logged out."""

import logging

import pytest
from django.core.cache import caches
from django.test import override_settings

from tests.factories import UserFactory
from tests.test_health import closed_port, redis_cache_at

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-enough-passphrase-42"


@pytest.fixture
def redis_down():
    cache_settings = redis_cache_at(closed_port())
    cache_settings["default"] = cache_settings["shared"]
    with override_settings(CACHES=cache_settings):
        yield


def test_every_cache_call_on_a_dead_redis_is_a_miss_and_logged(redis_down, caplog):
    cache = caches["default"]
    with caplog.at_level(logging.WARNING, logger="interviewprep.cache"):
        cache.set("k", 1)
    assert "Cache set failed" in caplog.text
    assert cache.get("k", "missing") == "missing"
    assert cache.add("k", 1) is False
    assert cache.get_many(["k"]) == {}
    assert cache.delete("k") is False
    with pytest.raises(ValueError, match="not found"):
        cache.incr("k")


def test_pages_are_served_and_learners_log_in_while_redis_is_down(
    client, redis_down, make_questions
):
    (question,) = make_questions(1)
    assert client.get("/").status_code == 200
    assert client.get(question.get_absolute_url()).status_code == 200
    assert client.get("/search/?q=cache").status_code == 200

    UserFactory(username="ada", password=PASSWORD)
    response = client.post("/accounts/login/", {"username": "ada", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/bookmarks/").status_code == 200


def test_an_edit_shows_at_once_on_logged_in_pages_while_redis_is_down(
    client, redis_down, make_questions
):
    """Without the shared content version, no cached fragment of a page is reused."""
    (question,) = make_questions(1)
    UserFactory(username="ada", password=PASSWORD)
    client.post("/accounts/login/", {"username": "ada", "password": PASSWORD})
    assert question.prompt in client.get("/questions/").text
    question.prompt = "What changed while Redis was down?"
    question.save()
    assert "What changed while Redis was down?" in client.get("/questions/").text
