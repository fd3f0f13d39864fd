import io

import pytest
from django.core.cache import caches
from django.core.management import call_command

from tests.factories import QuestionFactory, TopicFactory, UserFactory


@pytest.fixture(autouse=True)
def empty_caches():
    """Each test starts with empty caches: no page cached by an earlier test's data."""
    for cache in caches.all():
        cache.clear()


@pytest.fixture(autouse=True)
def empty_search_index_after_a_flush(request, django_db_blocker):
    """A transactional test ends with `flush`, which empties the model tables but not SQLite's
    FTS5 table (it is no model): empty it too, or the next test finds stale rows."""
    yield
    marker = request.node.get_closest_marker("django_db")
    flushed = (marker and marker.kwargs.get("transaction")) or "live_server" in request.fixturenames
    if flushed:
        from search.backends import backend

        with django_db_blocker.unblock():
            backend().clear()


@pytest.fixture
def content(db):
    """The real question bank from fixtures/."""
    call_command("load_content", stdout=io.StringIO())


@pytest.fixture
def make_questions(db):
    """Create `count` published questions spread over levels and two topics."""

    def make(count: int):
        topics = [TopicFactory(slug="databases"), TopicFactory(slug="caching")]
        levels = ["beginner", "intermediate", "advanced"]
        return [
            QuestionFactory(level=levels[i % 3], topics=[topics[i % 2], topics[(i + 1) % 2]])
            for i in range(count)
        ]

    return make


@pytest.fixture
def owner(db):
    return UserFactory(username="owner")


@pytest.fixture
def stranger(db):
    return UserFactory(username="stranger")


@pytest.fixture
def owner_client(client, owner):
    client.force_login(owner)
    return client


@pytest.fixture
def stranger_client(client, stranger):
    client.force_login(stranger)
    return client
