"""A change of e-mail address, confirmed by a signed link sent to the new address.

No table is needed: the link carries the account, its current address and the new one, signed
with the site's secret (django.core.signing) and valid for EMAIL_CHANGE_MAX_AGE. It stops
working once the address has changed, since the current address it names is then out of date.
"""

from datetime import timedelta

from django.contrib.auth.models import User
from django.core import signing
from django.core.mail import send_mail
from django.db import transaction
from django.http import HttpRequest
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse

SALT = "accounts.email-change"
EMAIL_CHANGE_MAX_AGE = timedelta(days=2)


class InvalidLink(Exception):
    """The link is forged, expired, already used, or its address was taken meanwhile."""


class WrongAccount(Exception):
    """A valid link, opened while signed in as someone else."""


@task()
def send_message(subject: str, body: str, to: str, *, user_id: int) -> None:
    """One e-mail, sent by the task worker rather than inside the request (as accounts.tasks).

    `user_id` names the account the mail is about, so deleting the account finds its tasks.
    """
    send_mail(subject, body, None, [to])


def make_token(user: User, new_email: str) -> str:
    return signing.dumps({"user": user.pk, "old": user.email, "new": new_email}, salt=SALT)


def send_confirmation(request: HttpRequest, new_email: str) -> None:
    link = request.build_absolute_uri(
        reverse("email_confirm", args=[make_token(request.user, new_email)])
    )
    context = {"user": request.user, "link": link, "new_email": new_email, "days": 2}
    send_message.enqueue(
        "Confirm your new e-mail address",
        render_to_string("accounts/email_change_email.txt", context),
        new_email,
        user_id=request.user.pk,
    )


def read_token(token: str, user: User) -> str:
    """The new address the link confirms for `user`; InvalidLink or WrongAccount if none."""
    try:
        data = signing.loads(token, salt=SALT, max_age=EMAIL_CHANGE_MAX_AGE)
    except signing.BadSignature:  # SignatureExpired is one
        raise InvalidLink("This link has expired or is not valid.") from None
    if not isinstance(data, dict) or data.get("user") != user.pk:
        raise WrongAccount
    if data.get("old") != user.email:
        raise InvalidLink("This link was already used, or your address changed since.")
    if User.objects.filter(email__iexact=data["new"]).exclude(pk=user.pk).exists():
        raise InvalidLink("Another account now uses that address.")
    return data["new"]


def change_email(user: User, new_email: str) -> None:
    """Set the address and tell the old one, so an unexpected change does not go unnoticed.

    The notice is queued in the same transaction (the task queue is a table): both or neither.
    """
    old_email = user.email
    with transaction.atomic():
        user.email = new_email
        user.save(update_fields=["email"])
        if old_email:
            notice = render_to_string(
                "accounts/email_changed_notice.txt", {"user": user, "new_email": new_email}
            )
            send_message.enqueue(
                "Your e-mail address was changed", notice, old_email, user_id=user.pk
            )
