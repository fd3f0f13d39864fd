"""/healthz: the database and the shared cache reported apart, within a second whatever hangs."""

import json
import socket
import time

import pytest
from django.db import DatabaseError, connections
from django.test import override_settings

from tests.test_security_headers import PRODUCTION, run_production

pytestmark = pytest.mark.django_db


@pytest.fixture
def silent_server():
    """A port that accepts connections and never answers (the kernel completes the handshake)."""
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(16)
        yield server.getsockname()[1]


def redis_cache_at(port: int) -> dict:
    return {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "fragments": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "shared": {
            "BACKEND": "interviewprep.cache.ForgivingRedisCache",
            "LOCATION": f"redis://127.0.0.1:{port}/0",
            "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.5},
        },
    }


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_healthz_reports_database_and_cache_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "cache": "ok", "status": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_healthz_answers_503_down_when_the_database_fails(client, monkeypatch):
    def broken(*args, **kwargs):
        raise DatabaseError("down")

    # On the class: the check opens its own connection, in a thread of its own.
    monkeypatch.setattr(type(connections["default"]), "cursor", broken)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"database": "down", "cache": "ok", "status": "down"}


def test_healthz_answers_within_a_second_when_the_database_hangs(client, monkeypatch):
    def hangs(*args, **kwargs):
        time.sleep(3)
        raise DatabaseError("gave up")

    client.get("/healthz")  # the first request loads the URLs and middleware: not timed
    monkeypatch.setattr(type(connections["default"]), "cursor", hangs)
    started = time.monotonic()
    response = client.get("/healthz")
    assert time.monotonic() - started < 1
    assert response.status_code == 503
    assert response.json()["database"] == "down"


def test_healthz_says_degraded_with_200_when_redis_is_down(client):
    with override_settings(CACHES=redis_cache_at(closed_port())):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "cache": "down", "status": "degraded"}


def test_healthz_answers_within_a_second_when_redis_hangs(client, silent_server):
    client.get("/healthz")  # the first request loads the URLs and middleware: not timed
    with override_settings(CACHES=redis_cache_at(silent_server)):
        started = time.monotonic()
        response = client.get("/healthz")
        elapsed = time.monotonic() - started
    assert elapsed < 1
    assert response.status_code == 200
    assert response.json()["status"] == "degraded"


PROBE = """
import json, time, django
django.setup()
from django.test import Client
client = Client()
client.get("/healthz", HTTP_HOST="example.com", secure=True)  # loads the URLs and middleware
started = time.monotonic()
response = client.get("/healthz", HTTP_HOST="example.com", secure=True)
print(json.dumps([response.status_code, response.json(), time.monotonic() - started]))
"""


def test_healthz_answers_within_a_second_when_postgres_and_redis_accept_but_never_answer(
    tmp_path, silent_server
):
    """The site's real settings (connect timeouts included) against servers that hang."""
    result = run_production(
        tmp_path,
        "-c",
        PROBE,
        **PRODUCTION,
        DATABASE_URL=f"postgres://nobody@127.0.0.1:{silent_server}/nothing",
        REDIS_URL=f"redis://127.0.0.1:{silent_server}/0",
    )
    assert result.returncode == 0, result.stderr
    status, report, elapsed = json.loads(result.stdout.strip().splitlines()[-1])
    assert (status, report) == (503, {"database": "down", "cache": "down", "status": "down"})
    assert elapsed < 1
