"""Visitors' pages, cached briefly and keyed on a content version.

A visitor's page (no session cookie, no messages cookie) is the same for every visitor, so it
is kept in Django's cache for PAGE_CACHE_SECONDS. Any change to the content expires every cached
page at once: saving or deleting a content row (post_save/post_delete, also from admin and
`load_content`), changing a question's topics (m2m_changed), and admin bulk actions (they
send questions.signals.questions_updated). Nothing else does: a failed admin log-in or an
edit of a user account leaves the cache alone. Logged-in pages are rendered per request.
"""

import hashlib
import secrets
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import caches
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.middleware.csp import get_nonce

from questions.models import ContentModel
from questions.signals import questions_updated

VERSION_KEY = "content-version"


def content_version() -> str:
    """The version every cached page and fragment is keyed on. When the shared cache cannot
    say (Redis down), a version of this call's own: nothing cached is reused meanwhile."""
    shared = caches["shared"]
    version = shared.get(VERSION_KEY)
    if version is None:
        shared.add(VERSION_KEY, secrets.token_hex(8), timeout=None)
        version = shared.get(VERSION_KEY)
    return version or secrets.token_hex(8)


def bump_content_version() -> None:
    caches["shared"].set(VERSION_KEY, secrets.token_hex(8), timeout=None)


def content_changed() -> None:
    bump_content_version()
    # A page rendered before the transaction commits shows the old rows: expire it again then.
    transaction.on_commit(bump_content_version, robust=True)


@receiver(post_save, dispatch_uid="pagecache-save")
@receiver(post_delete, dispatch_uid="pagecache-delete")
def content_saved_or_deleted(sender, instance, raw: bool = False, **kwargs) -> None:
    # A fixture load (raw saves) announces itself once at the end with questions_updated.
    if isinstance(instance, ContentModel) and not raw:
        content_changed()


@receiver(m2m_changed, dispatch_uid="pagecache-m2m")
def content_relations_changed(sender, instance, action: str, **kwargs) -> None:
    if isinstance(instance, ContentModel) and action.startswith("post_"):
        content_changed()


@receiver(questions_updated, dispatch_uid="pagecache-bulk")
def questions_bulk_updated(sender, pks, **kwargs) -> None:
    content_changed()


def is_visitor(request: HttpRequest) -> bool:
    """No session and no messages cookie: decided without touching the session store."""
    return (
        settings.SESSION_COOKIE_NAME not in request.COOKIES
        and CookieStorage.cookie_name not in request.COOKIES
    )


def cacheable(request: HttpRequest, response: HttpResponse) -> bool:
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not request.user.is_authenticated
        # A page using the CSP nonce is tied to this response's header: never reuse it.
        and not get_nonce(request)
    )


def page_key(request: HttpRequest) -> str:
    url = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    digest = hashlib.sha256(url.encode()).hexdigest()
    return f"page:{content_version()}:{digest}"


def cache_anonymous_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Serve visitors' GETs of `view` from the cache for up to PAGE_CACHE_SECONDS."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not settings.PAGE_CACHE_SECONDS or request.method != "GET" or not is_visitor(request):
            return view(request, *args, **kwargs)
        cache = caches["default"]
        key = page_key(request)
        if (cached := cache.get(key)) is not None:
            content, content_type = cached
            return HttpResponse(content, content_type=content_type)
        response = view(request, *args, **kwargs)
        if cacheable(request, response):
            cache.set(
                key, (response.content, response["Content-Type"]), settings.PAGE_CACHE_SECONDS
            )
        return response

    return wrapper
