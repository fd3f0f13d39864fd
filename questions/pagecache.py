"""Rendered pages, cached briefly and keyed on a content version.

Any change to the content (a content model saved or deleted, `load_content`, a change made in
admin) bumps the version, so the next visitor gets a fresh render. Anonymous pages are shared
by every visitor without a session or messages cookie; a logged-in page is cached only under
its own user's id and a version of that user's data. A page with a flash message is never
cached. The CSRF token in a cached page is replaced by one of the requester's own, except in a
learner's page cached for one browser (see `browser_key`).
"""

import hashlib
import re
import secrets
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.contrib.messages import get_messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import caches
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.middleware.csp import get_nonce
from django.middleware.csrf import get_token
from django.urls import reverse

from questions.models import ContentModel

VERSION_KEY = "content-version"
# The one per-request piece of a cached page: the forms' CSRF token. A page is stored split
# around its tokens, so serving it is one join with a token of the requester's own.
CSRF_VALUE = re.compile(rb'(?<=name="csrfmiddlewaretoken" value=")[^"]*')


def content_version() -> str:
    shared = caches["shared"]
    version = shared.get(VERSION_KEY)
    if version is None:
        shared.add(VERSION_KEY, secrets.token_hex(8), timeout=None)
        version = shared.get(VERSION_KEY)
    return version


def bump_content_version() -> None:
    caches["shared"].set(VERSION_KEY, secrets.token_hex(8), timeout=None)


def content_changed() -> None:
    bump_content_version()
    # A page rendered before the transaction commits shows the old rows: expire it again then.
    transaction.on_commit(bump_content_version, robust=True)


@receiver(post_save, dispatch_uid="pagecache-save")
@receiver(post_delete, dispatch_uid="pagecache-delete")
def content_saved_or_deleted(sender, instance, **kwargs) -> None:
    if isinstance(instance, ContentModel):
        content_changed()


@receiver(m2m_changed, dispatch_uid="pagecache-m2m")
def content_relations_changed(sender, instance, action: str, **kwargs) -> None:
    if isinstance(instance, ContentModel) and action.startswith("post_"):
        content_changed()


class AdminChangesExpirePages:
    """Bump the content version after any change made through admin.

    Signals miss some of them: bulk actions run one UPDATE, which sends no post_save.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.admin_prefix = None

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.method == "POST" and response.status_code < 400:
            if self.admin_prefix is None:
                self.admin_prefix = reverse("admin:index")
            if request.path.startswith(self.admin_prefix):
                bump_content_version()
        return response


def cacheable_response(request: HttpRequest, response: HttpResponse, user_id) -> bool:
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and request.user.pk == user_id
        and not request.session.modified
        and not len(get_messages(request))
        # A page using the CSP nonce is tied to this response's header: never reuse it.
        and not get_nonce(request)
    )


def page_key(request: HttpRequest, scope: str) -> str:
    url = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    digest = hashlib.sha256(url.encode()).hexdigest()
    return f"page:{content_version()}:{scope}:{digest}"


def from_cache(request: HttpRequest, chunks: list[bytes], content_type: str) -> HttpResponse:
    # get_token also has the CSRF middleware set the cookie the token belongs to.
    content = get_token(request).encode().join(chunks) if len(chunks) > 1 else chunks[0]
    return HttpResponse(content, content_type=content_type)


def browser_key(request: HttpRequest) -> str | None:
    """A digest of the CSRF secret the browser sent, or None when it sent no valid one.

    A learner's page cached under this key keeps the CSRF token it was rendered with: only a
    request carrying the same secret (the same browser) is ever served it, and for that request
    the token is valid, so no token is masked again per response. Masking per response is
    Django's defence against BREACH, which needs attacker-chosen text reflected in responses
    beside the token; here the only reflected text is the address, and a new address is a new
    key, rendered afresh with a fresh mask. The token repeats only when one browser asks for
    the same address again.
    """
    if not request.META.get("CSRF_COOKIE") or request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return None
    return _secret_digest(request)


def _secret_digest(request: HttpRequest) -> str:
    return hashlib.sha256(request.META["CSRF_COOKIE"].encode()).hexdigest()[:32]


def serve(request: HttpRequest, key: str, view, args, kwargs, browser=None) -> HttpResponse:
    """The page under `key` from the cache, or rendered and stored there.

    With `browser` (a `browser_key`) the page is stored with its CSRF token as rendered;
    without, split around its tokens, for `from_cache` to fill in the requester's own.
    """
    cache = caches["default"]
    if (cached := cache.get(key)) is not None:
        return from_cache(request, *cached)
    user_id = request.user.pk
    response = view(request, *args, **kwargs)
    if browser and _secret_digest(request) != browser:
        return response  # the secret changed while rendering: the tokens are for the new one
    if cacheable_response(request, response, user_id):
        chunks = [response.content] if browser else CSRF_VALUE.split(response.content)
        cache.set(key, (chunks, response["Content-Type"]), settings.PAGE_CACHE_SECONDS)
    return response


def cache_anonymous_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Serve anonymous GETs of `view` from the cache for up to PAGE_CACHE_SECONDS.

    Only a request with no session and no messages cookie counts as anonymous here: that is
    decided without touching the session store or the database.
    """

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if (
            not settings.PAGE_CACHE_SECONDS
            or request.method != "GET"
            or settings.SESSION_COOKIE_NAME in request.COOKIES
            or CookieStorage.cookie_name in request.COOKIES
        ):
            return view(request, *args, **kwargs)
        return serve(request, page_key(request, "anonymous"), view, args, kwargs)

    return wrapper


def cache_per_user(data_version: Callable[[HttpRequest], object]):
    """Cache a logged-in page for its own user only, keyed on `data_version(request)`.

    `data_version` reads, cheaply, something that changes whenever the page's per-user data
    does (e.g. a count and the highest primary key); the content version covers the rest.
    The key holds the user's id, so one learner's page is never shown to another, and the
    browser's `browser_key`, so its CSRF tokens are served as rendered.
    """

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if (
                not settings.PAGE_CACHE_SECONDS
                or request.method != "GET"
                or not request.user.is_authenticated
                or len(get_messages(request))
            ):
                return view(request, *args, **kwargs)
            browser = browser_key(request)
            scope = f"user{request.user.pk}:{browser or 'any'}:{data_version(request)}"
            return serve(request, page_key(request, scope), view, args, kwargs, browser)

        return wrapper

    return decorator
