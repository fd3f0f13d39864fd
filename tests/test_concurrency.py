"""Several processes at once: SQLite under concurrent writers (no "database is locked", no lost
write), and worker processes that must agree on a learner's session and due count.

SQLite-specific by design: the module builds its own file database (WAL needs a file; the test
database is in memory), migrated and loaded, and drives it from separate processes through
the site's real settings (tests/sqlite_writer.py). It runs the same on the PostgreSQL pass.
"""

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

from tests.sqlite_writer import VISITOR_PASSWORD

WRITERS = 4
ROUNDS = 60  # each round: two note appends and one bookmark toggle, so 720 writes in all


def writer_env(tmp_path: Path) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_URL", "TEST_DATABASE_URL", "REDIS_URL"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="interviewprep.settings",
        DJANGO_LOCAL="true",
        DJANGO_VAR_DIR=str(tmp_path / "var"),
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
    )
    return env


def run_python(tmp_path: Path, *args: str) -> str:
    """`python *args` with the site's real settings on `tmp_path`'s database; its output."""
    result = subprocess.run(  # noqa: S603 - our own interpreter, arguments from this file
        [sys.executable, *args],
        cwd=settings.BASE_DIR,
        env=writer_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def run_writer(tmp_path: Path, *args: str) -> str:
    return run_python(tmp_path, "-m", "tests.sqlite_writer", *args)


def start_writer(tmp_path: Path, *args: str) -> subprocess.Popen:
    """A `tests.sqlite_writer` process to talk to over its standard input and output."""
    return subprocess.Popen(  # noqa: S603 - our own interpreter, arguments from this file
        [sys.executable, "-m", "tests.sqlite_writer", *args],
        cwd=settings.BASE_DIR,
        env=writer_env(tmp_path),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.fixture(scope="module")
def workdir(tmp_path_factory) -> Path:
    """A migrated file database with the question bank and the writers' accounts."""
    workdir = tmp_path_factory.mktemp("sqlite")
    run_writer(workdir, "prepare", str(WRITERS))
    return workdir


def test_wal_normal_sync_busy_timeout_and_immediate_transactions_are_in_effect(workdir):
    found = json.loads(run_writer(workdir, "pragmas"))
    assert found == {
        "journal_mode": "wal",
        "synchronous": 1,  # NORMAL
        "busy_timeout": 20_000,
        "foreign_keys": 1,
        "second_writer_blocked": True,
        "transaction_mode": "IMMEDIATE",
    }


def test_concurrent_writers_lose_nothing_and_never_see_a_locked_database(workdir):
    writers = [start_writer(workdir, "write", str(i), str(ROUNDS)) for i in range(WRITERS)]
    for writer in writers:  # all set up, then all start at once
        assert writer.stdout.readline().strip() == "ready", writer.communicate()[1]
    for writer in writers:
        writer.stdin.write("go\n")
        writer.stdin.flush()
    results = []
    for writer in writers:
        out, err = writer.communicate(timeout=300)
        assert "database is locked" not in err
        assert writer.returncode == 0, err
        results.append(json.loads(out.strip().splitlines()[-1]))

    db = sqlite3.connect(workdir / "db.sqlite3")
    notes = dict(
        db.execute(
            "SELECT u.username || ' ' || q.slug, n.body FROM questions_note n "
            "JOIN auth_user u ON u.id = n.user_id JOIN questions_question q ON q.id = n.question_id"
        ).fetchall()
    )
    bookmarks = set(
        db.execute(
            "SELECT u.username, q.slug FROM questions_bookmark b "
            "JOIN auth_user u ON u.id = b.user_id JOIN questions_question q ON q.id = b.question_id"
        ).fetchall()
    )
    own_slug, shared_slug = [
        slug for (slug,) in db.execute("SELECT slug FROM questions_question ORDER BY slug")
    ][:2]
    db.close()

    for i in range(WRITERS):
        expected = [f"writer{i} line {n}" for n in range(ROUNDS)]
        assert notes[f"writer{i} {own_slug}"].splitlines() == expected
    shared_lines = notes[f"shared {shared_slug}"].splitlines()
    assert len(shared_lines) == WRITERS * ROUNDS
    for i in range(WRITERS):
        mine = [line for line in shared_lines if line.startswith(f"writer{i} ")]
        assert mine == [f"writer{i} line {n}" for n in range(ROUNDS)]

    for i, result in enumerate(results):
        for slug, wanted in result["bookmarks"].items():
            assert ((f"writer{i}", slug) in bookmarks) is wanted, (i, slug)


class Worker:
    """One `tests.sqlite_writer worker` process: a gunicorn worker with its own memory."""

    def __init__(self, workdir: Path) -> None:
        self.process = start_writer(workdir, "worker")
        assert self.process.stdout.readline().strip() == "ready", self.process.communicate()[1]

    def send(self, method: str, path: str, cookies: dict, data: dict | None = None) -> dict:
        request = {"method": method, "path": path, "cookies": cookies, "data": data or {}}
        self.process.stdin.write(json.dumps(request) + "\n")
        self.process.stdin.flush()
        line = self.process.stdout.readline()
        assert line, self.process.communicate()[1]
        return json.loads(line)

    def stop(self) -> None:
        self.process.communicate(timeout=60)
        assert self.process.returncode == 0


@pytest.fixture
def two_workers(workdir):
    workers = [Worker(workdir), Worker(workdir)]
    yield workers
    for worker in workers:
        worker.stop()


def log_in_visitor(worker: Worker) -> dict:
    answer = worker.send(
        "POST", "/accounts/login/", {}, {"username": "visitor", "password": VISITOR_PASSWORD}
    )
    assert answer["status"] == 302, answer["text"]
    return {"sessionid": answer["cookies"]["sessionid"]}


def test_logging_out_in_one_worker_ends_the_session_in_every_worker(two_workers):
    first, second = two_workers
    session = log_in_visitor(first)
    assert second.send("GET", "/bookmarks/", session)["status"] == 200

    assert first.send("POST", "/accounts/logout/", session)["status"] == 302

    after = second.send("GET", "/bookmarks/", session)
    assert after["status"] == 302
    assert after["location"].startswith("/accounts/login/")


def test_a_question_added_to_review_in_one_worker_shows_in_every_workers_due_count(two_workers):
    first, second = two_workers
    session = log_in_visitor(first)
    assert "count-badge" not in second.send("GET", "/", session)["text"]

    one_question = {"scope": "question", "value": "cap-theorem"}
    added = first.send("POST", "/review/add/", session, one_question)
    assert added["status"] == 302

    assert '<span class="count-badge">1<' in second.send("GET", "/", session)["text"]


def test_loading_the_app_opens_no_database_connection_for_gunicorn_to_fork(workdir):
    """`make run` starts gunicorn with --preload: the workers are forked from the loaded app,
    and a connection opened before the fork would be shared by all of them."""
    check = (
        "import interviewprep.wsgi\n"
        "from django.db import connections\n"
        "print([alias for alias in connections if connections[alias].connection is not None])\n"
    )
    assert run_python(workdir, "-c", check).strip() == "[]"
