"""Rate limits: sign-up, password reset (per address and per mailbox), failed log-ins per address
across usernames, the Markdown preview. Each answers with the 429 page and a Retry-After."""

from datetime import UTC, datetime, timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts import throttle
from accounts.models import RequestCount
from tests.factories import QuestionFactory, UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery"


def signup(client, n: int, **extra):
    data = {"username": f"learner{n}", "password1": PASSWORD, "password2": PASSWORD}
    return client.post(reverse("signup"), data, **extra)


def assert_throttled(response, what: str) -> None:
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 3600
    html = response.text
    assert what in html
    assert "Please try again in" in html


def test_sign_up_is_limited_per_address_and_other_addresses_carry_on(client):
    for n in range(throttle.SIGNUP.limit):
        assert signup(client, n).status_code == 302
        client.logout()
    assert_throttled(signup(client, 99), "sign-up attempts from your network")
    assert not UserFactory._meta.model.objects.filter(username="learner99").exists()
    assert signup(client, 100, REMOTE_ADDR="10.9.8.7").status_code == 302


def test_an_email_address_belongs_to_one_account_whatever_its_case(client):
    UserFactory(username="ada", email="Ada@Example.com")
    data = {"username": "eve", "email": "ada@EXAMPLE.com", "password1": PASSWORD}
    response = client.post(reverse("signup"), {**data, "password2": PASSWORD})
    assert response.status_code == 200
    assert "An account already uses this e-mail address" in response.text


def test_password_reset_requests_are_limited_per_address(client):
    for _ in range(throttle.PASSWORD_RESET.limit):
        response = client.post(reverse("password_reset"), {"email": "nobody@example.com"})
        assert response.status_code == 302
    response = client.post(reverse("password_reset"), {"email": "nobody@example.com"})
    assert_throttled(response, "password-reset requests from your network")


def test_one_mailbox_gets_at_most_a_few_reset_mails_an_hour(client):
    UserFactory(username="ada", email="ada@example.com")
    for n in range(6):  # from six addresses, so the per-address limit never applies
        client.post(
            reverse("password_reset"), {"email": "ada@example.com"}, REMOTE_ADDR=f"10.0.0.{n}"
        )
    assert len(mail.outbox) == throttle.RESET_MAIL.limit


QUEUED_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


# The worker closes its database connection after its batch, as it would in production, so this
# test commits for real rather than inside a test transaction.
@pytest.mark.django_db(transaction=True)
@override_settings(TASKS=QUEUED_TASKS)
def test_a_reset_request_does_the_same_work_for_known_and_unknown_addresses(client):
    UserFactory(username="ada", email="ada@example.com")
    client.post(reverse("password_reset"), {"email": "first@example.com"})  # opens the window
    answers = {}
    for email in ["ada@example.com", "nobody@example.com"]:
        with CaptureQueriesContext(connection) as queries:
            response = client.post(reverse("password_reset"), {"email": email})
        answers[email] = (response.status_code, response.url, len(queries))
    assert answers["ada@example.com"] == answers["nobody@example.com"]
    assert mail.outbox == []  # nothing is mailed inside a request
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    assert [message.to for message in mail.outbox] == [["ada@example.com"]]  # only the account
    assert "/reset/" in mail.outbox[0].body


def log_in(client, username, password="wrong password", **extra):  # noqa: S107
    data = {"username": username, "password": password}
    return client.post(reverse("login"), data, **extra)


def test_failed_log_ins_from_one_address_pause_every_username_from_it(client):
    UserFactory(username="ada", password=PASSWORD)
    for n in range(
        throttle.FAILED_LOGINS.limit
    ):  # a different username each time: axes never locks
        assert log_in(client, f"guess{n}").status_code == 200
    assert_throttled(log_in(client, "ada", PASSWORD), "failed log-ins from your network")
    # The admin's log-in form authenticates through the same backends: refused too.
    admin = client.post(reverse("admin:login"), {"username": "ada", "password": PASSWORD})
    assert admin.status_code == 200
    assert not client.session.get("_auth_user_id")
    # Another address is not affected.
    assert log_in(client, "ada", PASSWORD, REMOTE_ADDR="10.1.2.3").status_code == 302


def test_the_markdown_preview_is_limited_per_learner(client):
    client.force_login(UserFactory())
    QuestionFactory()
    url = reverse("markdownx_markdownify")
    for _ in range(throttle.PREVIEW.limit):
        assert client.post(url, {"content": "*hi*"}).status_code == 200
    assert_throttled(client.post(url, {"content": "*hi*"}), "Markdown previews")


def test_passed_windows_are_forgotten_when_a_new_one_starts():
    past = datetime.now(UTC) - timedelta(hours=2)
    RequestCount.objects.create(key="signup:1:old", hits=50, expires_at=past)
    assert throttle.hit(throttle.SIGNUP, "10.0.0.1") is None
    assert list(RequestCount.objects.values_list("hits", flat=True)) == [1]


def test_clients_are_not_stored_in_the_clear():
    throttle.hit(throttle.RESET_MAIL, "ada@example.com")
    key = RequestCount.objects.get().key
    assert "ada" not in key
    assert key.startswith("reset-mail:")
