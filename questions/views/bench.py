from django.http import HttpRequest, HttpResponse


def trivial(request: HttpRequest) -> HttpResponse:
    """The load test's baseline: the whole middleware stack, no database, no template."""
    return HttpResponse("ok\n", content_type="text/plain")
