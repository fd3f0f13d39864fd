"""Rendered pages for anonymous visitors, cached briefly and keyed on a content version.

Any change to the content (a content model saved or deleted, `load_content`, a change made in
admin) bumps the version, so the next visitor gets a fresh render. Only requests without a
session or messages cookie are served from or stored in the cache: a logged-in page or a flash
message never reaches it, so no one is shown a page rendered for someone else.
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
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.middleware.csp import get_nonce
from django.middleware.csrf import get_token
from django.urls import reverse

from questions.models import ContentModel

VERSION_KEY = "content-version"
# The one per-visitor piece of an anonymous page: the bookmark form's CSRF token.
CSRF_INPUT = re.compile(rb'(name="csrfmiddlewaretoken" value=")[^"]*(")')


def content_version() -> str:
    shared = caches["shared"]
    version = shared.get(VERSION_KEY)
    if version is None:
        shared.add(VERSION_KEY, secrets.token_hex(8), timeout=None)
        version = shared.get(VERSION_KEY)
    return version


def bump_content_version() -> None:
    caches["shared"].set(VERSION_KEY, secrets.token_hex(8), timeout=None)


@receiver(post_save, dispatch_uid="pagecache-save")
@receiver(post_delete, dispatch_uid="pagecache-delete")
@receiver(m2m_changed, dispatch_uid="pagecache-m2m")
def content_changed(sender, instance=None, action: str = "post_", **kwargs) -> None:
    if isinstance(instance, ContentModel) and action.startswith("post_"):
        bump_content_version()


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


def cacheable_request(request: HttpRequest) -> bool:
    return (
        request.method == "GET"
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and CookieStorage.cookie_name not in request.COOKIES
    )


def cacheable_response(request: HttpRequest, response: HttpResponse) -> bool:
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not request.user.is_authenticated
        and not request.session.modified
        and not len(get_messages(request))
        # A page using the CSP nonce is tied to this response's header: never reuse it.
        and not get_nonce(request)
    )


def page_key(request: HttpRequest) -> str:
    url = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    return f"page:{content_version()}:{hashlib.sha256(url.encode()).hexdigest()}"


def from_cache(request: HttpRequest, content: bytes, content_type: str) -> HttpResponse:
    if CSRF_INPUT.search(content):
        # A token of this visitor's own (get_token also makes the middleware set the cookie).
        token = get_token(request).encode()
        content = CSRF_INPUT.sub(lambda match: match[1] + token + match[2], content)
    return HttpResponse(content, content_type=content_type)


def cache_anonymous_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Serve anonymous GETs of `view` from the cache for up to PAGE_CACHE_SECONDS."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not settings.PAGE_CACHE_SECONDS or not cacheable_request(request):
            return view(request, *args, **kwargs)
        cache = caches["default"]
        key = page_key(request)
        if (cached := cache.get(key)) is not None:
            return from_cache(request, *cached)
        response = view(request, *args, **kwargs)
        if cacheable_response(request, response):
            cached = (response.content, response["Content-Type"])
            cache.set(key, cached, settings.PAGE_CACHE_SECONDS)
        return response

    return wrapper
