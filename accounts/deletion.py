"""Deleting a learner: every row that belongs to them or names them, then their sessions.

The study rows (bookmarks, notes, review cards and logs, mock interviews and answers) and the
admin log go with the user through their ForeignKeys' CASCADE. django-axes keeps lock-out
records by username, not by key, the task queue keeps mail by address or in its arguments, and
sessions store the user's id inside their data, so these are found and deleted here;
tests/accounts/test_delete_account.py checks every table.
"""

from importlib import import_module

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.models import User
from django.contrib.sessions.models import Session
from django.db import transaction
from django.db.models import Q
from django_tasks_db.models import DBTaskResult


def delete_learner(user: User) -> None:
    user_id, username = str(user.pk), user.get_username()
    with transaction.atomic():
        for model in (AccessAttempt, AccessFailureLog, AccessLog):
            model.objects.filter(username=username).delete()
        queued_mail(user).delete()
        user.delete()
    end_sessions(user_id)


def queued_mail(user: User):
    """Mail tasks about the account, waiting or done: they keep its address and name."""
    about_user = Q(
        task_path="accounts.email_change.send_message", args_kwargs__kwargs__user_id=user.pk
    )
    if not user.email:
        return DBTaskResult.objects.filter(about_user)
    reset = Q(
        task_path="accounts.tasks.send_password_reset", args_kwargs__args__0__iexact=user.email
    )
    return DBTaskResult.objects.filter(about_user | reset)


def end_sessions(user_id: str) -> None:
    """Delete every session signed in as `user_id`, on any device, from the cache and table.

    Sessions keep the user id inside their encoded data, so each one is read: one pass over the
    session table (`manage.py clearsessions` would keep it to the sessions not yet expired).
    """
    store = import_module(settings.SESSION_ENGINE).SessionStore
    keys = [
        session.session_key
        for session in Session.objects.iterator(chunk_size=1000)
        if session.get_decoded().get(SESSION_KEY) == user_id
    ]
    for key in keys:
        store(session_key=key).delete()
