"""Security headers on every kind of response, and production settings that fail fast.

Production is checked in a subprocess with a clean environment: the settings module reads the
environment once, at import, so that is the only honest way to see what production gets.
"""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from tests.factories import QuestionFactory

BASE_DIR = Path(settings.BASE_DIR)

CSP_DIRECTIVES = [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
]


def assert_site_headers(response) -> None:
    policy = response.headers["Content-Security-Policy"]
    for directive in CSP_DIRECTIVES:
        assert directive in policy
    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response.headers["X-Frame-Options"] == "DENY"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/questions/",
        "/accounts/login/",
        "/accounts/signup/",
        "/admin/login/",
        "/no-such-page/",
    ],
)
def test_pages_carry_the_security_headers(client, path):
    QuestionFactory()
    assert_site_headers(client.get(path))


@pytest.mark.django_db
def test_a_cached_page_carries_them_too(client):
    question = QuestionFactory()
    client.get(question.get_absolute_url())
    assert_site_headers(client.get(question.get_absolute_url()))


@pytest.mark.django_db
def test_logged_in_pages_and_post_responses_carry_them(owner_client):
    question = QuestionFactory()
    assert_site_headers(owner_client.get(reverse("note_edit", args=[question.slug])))
    assert_site_headers(owner_client.post(reverse("markdownx_markdownify"), {"content": "*hi*"}))


@pytest.mark.django_db
def test_the_413_and_lockout_pages_carry_them(client):
    assert_site_headers(client.post("/accounts/login/", {"x": "y" * (2 * 1024 * 1024)}))
    for _ in range(5):
        response = client.post("/accounts/login/", {"username": "nobody", "password": "nope"})
    assert response.status_code == 429
    assert_site_headers(response)


def run_production(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess:
    """Run `python *args` in a clean environment: production unless `env` says otherwise."""
    clean = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "interviewprep.settings",
        "DJANGO_VAR_DIR": str(tmp_path / "var"),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        **env,
    }
    return subprocess.run(  # noqa: S603 - our own interpreter, arguments from this file
        [sys.executable, *args],
        cwd=BASE_DIR,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


PRODUCTION = {"DJANGO_SECRET_KEY": secrets.token_urlsafe(64), "DJANGO_ALLOWED_HOSTS": "example.com"}


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    result = run_production(tmp_path, "manage.py", "check", DJANGO_ALLOWED_HOSTS="example.com")
    assert result.returncode != 0
    assert "ImproperlyConfigured: DJANGO_SECRET_KEY is not set" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts(tmp_path):
    result = run_production(
        tmp_path, "manage.py", "check", DJANGO_SECRET_KEY=PRODUCTION["DJANGO_SECRET_KEY"]
    )
    assert result.returncode != 0
    assert "ImproperlyConfigured: DJANGO_ALLOWED_HOSTS is not set" in result.stderr


def test_checking_migrations_needs_no_production_settings(tmp_path):
    """It reads only the models; every command that could serve or touch data still fails fast."""
    result = run_production(tmp_path, "manage.py", "makemigrations", "--check", "--dry-run")
    assert result.returncode == 0, result.stderr
    assert "No changes detected" in result.stdout


def test_production_refuses_a_debug_value_that_is_not_true_or_false(tmp_path):
    result = run_production(tmp_path, "manage.py", "check", DJANGO_DEBUG="maybe", **PRODUCTION)
    assert result.returncode != 0
    assert "DJANGO_DEBUG must be true or false, not 'maybe'" in result.stderr


def test_the_deployment_checklist_finds_nothing(tmp_path):
    result = run_production(tmp_path, "manage.py", "check", "--deploy", **PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout
    assert "WARNING" not in result.stdout + result.stderr


# Requests made through Django's test client inside the production process. None of these
# pages touches the database, which in this process is an empty SQLite file; the static files
# are collected first, as the Dockerfile does, for the manifest storage to name them.
OBSERVE = """
import json
import django

django.setup()
from django.conf import settings
from django.test import Client

client = Client(HTTP_HOST="example.com")
proxied = {"HTTP_X_FORWARDED_PROTO": "https"}
https = client.get("/accounts/login/", secure=True)
plain = client.get("/questions/")
print(json.dumps({
    "plain_http": [plain.status_code, plain.get("Location")],
    "https": [https.status_code, dict(https.headers)],
    "https_cookies": {name: bool(morsel["secure"]) for name, morsel in https.cookies.items()},
    "proxied": [client.get("/accounts/login/", **proxied).status_code,
                client.get("/accounts/login/", **proxied).get("Strict-Transport-Security")],
    "session_cookie_secure": settings.SESSION_COOKIE_SECURE,
    "csrf_cookie_secure": settings.CSRF_COOKIE_SECURE,
}))
"""


@pytest.fixture(scope="module")
def production_dir(tmp_path_factory) -> Path:
    tmp_path = tmp_path_factory.mktemp("production")
    result = run_production(tmp_path, "manage.py", "collectstatic", "--noinput", **PRODUCTION)
    assert result.returncode == 0, result.stderr
    return tmp_path


def observe(tmp_path: Path, **env: str) -> dict:
    result = run_production(tmp_path, "-c", OBSERVE, **PRODUCTION, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def production(production_dir):
    return observe(production_dir)


@pytest.fixture(scope="module")
def behind_proxy(production_dir):
    return observe(production_dir, DJANGO_BEHIND_PROXY="true", DJANGO_TRUSTED_PROXIES="127.0.0.1")


def test_production_redirects_plain_http_to_https(production):
    assert production["plain_http"] == [301, "https://example.com/questions/"]


def test_production_sends_hsts_for_a_year_with_subdomains_and_preload(production):
    status, headers = production["https"]
    assert status == 200
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"


def test_production_sends_the_site_headers(production):
    headers = production["https"][1]
    assert "default-src 'self'" in headers["Content-Security-Policy"]
    assert "unsafe-inline" not in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"


def test_production_cookies_are_secure_only(production):
    assert production["https_cookies"] == {"csrftoken": True}
    assert production["session_cookie_secure"] is True
    assert production["csrf_cookie_secure"] is True


def test_production_does_not_trust_a_forwarded_proto_unless_told_to(production):
    assert production["proxied"] == [301, None]


def test_behind_a_proxy_a_forwarded_https_request_is_served_with_hsts(behind_proxy):
    status, hsts = behind_proxy["proxied"]
    assert status == 200
    assert hsts == "max-age=31536000; includeSubDomains; preload"
