"""Baselines for `make loadtest`, routed only under tools.bench.settings."""

from django.http import HttpRequest, HttpResponse


def trivial(request: HttpRequest) -> HttpResponse:
    """The whole middleware stack, no database, no template."""
    return HttpResponse("ok\n", content_type="text/plain")


def trivial_user(request: HttpRequest) -> HttpResponse:
    """As trivial, plus what every logged-in page pays first: the session and the user."""
    return HttpResponse(f"ok {request.user.pk}\n", content_type="text/plain")
