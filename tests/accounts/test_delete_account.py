from importlib import import_module

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.apps import apps
from django.conf import settings
from django.contrib.admin.models import ADDITION, LogEntry
from django.contrib.auth import SESSION_KEY, get_user_model
from django.contrib.sessions.models import Session
from django.db import models
from django.db.models import Q
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from accounts.email_change import send_message
from accounts.tasks import send_password_reset
from search.index import search_notes
from study.models import Bookmark, MockAnswer, ReviewLog
from tests.factories import UserFactory
from tests.study_data import fill_study_data

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery"


def leave_traces(user) -> None:
    """Rows outside the study app that name the learner: lock-out records, admin log, a queued
    password-reset mail, a session on another device."""
    now = timezone.now()
    seen = {"username": user.username, "ip_address": "10.0.0.1", "user_agent": "x"}
    AccessAttempt.objects.create(**seen, attempt_time=now, failures_since_start=2)
    AccessFailureLog.objects.create(**seen, attempt_time=now)
    AccessLog.objects.create(**seen, attempt_time=now)
    LogEntry.objects.create(user=user, action_flag=ADDITION, object_repr="x")
    with override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}):
        send_password_reset.enqueue(user.email.upper(), "testserver", False)
        send_message.enqueue("Subject", "Body", "new@example.net", user_id=user.pk)
    other_device = import_module(settings.SESSION_ENGINE).SessionStore()
    other_device[SESSION_KEY] = str(user.pk)
    other_device.create()


def remaining_rows(user_id: int, username: str) -> dict[str, int]:
    """Rows in any table that point at the user by key or name them by username, queued mail
    to their address, and sessions signed in as them."""
    user_model = get_user_model()
    found = {}
    for model in apps.get_models(include_auto_created=True):
        for field in model._meta.get_fields():
            if field.is_relation and field.concrete and field.related_model is user_model:
                count = model.objects.filter(**{field.attname: user_id}).count()
            elif isinstance(field, models.CharField) and field.name == "username":
                count = model.objects.filter(username=username).count()
            else:
                continue
            if count:
                found[f"{model._meta.label}.{field.name}"] = count
    tasks = DBTaskResult.objects.filter(
        Q(args_kwargs__args__0__iexact=f"{username}@example.com")
        | Q(args_kwargs__kwargs__user_id=user_id)
    )
    if tasks.exists():
        found["queued mail"] = tasks.count()
    sessions = [
        s for s in Session.objects.all() if s.get_decoded().get(SESSION_KEY) == str(user_id)
    ]
    if sessions:
        found["sessions"] = len(sessions)
    return found


def test_deleting_removes_every_row_of_the_learner_and_keeps_everyone_elses(client):
    learner, other = UserFactory(username="leaver"), UserFactory(username="stayer")
    questions = fill_study_data(learner)
    fill_study_data(other, questions)
    leave_traces(learner)
    leave_traces(other)
    client.force_login(learner)
    learner_id = learner.pk
    assert len(remaining_rows(learner_id, "leaver")) >= 10
    assert search_notes(learner, "words")

    response = client.post(reverse("account_delete"), {"password": PASSWORD}, follow=True)

    assert "The account “leaver” and everything in it are deleted." in response.text
    assert "Log in" in response.text
    assert remaining_rows(learner_id, "leaver") == {}
    assert not search_notes(get_user_model()(pk=learner_id), "words")  # nor in the search index
    kept = remaining_rows(other.pk, "stayer")
    assert kept["study.Bookmark.user"] == 2
    assert kept["study.ReviewLog.user"] == 3
    assert kept["axes.AccessAttempt.username"] == 1
    assert kept["sessions"] == 1
    assert kept["queued mail"] == 2
    assert MockAnswer.objects.filter(interview__user=other).count() == 2
    assert not MockAnswer.objects.exclude(interview__user=other).exists()


def test_the_page_says_what_will_be_deleted_and_offers_the_export(owner_client, owner):
    fill_study_data(owner)
    html = owner_client.get(reverse("account_delete")).text
    assert "2 bookmarks" in html
    assert "1 note</li>" in html
    assert "3 review log entries" in html
    assert "1 mock interview</li>" in html
    assert f'href="{reverse("data_export")}"' in html


def test_a_wrong_password_deletes_nothing(owner_client, owner):
    fill_study_data(owner)
    response = owner_client.post(reverse("account_delete"), {"password": "guess"})
    assert "That is not your password." in response.text
    assert get_user_model().objects.filter(pk=owner.pk).exists()
    assert Bookmark.objects.filter(user=owner).count() == 2
    assert ReviewLog.objects.filter(user=owner).count() == 3


def test_wrong_passwords_count_towards_the_lockout(owner_client, owner):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        owner_client.post(reverse("account_delete"), {"password": "guess"})
    assert AccessAttempt.objects.filter(username="owner").exists()


def test_deletion_is_a_post_for_a_signed_in_learner(client, owner):
    response = client.post(reverse("account_delete"), {"password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    client.force_login(owner)
    assert client.get(reverse("account_delete")).status_code == 200
    assert get_user_model().objects.filter(pk=owner.pk).exists()
