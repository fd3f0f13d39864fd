import re
import time

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.urls import reverse

from accounts import email_change
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery"


def ask(client, email: str, password: str = PASSWORD):
    return client.post(reverse("email_change"), {"email": email, "password": password})


def link_in_last_mail() -> str:
    return re.search(r"http://testserver(\S+)", mail.outbox[-1].body)[1]


def test_a_link_sent_to_the_new_address_changes_it_after_a_post(owner_client, owner):
    response = ask(owner_client, "New@Example.com")
    assert "We sent a link to <strong>New@example.com</strong>" in response.text
    assert mail.outbox[-1].to == ["New@example.com"]
    link = link_in_last_mail()
    page = owner_client.get(link)
    assert "Use <strong>New@example.com</strong>" in page.text
    owner.refresh_from_db()
    assert owner.email == "owner@example.com"  # the GET changed nothing

    response = owner_client.post(link, follow=True)
    assert "Your e-mail address is now New@example.com." in response.text
    owner.refresh_from_db()
    assert owner.email == "New@example.com"
    notice = mail.outbox[-1]
    assert notice.to == ["owner@example.com"]
    assert "was changed to New@example.com" in notice.body


def test_the_link_works_once(owner_client):
    ask(owner_client, "new@example.com")
    link = link_in_last_mail()
    owner_client.post(link)
    response = owner_client.post(link)
    assert response.status_code == 400
    assert "already used" in response.text


def test_an_address_another_account_uses_is_refused_whatever_its_case(owner_client):
    UserFactory(username="other", email="taken@example.com")
    response = ask(owner_client, "TAKEN@example.com")
    assert "Another account uses that address." in response.text
    assert not mail.outbox


def test_an_address_taken_after_the_link_was_sent_is_refused(owner_client, owner):
    ask(owner_client, "new@example.com")
    UserFactory(username="quick", email="NEW@example.com")
    response = owner_client.post(link_in_last_mail())
    assert response.status_code == 400
    owner.refresh_from_db()
    assert owner.email == "owner@example.com"


def test_a_wrong_password_sends_nothing(owner_client):
    response = ask(owner_client, "new@example.com", password="guess")
    assert "That is not your password." in response.text
    assert not mail.outbox


def test_an_expired_or_forged_link_changes_nothing(owner_client, owner, monkeypatch):
    real_time = time.time
    monkeypatch.setattr(time, "time", lambda: real_time() - 3 * 24 * 3600)
    token = email_change.make_token(owner, "new@example.com")
    monkeypatch.setattr(time, "time", real_time)
    for link in (reverse("email_confirm", args=[token]), reverse("email_confirm", args=["x:y"])):
        response = owner_client.post(link)
        assert response.status_code == 400
        assert "expired or is not valid" in response.text
    owner.refresh_from_db()
    assert owner.email == "owner@example.com"


def test_someone_elses_link_is_a_404(client, owner, stranger):
    token = email_change.make_token(owner, "new@example.com")
    client.force_login(stranger)
    assert client.post(reverse("email_confirm", args=[token])).status_code == 404
    assert User.objects.get(pk=owner.pk).email == "owner@example.com"


def test_anonymous_is_sent_to_log_in(client, owner):
    token = email_change.make_token(owner, "new@example.com")
    for url in (reverse("email_change"), reverse("email_confirm", args=[token])):
        response = client.post(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
