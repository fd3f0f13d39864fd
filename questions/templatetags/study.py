from django import template
from django.utils.safestring import SafeString

from questions.markdown import highlight_code, render_markdown
from questions.scheduling import Status

register = template.Library()


@register.filter
def markdown(text: str) -> SafeString:
    return render_markdown(text)


@register.simple_tag
def code_block(code: str, language: str) -> SafeString:
    return highlight_code(code, language)


@register.filter
def money(amount: int, currency: str = "USD") -> str:
    symbol = {"USD": "$", "EUR": "€", "GBP": "£"}.get(currency, f"{currency} ")
    return f"{symbol}{amount:,}"


@register.filter
def lookup(mapping: dict, key):
    """`mapping[key]`, or None; for per-question dictionaries in list templates."""
    return mapping.get(key) if mapping else None


@register.filter
def status_label(status: str | None) -> str:
    return Status.LABELS.get(status or Status.NEW, "New")
