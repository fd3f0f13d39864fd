"""What templates need to cache the parts of a page that are the same for every learner."""

from django.conf import settings
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from questions.pagecache import content_version


def fragments(request: HttpRequest) -> dict:
    """`content_version` (read from the shared cache once a request, and only if a template
    caches a fragment) and `fragment_seconds`, for `{% cache %}` blocks keyed on content."""
    return {
        "content_version": SimpleLazyObject(content_version),
        "fragment_seconds": settings.FRAGMENT_CACHE_SECONDS,
    }
