"""One process of tests/test_concurrency.py, writing to a SQLite file through the site's settings.

    python -m tests.sqlite_writer prepare N    migrate, load the content, create N writers
    python -m tests.sqlite_writer pragmas      print the connection's PRAGMAs as JSON
    python -m tests.sqlite_writer write I R    writer I: say "ready", wait for "go" on stdin,
                                               then R rounds of note appends and bookmark toggles
    python -m tests.sqlite_writer worker       a stand-in for one gunicorn worker: reads requests
                                               as JSON lines on stdin, answers each with a line

The caller sets DATABASE_URL to the file and DJANGO_SETTINGS_MODULE to interviewprep.settings.
Not named test_*.py: pytest does not collect it.
"""

import io
import json
import sqlite3
import sys

import django

BOOKMARK_QUESTIONS = 5
VISITOR_PASSWORD = "a-visitor-passphrase-1"


def prepare(writers: int) -> None:
    from django.contrib.auth.models import User
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("load_content", stdout=io.StringIO())
    for username in ["shared", *(f"writer{i}" for i in range(writers))]:
        User.objects.create_user(username, password="not used here")
    User.objects.create_user("visitor", password=VISITOR_PASSWORD)


def pragmas() -> dict:
    from django.db import connection, transaction

    with connection.cursor() as cursor:
        found = {
            name: cursor.execute(f"PRAGMA {name}").fetchone()[0]
            for name in ["journal_mode", "synchronous", "busy_timeout", "foreign_keys"]
        }
    # IMMEDIATE means the write lock is taken at BEGIN: another writer cannot even start.
    with transaction.atomic():
        other = sqlite3.connect(connection.settings_dict["NAME"], timeout=0)
        try:
            other.execute("BEGIN IMMEDIATE")
            found["second_writer_blocked"] = False
        except sqlite3.OperationalError as error:
            found["second_writer_blocked"] = "locked" in str(error)
        finally:
            other.close()
    found["transaction_mode"] = connection.transaction_mode
    return found


def append_line(user, question, line: str) -> int:
    """Append `line` to the note as an editor would; on a stale save, retry on the fresh text.

    Returns how many retries it took.
    """
    from study.models import Note
    from study.notes import StaleNote, save_note

    note = Note.objects.filter(user=user, question=question).first()
    body, version = (note.body, note.version) if note else ("", 0)
    retries = 0
    while True:
        try:
            save_note(user=user, question=question, body=f"{body}{line}\n", base_version=version)
            return retries
        except StaleNote as stale:
            body, version = stale.current.body, stale.current.version
            retries += 1


def write(worker: int, rounds: int) -> dict:
    from django.contrib.auth.models import User
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django.urls import reverse

    from questions.models import Question

    setup_test_environment()  # lets the test client's host through ALLOWED_HOSTS
    questions = list(Question.objects.published().order_by("slug")[: BOOKMARK_QUESTIONS + 2])
    own_note, shared_note, bookmarkable = questions[0], questions[1], questions[2:]
    me, shared = User.objects.get(username=f"writer{worker}"), User.objects.get(username="shared")
    client = Client()
    client.force_login(me)
    print("ready", flush=True)
    sys.stdin.readline()

    retries = 0
    last_toggle: dict[str, bool] = {}
    for n in range(rounds):
        line = f"writer{worker} line {n}"
        retries += append_line(me, own_note, line)
        retries += append_line(shared, shared_note, line)
        question = bookmarkable[(n * (worker + 1)) % len(bookmarkable)]
        wanted = (n + worker) % 3 != 0
        response = client.post(
            reverse("bookmark_toggle", args=[question.slug]),
            {"bookmarked": "1" if wanted else "0"},
            headers={"accept": "application/json"},
        )
        assert response.json() == {"bookmarked": wanted}, response.content
        last_toggle[question.slug] = wanted
    return {"retries": retries, "bookmarks": last_toggle}


def worker() -> None:
    """Answer `{"method", "path", "data", "cookies"}` lines with `{"status", "location", "cookies",
    "text"}`.

    Its own process, so its own in-memory caches: what two of these agree on, gunicorn's
    workers agree on.
    """
    from django.conf import settings
    from django.test import Client, override_settings
    from django.test.utils import setup_test_environment

    setup_test_environment()
    # Plain static URLs: the pages render without collecting static files first.
    storages = {**settings.STORAGES}
    storages["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    override_settings(STORAGES=storages).enable()
    print("ready", flush=True)
    for line in sys.stdin:
        request = json.loads(line)
        client = Client()
        client.cookies.load(request.get("cookies", {}))
        send = client.post if request["method"] == "POST" else client.get
        response = send(request["path"], request.get("data", {}))
        answer = {
            "status": response.status_code,
            "location": response.get("Location"),
            "cookies": {name: morsel.value for name, morsel in response.cookies.items()},
            "text": response.content.decode(),
        }
        print(json.dumps(answer), flush=True)


def main() -> None:
    django.setup()
    command, *args = sys.argv[1:]
    if command == "prepare":
        prepare(int(args[0]))
    elif command == "pragmas":
        print(json.dumps(pragmas()))
    elif command == "write":
        print(json.dumps(write(int(args[0]), int(args[1]))), flush=True)
    elif command == "worker":
        worker()
    else:
        raise SystemExit(f"unknown command {command!r}")


if __name__ == "__main__":
    main()
