from django import template

from study.models import Status

register = template.Library()


@register.filter
def status_label(status: str | None) -> str:
    return Status(status or Status.NEW).label
