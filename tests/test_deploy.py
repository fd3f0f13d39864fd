"""The deploy recipe: compose.yaml, deploy/Caddyfile, the Dockerfile and the settings they set.

No Docker engine runs here, so compose.yaml is read as data and held to what
tests/test_scale_out.py runs (it reads the same file through tests/compose.py): the services,
the release step before the web instances, the instances' command and settings, one trusted
proxy, and only the proxy published.
"""

import json
import re
import subprocess
from pathlib import Path

import pytest

from tests import compose
from tests.test_security_headers import PRODUCTION, run_production

BASE_DIR = Path(__file__).resolve().parent.parent
WEBS = ["web1", "web2"]
EXAMPLE_ENV = dict(
    line.split("=", 1)
    for line in (BASE_DIR / "deploy/example.env").read_text().splitlines()
    if line and not line.startswith("#")
)


@pytest.fixture
def services() -> dict:
    return compose.services()


def filled_in(**values: str) -> dict[str, str]:
    return {**EXAMPLE_ENV, "DJANGO_SECRET_KEY": "k", "POSTGRES_PASSWORD": "p", **values}


def test_compose_runs_postgres_redis_a_release_step_two_web_instances_and_the_proxy(services):
    assert set(services) == {"postgres", "redis", "release", *WEBS, "worker", "proxy"}


def test_the_task_worker_runs_with_the_web_instances_settings_after_the_release(services):
    assert compose.command("worker") == ["python", "manage.py", "db_worker", "--no-reload"]
    assert compose.environment("worker", filled_in()) == compose.environment("web1", filled_in())
    assert services["worker"]["depends_on"] == services["web1"]["depends_on"]
    assert services["worker"]["healthcheck"] == {"disable": True}  # it serves no /healthz


def test_the_web_instances_start_after_the_release_step_succeeded(services):
    assert compose.command("release") == ["python", "bin/release"]
    assert services["release"]["restart"] == "no"
    assert services["release"]["depends_on"]["postgres"] == {"condition": "service_healthy"}
    for web in WEBS:
        assert services[web]["depends_on"]["release"] == {
            "condition": "service_completed_successfully"
        }


def test_both_instances_run_gunicorn_from_its_config_with_the_same_settings(services):
    first, second = (compose.command(web) for web in WEBS)
    assert first == second
    assert first[:4] == ["gunicorn", "-c", "gunicorn.conf.py", "interviewprep.wsgi"]
    assert "--bind" in first
    assert compose.environment("web1", filled_in()) == compose.environment("web2", filled_in())


def test_the_instances_share_postgres_and_redis_and_know_there_are_two(services):
    env = compose.environment("web1", filled_in())
    assert env["DATABASE_URL"].startswith("postgres://")
    assert "@postgres:5432/" in env["DATABASE_URL"]
    assert env["REDIS_URL"] == "redis://redis:6379/0"
    assert env["DJANGO_INSTANCES"] == str(len(WEBS))
    # A cache only: no snapshot can bring back what the database has moved past.
    assert compose.command("redis") == ["redis-server", "--save", "", "--appendonly", "no"]


def test_only_the_proxy_is_published_and_it_is_the_one_trusted_address(services):
    published = {name for name, service in services.items() if "ports" in service}
    assert published == {"proxy"}
    proxy_address = services["proxy"]["networks"]["backend"]["ipv4_address"]
    env = compose.environment("web1", filled_in())
    assert env["DJANGO_BEHIND_PROXY"] == "true"
    assert env["DJANGO_TRUSTED_PROXIES"] == proxy_address


def test_the_proxy_forwards_to_both_instances_with_the_shipped_caddyfile(services):
    proxy = services["proxy"]
    assert "./deploy/Caddyfile:/etc/caddy/Caddyfile:ro" in proxy["volumes"]
    bind = compose.command("web1")[compose.command("web1").index("--bind") + 1]
    port = bind.rsplit(":", 1)[1]
    assert proxy["environment"]["UPSTREAMS"].split() == [f"{web}:{port}" for web in WEBS]
    caddyfile = (BASE_DIR / "deploy/Caddyfile").read_text()
    assert "reverse_proxy {$UPSTREAMS}" in caddyfile
    assert "health_uri /healthz" in caddyfile


