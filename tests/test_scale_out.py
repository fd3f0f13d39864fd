"""Two gunicorn instances on one PostgreSQL and one Redis, as compose.yaml runs them.

The database (created for this module on TEST_DATABASE_URL's server), a redis-server of its
own and two gunicorns on free ports; the release step, the instances' command line and their
settings are read from compose.yaml (tests/compose.py), with only the addresses changed to this
host's. The test plays the reverse proxy: it sends X-Forwarded-Proto and X-Forwarded-For from
127.0.0.1, the trusted proxy here. It runs in the PostgreSQL pass of `make test` only (marker
`scale_out`); without TEST_DATABASE_URL it fails and says why.
"""

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
from http.cookies import SimpleCookie
from pathlib import Path

import dj_database_url
import psycopg
import pytest
from psycopg import sql

from tests import compose

pytestmark = pytest.mark.scale_out

BASE_DIR = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
HOST = "prep.test"
EDITOR, LEARNER, PASSWORD = "editor", "learner", "a-scale-out-passphrase-17"
VARIABLES = {  # what .env holds in a real deploy
    "DJANGO_SECRET_KEY": "scale-out-test-secret-key-not-for-production-0123456789",
    "SITE_HOST": HOST,
    "POSTGRES_PASSWORD": "unused-here",
    "DJANGO_SUPERUSER_USERNAME": EDITOR,
    "DJANGO_SUPERUSER_EMAIL": "editor@example.com",
    "DJANGO_SUPERUSER_PASSWORD": PASSWORD,
}
QUESTION = "cap-theorem"
REDIS_SERVER = "/usr/bin/redis-server"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def database_url() -> str:
    """A fresh database on TEST_DATABASE_URL's server, dropped afterwards."""
    if not os.environ.get("TEST_DATABASE_URL"):
        pytest.fail(
            "tests/test_scale_out.py needs PostgreSQL: set TEST_DATABASE_URL, e.g. "
            "postgres://postgres@127.0.0.1:5432/test (.ci/run sets it when a server answers "
            "on 127.0.0.1:5432; `make test` runs this module in its PostgreSQL pass)."
        )
    server = dj_database_url.parse(os.environ["TEST_DATABASE_URL"])
    name = f"{server['NAME']}_scale_out"
    admin = {
        "host": server["HOST"] or "127.0.0.1",
        "port": server["PORT"] or 5432,
        "user": server["USER"],
        "password": server["PASSWORD"],
    }
    with psycopg.connect(dbname="postgres", autocommit=True, **admin) as connection:
        connection.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    user = urllib.parse.quote(server["USER"] or "")
    password = f":{urllib.parse.quote(server['PASSWORD'])}" if server["PASSWORD"] else ""
    yield f"postgres://{user}{password}@{admin['host']}:{admin['port']}/{name}"
    with psycopg.connect(dbname="postgres", autocommit=True, **admin) as connection:
        connection.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )


class RedisServer:
    """compose.yaml's redis command, on a port of this test's own."""

    def __init__(self, log: Path) -> None:
        self.port = free_port()
        self.log = log
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        program, *args = compose.command("redis")
        assert program == "redis-server"
        if not Path(REDIS_SERVER).exists():
            pytest.fail(
                f"tests/test_scale_out.py needs {REDIS_SERVER}: apt-get install redis-server"
            )
        self.process = subprocess.Popen(  # noqa: S603 - Debian's redis-server, our arguments
            [REDIS_SERVER, *args, "--port", str(self.port), "--bind", "127.0.0.1"],
            stdout=self.log.open("a"),
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 10
        while True:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1) as client:
                    client.sendall(b"PING\r\n")
                    if client.recv(16).startswith(b"+PONG"):
                        return
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail(f"redis-server did not start: {self.log.read_text()}")
                time.sleep(0.1)

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None


