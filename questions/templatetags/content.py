from django import template
from django.utils.safestring import SafeString

from questions.markdown import render_content, render_markdown

register = template.Library()


@register.filter
def markdown(text: str) -> SafeString:
    """Content Markdown (answers, tips, FAQ): rendered once per text and cached."""
    return render_content(text)


@register.filter
def note_markdown(text: str) -> SafeString:
    """A learner's Markdown: rendered per request, never cached."""
    return render_markdown(text)


@register.filter
def money(amount: int, currency: str = "USD") -> str:
    symbol = {"USD": "$", "EUR": "€", "GBP": "£"}.get(currency, f"{currency} ")
    return f"{symbol}{amount:,}"
