"""django-axes: five wrong passwords lock one username from one address for fifteen minutes."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.db.models import F
from django.test import override_settings
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

RIGHT = "correct horse battery"


@pytest.fixture
def ada(db):
    return UserFactory(username="ada")


def log_in(client, username="ada", password=RIGHT, **extra):
    return client.post(reverse("login"), {"username": username, "password": password}, **extra)


def fail(client, times: int, username="ada", **extra) -> None:
    for _ in range(times):
        log_in(client, username, "wrong password", **extra)


def is_logged_in(client) -> bool:
    return client.get(reverse("home")).context["user"].is_authenticated


def test_four_failures_only_report_a_wrong_password(client, ada):
    fail(client, 3)
    response = log_in(client, password="still wrong")
    assert response.status_code == 200
    assert "Please enter a correct username and password" in response.text


def test_the_fifth_failure_locks_and_then_even_the_right_password_gets_the_lockout_page(
    client, ada
):
    fail(client, 4)
    assert log_in(client, password="wrong again").status_code == 429
    response = log_in(client)
    assert response.status_code == 429
    assert "Too many log-in attempts" in response.text
    assert not is_logged_in(client)


def test_the_lockout_page_says_how_long_and_offers_a_password_reset(client, ada):
    fail(client, 5)
    response = log_in(client)
    templates = [template.name for template in response.templates]
    assert "registration/lockout.html" in templates
    assert "base.html" in templates
    assert "paused for 15 minutes" in response.text
    assert reverse("password_reset") in response.text


def test_other_usernames_from_the_same_address_are_not_locked(client, ada):
    UserFactory(username="grace")
    fail(client, 5)
    assert log_in(client, "grace").status_code == 302
    assert is_logged_in(client)


def test_the_same_username_from_another_address_is_not_locked(client, ada):
    fail(client, 5, REMOTE_ADDR="203.0.113.7")
    assert log_in(client, REMOTE_ADDR="203.0.113.7").status_code == 429
    assert log_in(client, REMOTE_ADDR="198.51.100.2").status_code == 302


def travel(minutes: int) -> None:
    """Move the recorded failures `minutes` into the past, as if that much time had passed."""
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - timedelta(minutes=minutes))


def test_the_lockout_ends_after_fifteen_minutes(client, ada):
    fail(client, 5)
    travel(14)
    assert log_in(client).status_code == 429
    travel(16)  # the attempt just made restarted the cool-off
    assert log_in(client).status_code == 302
    assert is_logged_in(client)


def test_a_success_resets_the_count(client, ada):
    fail(client, 4)
    assert log_in(client).status_code == 302
    client.post(reverse("logout"))
    fail(client, 4)
    assert log_in(client).status_code == 302


def test_admin_log_in_is_guarded_too(client):
    UserFactory(username="boss", is_staff=True, is_superuser=True)
    for _ in range(5):
        client.post(reverse("admin:login"), {"username": "boss", "password": "guess"})
    response = client.post(reverse("admin:login"), {"username": "boss", "password": RIGHT})
    assert response.status_code == 429


@override_settings(BEHIND_PROXY=True, TRUSTED_PROXIES=["127.0.0.1"])
def test_behind_the_proxy_it_counts_the_address_the_proxy_saw(client, ada):
    # The proxy appends the address it saw; anything before it is whatever the client sent.
    fail(client, 5, HTTP_X_FORWARDED_FOR="10.9.9.9, 203.0.113.7")
    assert log_in(client, HTTP_X_FORWARDED_FOR="10.1.1.1, 203.0.113.7").status_code == 429
    assert log_in(client, HTTP_X_FORWARDED_FOR="10.9.9.9, 198.51.100.2").status_code == 302


def test_sign_up_still_logs_the_new_learner_in(client):
    password = "a-long-enough-passphrase-42"
    client.post(
        reverse("signup"), {"username": "lin", "password1": password, "password2": password}
    )
    assert is_logged_in(client)
