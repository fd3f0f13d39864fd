from functools import cache

from django.http import HttpRequest

from study import scheduling


def due_count(request: HttpRequest) -> dict:
    """`due_count` for the header: computed only if a template asks, and cached briefly."""
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {}
    return {"due_count": cache(lambda: scheduling.due_count(request.user))}
