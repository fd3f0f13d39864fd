from functools import cache

from django.http import HttpRequest

from questions import scheduling


def study(request: HttpRequest) -> dict:
    """`due_count` for the header: computed only if a template asks, and cached briefly."""
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {}
    return {"due_count": cache(lambda: scheduling.due_count(request.user))}
