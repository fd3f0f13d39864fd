"""Every search statement is bounded in time; past it, a search gets a message, not a 500."""

import time
from contextlib import contextmanager

import pytest
from django.db import connection
from django.urls import reverse

from search import views
from search.deadline import SearchTimeout, time_limit
from tests.factories import QuestionFactory

pytestmark = pytest.mark.django_db

# Seconds of work on either database: a recursive count on SQLite, a sleep on PostgreSQL.
SLOW_SQL = {
    "sqlite": "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 50000000)"
    " SELECT count(*) FROM c",
    "postgresql": "SELECT pg_sleep(3)",
}


def run(sql: str):
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchone()


def test_a_statement_past_the_limit_is_stopped_quickly():
    started = time.monotonic()
    with pytest.raises(SearchTimeout), time_limit(0.1):
        run(SLOW_SQL[connection.vendor])
    assert time.monotonic() - started < 2


def test_statements_within_the_limit_run_and_the_limit_ends_with_the_block():
    with time_limit(5):
        assert run("SELECT 1 + 1") == (2,)
        if connection.vendor == "postgresql":  # search reads matches through the GIN indexes
            assert run("SHOW enable_seqscan") == ("off",)
            assert run("SHOW jit") == ("off",)
    if connection.vendor == "postgresql":
        assert run("SHOW statement_timeout") == ("0",)
        assert run("SHOW enable_seqscan") == ("on",)
    else:  # no progress handler left behind: a long statement now runs to its end
        count = (
            "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 300000)"
            " SELECT count(*) FROM c"
        )
        assert run(count) == (300000,)


def test_other_database_errors_are_not_taken_for_a_timeout():
    with pytest.raises(Exception, match=r"no_such_table|does not exist") as error, time_limit(5):
        run("SELECT * FROM no_such_table")
    assert not isinstance(error.value, SearchTimeout)


def test_a_search_that_times_out_says_so_with_a_503_and_retry_after(client, monkeypatch):
    QuestionFactory(prompt="How does a cache stampede happen?")

    @contextmanager
    def expired(seconds):
        raise SearchTimeout
        yield

    monkeypatch.setattr(views, "time_limit", expired)
    response = client.get(reverse("search"), {"q": "cache"})
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert "took too long and was stopped" in response.content.decode()
    assert 'value="cache"' in response.content.decode()  # the form keeps the text to refine


def test_the_search_page_runs_under_the_configured_limit(client, settings, monkeypatch):
    QuestionFactory(prompt="How does a cache stampede happen?")
    limits = []
    real = views.time_limit

    @contextmanager
    def recording(seconds):
        limits.append(seconds)
        with real(seconds):
            yield

    monkeypatch.setattr(views, "time_limit", recording)
    settings.SEARCH_TIME_LIMIT = 1.5
    response = client.get(reverse("search"), {"q": "stampede"})
    assert response.status_code == 200
    assert "1 question found" in response.content.decode()
    assert limits == [1.5]
