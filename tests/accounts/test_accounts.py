import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.http import HttpRequest
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

STRONG = "a-long-enough-passphrase-42"


def test_signup_logs_in_and_returns_to_the_page_the_learner_came_from(client):
    response = client.post(
        reverse("signup"),
        {
            "username": "ada",
            "email": "ada@example.com",
            "password1": STRONG,
            "password2": STRONG,
            "next": "/questions/cap-theorem/",
        },
    )
    assert response.status_code == 302
    assert response.url == "/questions/cap-theorem/"
    assert client.get(reverse("home")).context["user"].username == "ada"


def test_signup_rejects_passwords_shorter_than_twelve_characters(client):
    response = client.post(
        reverse("signup"),
        {"username": "bob", "password1": "Short-pw-1", "password2": "Short-pw-1"},
    )
    assert response.status_code == 200
    assert "at least 12 characters" in response.text
    assert not User.objects.filter(username="bob").exists()


@pytest.mark.parametrize(
    "target", ["https://evil.example/", "//evil.example/path", "javascript:alert(1)"]
)
def test_signup_ignores_an_offsite_next(client, target):
    response = client.post(
        reverse("signup"),
        {"username": "eve", "password1": STRONG, "password2": STRONG, "next": target},
    )
    assert response.url == reverse("home")


def test_login_returns_to_next_and_refuses_offsite_next(client):
    UserFactory(username="ada")
    credentials = {"username": "ada", "password": "correct horse battery"}
    response = client.post(reverse("login"), {**credentials, "next": "/bookmarks/"})
    assert response.url == "/bookmarks/"
    client.logout()
    response = client.post(reverse("login"), {**credentials, "next": "https://evil.example/"})
    assert response.url == reverse("home")


def test_header_shows_who_is_logged_in(owner_client):
    html = owner_client.get(reverse("home")).text
    assert "Signed in as <strong>owner</strong>" in html
    assert "My bookmarks" in html


def test_logout_is_a_post(owner_client):
    assert owner_client.get(reverse("logout")).status_code == 405
    response = owner_client.post(reverse("logout"))
    assert response.status_code == 302
    assert "Log in" in owner_client.get(reverse("home")).text


def test_password_reset_sends_a_link_that_sets_a_new_password(client):
    UserFactory(username="ada", email="ada@example.com")
    client.post(reverse("password_reset"), {"email": "ada@example.com"})
    assert len(mail.outbox) == 1
    link = next(line for line in mail.outbox[0].body.splitlines() if "/reset/" in line)
    response = client.get(link.replace("http://testserver", ""), follow=True)
    new = "another-long-passphrase-7"
    response = client.post(
        response.redirect_chain[-1][0], {"new_password1": new, "new_password2": new}
    )
    assert response.status_code == 302
    # django-axes checks every authentication against a request.
    assert client.login(request=HttpRequest(), username="ada", password=new)


def test_password_change_needs_login_and_works(client, owner):
    assert client.get(reverse("password_change")).status_code == 302
    client.force_login(owner)
    new = "a-brand-new-passphrase-9"
    response = client.post(
        reverse("password_change"),
        {"old_password": "correct horse battery", "new_password1": new, "new_password2": new},
    )
    assert response.status_code == 302
    assert client.login(request=HttpRequest(), username="owner", password=new)


@pytest.mark.parametrize(
    "name",
    ["login", "signup", "password_reset", "password_reset_done", "password_reset_complete"],
)
def test_account_pages_render(client, name):
    assert client.get(reverse(name)).status_code == 200


def test_each_request_reads_the_learner_with_every_field_the_orm_would(owner_client, owner):
    user = owner_client.get(reverse("home")).wsgi_request.user
    fields = [field.attname for field in User._meta.concrete_fields]
    stored = User.objects.get(pk=owner.pk)
    assert {name: getattr(user, name) for name in fields} == {
        name: getattr(stored, name) for name in fields
    }
    assert user.date_joined.tzinfo is not None


def test_a_deactivated_learner_is_logged_out_at_the_next_request(owner_client, owner):
    User.objects.filter(pk=owner.pk).update(is_active=False)
    response = owner_client.get(reverse("bookmark_list"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_a_password_changed_elsewhere_logs_this_session_out(owner_client, owner):
    owner.set_password("a-brand-new-passphrase-9")
    owner.save()
    assert owner_client.get(reverse("bookmark_list")).status_code == 302


def test_a_deleted_account_is_logged_out(owner_client, owner):
    owner.delete()
    assert owner_client.get(reverse("bookmark_list")).status_code == 302
