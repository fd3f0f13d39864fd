"""Refuse every log-in from an address with too many recent failures, before any password hashing.

django-axes locks one username from one address after five failures; this catches the other
pattern, many usernames from one address (each guess costs the server a password hash). It sits
before ModelBackend in AUTHENTICATION_BACKENDS, so it covers the admin's log-in form too; the
site's own log-in page answers with the 429 page (accounts.views.login).
"""

from django.core.exceptions import PermissionDenied

from accounts import throttle
from interviewprep.middleware import client_ip


class AddressThrottleBackend:
    """Only refuses: it has no get_user, so no session is ever tied to it."""

    def authenticate(self, request, **credentials):
        if request is not None and throttle.check(throttle.FAILED_LOGINS, client_ip(request)):
            raise PermissionDenied  # stops authenticate(): no later backend hashes a password
        return None


def count_failed_login(sender, credentials, request=None, **kwargs) -> None:
    """user_login_failed receiver (AccountsConfig.ready): one more failure for the address."""
    if request is not None:
        throttle.hit(throttle.FAILED_LOGINS, client_ip(request))
