"""Rate limits on what is cheap to ask for and costly to answer: sign-up, password reset, log-in
failures per address, the Markdown preview. docs/security.md lists each limit and its test.

    retry_after = throttle.hit(SIGNUP, client_ip(request))   # counts; None while allowed
    retry_after = throttle.check(FAILED_LOGINS, address)     # looks without counting

Counts live in the database (RequestCount), so every gunicorn worker and every instance shares
them and an update is atomic on SQLite and PostgreSQL alike. A window is fixed (this hour, these
fifteen minutes): simple to reason about, at worst twice the limit across a window's edge.
"""

import hashlib
import math
import time
from dataclasses import dataclass
from datetime import UTC, datetime

from django.db import transaction
from django.db.models import F
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from accounts.models import RequestCount


@dataclass(frozen=True)
class Rate:
    scope: str
    limit: int  # requests allowed per window
    seconds: int  # the window
    what: str  # for the 429 page: "sign-up attempts from your network ..."
    per: str  # ... "in an hour"


SIGNUP = Rate("signup", 10, 3600, "sign-up attempts from your network", "an hour")
PASSWORD_RESET = Rate("reset", 5, 3600, "password-reset requests from your network", "an hour")
RESET_MAIL = Rate("reset-mail", 3, 3600, "reset e-mails to one address", "an hour")
FAILED_LOGINS = Rate("login-failed", 20, 900, "failed log-ins from your network", "15 minutes")
PREVIEW = Rate("preview", 120, 60, "Markdown previews", "a minute")


def hit(rate: Rate, client: str | None) -> int | None:
    """Count one request by `client`; seconds until it may ask again once over the limit."""
    key, expires_at = window_key(rate, client)
    with transaction.atomic():
        counter, created = RequestCount.objects.get_or_create(
            key=key, defaults={"expires_at": expires_at}
        )
        RequestCount.objects.filter(pk=counter.pk).update(hits=F("hits") + 1)
        hits = RequestCount.objects.values_list("hits", flat=True).get(pk=counter.pk)
    if created:  # a new window: forget the windows that have passed
        RequestCount.objects.filter(expires_at__lt=datetime.now(UTC)).delete()
    return seconds_left(expires_at) if hits > rate.limit else None


def check(rate: Rate, client: str | None) -> int | None:
    """Like hit() without counting: seconds to wait when `client` is already over the limit."""
    key, expires_at = window_key(rate, client)
    hits = RequestCount.objects.filter(key=key).values_list("hits", flat=True).first() or 0
    return seconds_left(expires_at) if hits >= rate.limit else None


def window_key(rate: Rate, client: str | None) -> tuple[str, datetime]:
    window = int(time.time() // rate.seconds)
    digest = hashlib.sha256((client or "unknown").lower().encode()).hexdigest()[:32]
    expires_at = datetime.fromtimestamp((window + 1) * rate.seconds, UTC)
    return f"{rate.scope}:{window}:{digest}", expires_at


def seconds_left(expires_at: datetime) -> int:
    return max(1, math.ceil((expires_at - datetime.now(UTC)).total_seconds()))


def too_many_requests(request: HttpRequest, rate: Rate, retry_after: int) -> HttpResponse:
    """The 429 page: what was limited and when to try again, with a Retry-After header."""
    minutes = math.ceil(retry_after / 60)
    response = render(
        request,
        "429.html",
        {"rate": rate, "retry_after": retry_after, "minutes": minutes},
        status=429,
    )
    response["Retry-After"] = str(retry_after)
    return response