def test_every_setting_compose_gives_the_site_is_one_the_site_reads(services):
    readers = [
        (BASE_DIR / "interviewprep/settings.py").read_text(),
        (BASE_DIR / "accounts/management/commands/ensure_superuser.py").read_text(),
    ]
    for service in ["release", *WEBS, "worker"]:
        for name in services[service]["environment"]:
            assert any(f'"{name}"' in source for source in readers), name


def test_every_required_value_is_in_the_example_env_file():
    text = compose.COMPOSE_FILE.read_text()
    required = set(re.findall(r"\$\{(\w+):\?", text))
    assert required <= set(EXAMPLE_ENV)


def test_static_files_are_collected_outside_the_var_volume():
    dockerfile = (BASE_DIR / "Dockerfile").read_text()
    var_dir = re.search(r"DJANGO_VAR_DIR=(\S+)", dockerfile)[1]
    static_root = re.search(r"DJANGO_STATIC_ROOT=(\S+)", dockerfile)[1]
    assert not static_root.startswith(var_dir.rstrip("/") + "/")
    assert 'CMD ["python", "bin/healthcheck"]' in dockerfile


def test_the_static_root_follows_django_static_root(tmp_path):
    found = run_production(
        tmp_path,
        "-c",
        "from django.conf import settings; print(settings.STATIC_ROOT)",
        **PRODUCTION,
        DJANGO_STATIC_ROOT=str(tmp_path / "static-collected"),
    )
    assert found.stdout.strip() == str(tmp_path / "static-collected"), found.stderr


def settings_of(tmp_path: Path, **env: str) -> subprocess.CompletedProcess:
    show = (
        "import json, django; from django.conf import settings; django.setup(); "
        "print(json.dumps({'db': settings.DATABASES['default'].get('OPTIONS', {}), "
        "'cache': settings.CACHES['shared'], 'sessions': settings.SESSION_ENGINE}, default=str))"
    )
    return run_production(tmp_path, "-c", show, **PRODUCTION, **env)


def test_more_than_one_instance_without_redis_refuses_to_start(tmp_path):
    result = settings_of(tmp_path, DJANGO_INSTANCES="2")
    assert result.returncode != 0
    assert "DJANGO_INSTANCES is 2 but REDIS_URL is not set" in result.stderr


def test_behind_a_proxy_without_trusted_proxies_refuses_to_start(tmp_path):
    result = settings_of(tmp_path, DJANGO_BEHIND_PROXY="true")
    assert result.returncode != 0
    assert "DJANGO_TRUSTED_PROXIES is empty" in result.stderr


def test_postgres_and_redis_get_timeouts_and_sessions_live_in_the_database(tmp_path):
    result = settings_of(
        tmp_path,
        DATABASE_URL="postgres://u@db.invalid:5432/x",
        REDIS_URL="redis://cache.invalid:6379/0",
        DJANGO_INSTANCES="2",
    )
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout.strip().splitlines()[-1])
    assert found["db"]["connect_timeout"] == 2
    assert found["cache"]["BACKEND"] == "interviewprep.cache.ForgivingRedisCache"
    assert found["cache"]["OPTIONS"]["socket_connect_timeout"] < 1
    assert found["cache"]["OPTIONS"]["socket_timeout"] < 1
    assert found["sessions"] == "django.contrib.sessions.backends.db"


def test_gunicorn_trusts_forwarded_headers_from_the_same_proxies_as_django(monkeypatch):
    monkeypatch.setenv("DJANGO_TRUSTED_PROXIES", "172.30.0.10")
    config: dict = {}
    exec((BASE_DIR / "gunicorn.conf.py").read_text(), config)  # noqa: S102 - our config file
    assert config["forwarded_allow_ips"] == "172.30.0.10"