class Cluster:
    def __init__(self, tmp: Path, database_url: str, redis: RedisServer) -> None:
        self.tmp, self.redis, self.database_url = tmp, redis, database_url
        self.ports: list[int] = []
        self.servers: list[subprocess.Popen] = []

    def environment(self, service: str) -> dict[str, str]:
        env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("DJANGO_", "DATABASE_URL", "TEST_DATABASE_URL", "REDIS_URL"))
        }
        env.update(compose.environment(service, VARIABLES))
        env.update(  # what differs on one host: the addresses, and the image's paths
            DATABASE_URL=self.database_url,
            REDIS_URL=f"redis://127.0.0.1:{self.redis.port}/0",
            DJANGO_TRUSTED_PROXIES="127.0.0.1",
            DJANGO_VAR_DIR=str(self.tmp / "var"),
            DJANGO_STATIC_ROOT=str(self.tmp / "static-collected"),
            DJANGO_SETTINGS_MODULE="interviewprep.settings",
        )
        return env

    def run(self, service: str, *command: str) -> None:
        result = subprocess.run(  # noqa: S603 - our interpreter and scripts
            command,
            cwd=BASE_DIR,
            env=self.environment(service),
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        assert result.returncode == 0, result.stdout + result.stderr

    def release(self) -> None:
        program, *args = compose.command("release")
        assert program == "python"
        self.run("release", sys.executable, *args)

    def collect_static(self) -> None:
        """What the image's build does (Dockerfile)."""
        self.run("web1", sys.executable, "manage.py", "collectstatic", "--noinput", "-v0")

    def start(self, service: str) -> None:
        program, *args = compose.command(service)
        assert program == "gunicorn"
        port = free_port()
        args[args.index("--bind") + 1] = f"127.0.0.1:{port}"
        server = subprocess.Popen(  # noqa: S603 - our gunicorn, compose.yaml's arguments
            [BIN / "gunicorn", *args],
            cwd=BASE_DIR,
            env=self.environment(service),
            stdout=subprocess.DEVNULL,
            stderr=(self.tmp / f"{service}.log").open("w"),
        )
        self.ports.append(port)
        self.servers.append(server)
        deadline = time.monotonic() + 60
        while Browser().request(port, "GET", "/healthz", expect=None)[0] != 200:
            if time.monotonic() > deadline or server.poll() is not None:
                pytest.fail(f"{service} did not start: {(self.tmp / f'{service}.log').read_text()}")
            time.sleep(0.3)

    def stop(self) -> None:
        for server in self.servers:
            server.send_signal(signal.SIGINT)  # gunicorn's quick shutdown
        for server in self.servers:
            server.wait(timeout=30)


class Browser:
    """Requests as the proxy forwards them, with this browser's cookies."""

    def __init__(self, cookies: dict[str, str] | None = None) -> None:
        self.cookies = dict(cookies or {})

    def request(self, port: int, method: str, path: str, data=None, expect: int | None = 200):
        headers = {
            "Host": HOST,
            "X-Forwarded-Proto": "https",
            "X-Forwarded-For": "198.51.100.17",
        }
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if data is not None:
            body = urllib.parse.urlencode(
                {"csrfmiddlewaretoken": self.cookies.get("csrftoken", ""), **data}, doseq=True
            )
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = f"https://{HOST}"
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode()
        except OSError:
            return 0, {}, ""
        finally:
            connection.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                if morsel["max-age"] == "0":
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        if expect is not None:
            assert response.status == expect, (method, path, response.status, text[:2000])
        return response.status, response.headers, text

    def get(self, port: int, path: str, expect: int | None = 200) -> str:
        return self.request(port, "GET", path, expect=expect)[2]

    def post(self, port: int, path: str, data: dict, expect: int | None = 302):
        if "csrftoken" not in self.cookies:
            self.get(port, "/accounts/login/")  # a page with a form sets the CSRF cookie
        return self.request(port, "POST", path, data, expect=expect)[1]

    def log_in(self, port: int, username: str) -> None:
        self.post(port, "/accounts/login/", {"username": username, "password": PASSWORD})
        assert "sessionid" in self.cookies


def healthz(port: int) -> tuple[int, dict]:
    status, _, text = Browser().request(port, "GET", "/healthz", expect=None)
    return status, json.loads(text) if text else {}


@pytest.fixture(scope="module")
def cluster(tmp_path_factory, database_url):
    tmp = tmp_path_factory.mktemp("scale_out")
    redis = RedisServer(tmp / "redis.log")
    redis.start()
    cluster = Cluster(tmp, database_url, redis)
    try:
        cluster.release()
        cluster.collect_static()
        cluster.start("web1")
        cluster.start("web2")
        sign_up = {"username": LEARNER, "password1": PASSWORD, "password2": PASSWORD}
        Browser().post(cluster.ports[0], "/accounts/signup/", sign_up)
        yield cluster
    finally:
        cluster.stop()
        redis.stop()


def question_id(database_url: str, slug: str) -> int:
    with psycopg.connect(database_url) as connection:
        (pk,) = connection.execute(
            "SELECT id FROM questions_question WHERE slug = %s", [slug]
        ).fetchone()
    return pk


def test_both_instances_are_healthy_on_the_shared_database_and_cache(cluster):
    for port in cluster.ports:
        assert healthz(port) == (200, {"database": "ok", "cache": "ok", "status": "ok"})


def test_a_log_in_on_one_instance_holds_on_the_other_and_a_log_out_ends_it_on_both(cluster):
    a, b = cluster.ports
    learner = Browser()
    learner.log_in(a, LEARNER)
    assert LEARNER in learner.get(b, "/bookmarks/")

    session = dict(learner.cookies)  # kept, as a stolen or second-tab cookie would be
    learner.post(a, "/accounts/logout/", {})

    _, headers, _ = Browser(session).request(b, "GET", "/bookmarks/", expect=302)
    assert headers["Location"].startswith("/accounts/login/")


def test_a_bookmark_made_on_one_instance_shows_on_the_other(cluster):
    a, b = cluster.ports
    learner = Browser()
    learner.log_in(b, LEARNER)
    learner.post(a, f"/questions/{QUESTION}/bookmark/", {"bookmarked": "1"})
    assert f"/questions/{QUESTION}/" in learner.get(b, "/bookmarks/")


def test_an_admin_edit_on_one_instance_shows_at_once_in_the_others_cached_page_and_search(
    cluster,
):
    a, b = cluster.ports
    visitor = Browser()
    for _ in range(2):  # the second visit is served from B's page cache
        visitor.get(b, f"/questions/{QUESTION}/")
        assert f'href="/questions/{QUESTION}/"' in visitor.get(b, "/search/?q=CAP+theorem")
    assert visitor.cookies == {}

    editor = Browser()
    editor.log_in(a, EDITOR)
    changelist = "/admin/questions/question/"
    selected = {"_selected_action": question_id(cluster.database_url, QUESTION), "index": "0"}
    editor.post(a, changelist, {"action": "unpublish", **selected})
    try:
        visitor.get(b, f"/questions/{QUESTION}/", expect=404)
        assert f'href="/questions/{QUESTION}/"' not in visitor.get(b, "/search/?q=CAP+theorem")
    finally:
        editor.post(a, changelist, {"action": "publish", **selected})
    visitor.get(b, f"/questions/{QUESTION}/")
    assert f'href="/questions/{QUESTION}/"' in visitor.get(b, "/search/?q=CAP+theorem")


def test_with_redis_stopped_both_instances_serve_pages_and_say_degraded_until_it_returns(
    cluster,
):
    learner = Browser()
    learner.log_in(cluster.ports[0], LEARNER)
    cluster.redis.stop()
    try:
        for port in cluster.ports:
            assert healthz(port) == (200, {"database": "ok", "cache": "down", "status": "degraded"})
            for path in ["/", "/questions/", f"/questions/{QUESTION}/", "/search/?q=cache"]:
                Browser().get(port, path)
            assert LEARNER in learner.get(port, "/bookmarks/")
        Browser().log_in(cluster.ports[1], LEARNER)
    finally:
        cluster.redis.start()
    deadline = time.monotonic() + 10
    while any(healthz(port)[1].get("status") != "ok" for port in cluster.ports):
        assert time.monotonic() < deadline, [healthz(port) for port in cluster.ports]
        time.sleep(0.5)
    for port in cluster.ports:
        Browser().get(port, "/")
