"""Request hardening that has to happen before any view reads the request."""

from collections.abc import Callable
from functools import cache
from ipaddress import IPv4Network, IPv6Network, ip_address, ip_network

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.cache import patch_cache_control

from interviewprep.errors import request_too_large


class RequestSizeLimitMiddleware:
    """Refuse a body over DATA_UPLOAD_MAX_MEMORY_SIZE with a 413 page, before anything reads it.

    Django enforces that limit only on form fields, and answers a bare 400; a file part is
    streamed to disk whatever its size. The site takes one upload, the "Your data" import: its
    body may hold a file of DATA_IMPORT_MAX_SIZE plus the form around it (IMPORT_SLACK).
    """

    IMPORT_SLACK = 64 * 1024

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        if request.path_info == reverse("data_import"):
            limit = settings.DATA_IMPORT_MAX_SIZE + self.IMPORT_SLACK
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if limit is not None and length > limit:
            return request_too_large(request, limit)
        return self.get_response(request)


class PrivatePagesMiddleware:
    """A signed-in learner's responses are theirs alone: no shared or browser cache keeps them.

    Sets `Cache-Control: private, no-store` where a view set no Cache-Control of its own.
    Visitors' pages are unaffected (they carry no personal data and are cached on purpose).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not response.has_header("Cache-Control"):
            patch_cache_control(response, private=True, no_store=True)
        return response


def client_ip(request: HttpRequest) -> str | None:
    """The address django-axes counts failed log-ins against.

    The direct peer (REMOTE_ADDR), unless the site is behind a proxy and the peer is one of
    TRUSTED_PROXIES: then the address that proxy appended to X-Forwarded-For, the right-most one
    (the ones before it are whatever the client sent). From anyone else the header is a claim
    the client makes up, and believing it would give each guess a fresh address.
    """
    peer = request.META.get("REMOTE_ADDR")
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR")
    if settings.BEHIND_PROXY and forwarded and is_trusted_proxy(peer):
        appended = forwarded.rsplit(",", 1)[-1].strip()
        try:
            return str(ip_address(appended))
        except ValueError:
            return peer
    return peer


def is_trusted_proxy(address: str | None) -> bool:
    try:
        peer = ip_address(address or "")
    except ValueError:
        return False
    return any(peer in network for network in trusted_networks(tuple(settings.TRUSTED_PROXIES)))


@cache
def trusted_networks(proxies: tuple[str, ...]) -> list[IPv4Network | IPv6Network]:
    return [ip_network(proxy, strict=False) for proxy in proxies]
