"""gunicorn as `make run` and the Docker image start it (gunicorn.conf.py)."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parent.parent
GUNICORN = Path(sys.executable).parent / "gunicorn"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def one_worker(tmp_path):
    """The site under gunicorn.conf.py with a single worker process, on a scratch var dir."""
    port = free_port()
    env = {**os.environ, "DJANGO_LOCAL": "true", "DJANGO_VAR_DIR": str(tmp_path)}
    env.pop("DATABASE_URL", None)
    server = subprocess.Popen(  # noqa: S603 - our gunicorn, our settings
        [
            *(GUNICORN, "-c", "gunicorn.conf.py", "interviewprep.wsgi"),
            *("--bind", f"127.0.0.1:{port}", "--workers", "1", "--access-logfile", "/dev/null"),
        ],
        cwd=BASE_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            urllib.request.urlopen(base + "/healthz", timeout=2)  # noqa: S310 - loopback
            break
        except OSError:
            if time.monotonic() > deadline or server.poll() is not None:
                server.kill()
                pytest.fail("gunicorn did not start with gunicorn.conf.py")
            time.sleep(0.2)
    yield port, base
    server.terminate()
    server.wait(timeout=10)


def test_slow_clients_do_not_hold_up_the_health_check(one_worker):
    """Sockets that trickle their headers each hold a thread, not the worker."""
    port, base = one_worker
    slow = []
    for _ in range(3):  # one worker, four threads: three slow clients leave one thread free
        client = socket.create_connection(("127.0.0.1", port))
        client.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")  # and never the blank line
        slow.append(client)
    time.sleep(0.5)
    try:
        started = time.monotonic()
        with urllib.request.urlopen(base + "/healthz", timeout=5) as response:  # noqa: S310
            assert response.status == 200
        assert time.monotonic() - started < 5
    finally:
        for client in slow:
            client.close()


def test_the_config_recycles_workers_with_jitter_and_uses_threads():
    config: dict = {}
    exec((BASE_DIR / "gunicorn.conf.py").read_text(), config)  # noqa: S102 - our config file
    assert config["worker_class"] == "gthread"
    assert config["threads"] >= 4
    assert config["max_requests"] > 0
    assert config["max_requests_jitter"] > 0
    assert config["preload_app"] is True


def test_the_local_database_and_secret_key_are_readable_by_their_owner_only(tmp_path):
    env = {**os.environ, "DJANGO_LOCAL": "true", "DJANGO_VAR_DIR": str(tmp_path / "var")}
    env.pop("DATABASE_URL", None)
    subprocess.run(
        [sys.executable, "-c", "import interviewprep.settings"], cwd=BASE_DIR, env=env, check=True
    )
    for name in ("db.sqlite3", "secret_key"):
        assert (tmp_path / "var" / name).stat().st_mode & 0o777 == 0o600, name
