"""Markdown to sanitized HTML: the only place the site turns text into HTML.

Content answers and learners' notes both go through `render_markdown`: Markdown with fenced code
highlighted by Pygments, then nh3 (Ammonia) keeps only a small allow-list of tags, attributes and
URL schemes, so no script, event handler, `javascript:` or `data:` URL survives.
"""

import re
from functools import lru_cache

import markdown
import nh3
from django.utils.safestring import SafeString, mark_safe
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import TextLexer, get_lexer_by_name
from pygments.util import ClassNotFound

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "div", "dl", "dt", "em",
    "h3", "h4", "h5", "h6", "hr", "i", "kbd", "li", "ol", "p", "pre", "s", "span", "strong",
    "sub", "sup", "table", "tbody", "td", "th", "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "code": {"class"},
    "div": {"class"},
    "pre": {"class"},
    "span": {"class"},
    "td": {"align"},
    "th": {"align"},
}
URL_SCHEMES = {"http", "https", "mailto"}
EXTENSIONS = ["fenced_code", "codehilite", "tables", "sane_lists", "smarty"]
EXTENSION_CONFIGS = {"codehilite": {"css_class": "highlight", "guess_lang": False}}


LIST_ITEM = re.compile(r"^\s{0,3}(?:[-*+]|\d{1,9}[.)])\s+\S")
FENCE = re.compile(r"^\s{0,3}(```|~~~)")


def _separate_lists(text: str) -> str:
    """Start a list after a paragraph line without a blank line, as GitHub does.

    Python-Markdown needs the blank line; people writing notes rarely type it.
    """
    out: list[str] = []
    in_fence = False
    for line in text.splitlines():
        if FENCE.match(line):
            in_fence = not in_fence
        elif (
            not in_fence
            and LIST_ITEM.match(line)
            and out
            and out[-1].strip()
            and not LIST_ITEM.match(out[-1])
            and not out[-1].startswith((" ", "\t"))
        ):
            out.append("")
        out.append(line)
    return "\n".join(out)


def _focusable_code(html: str) -> str:
    """Code blocks scroll sideways on narrow screens; keyboard users must be able to focus them."""
    return html.replace(
        '<div class="highlight">',
        '<div class="highlight" tabindex="0">',
    )


@lru_cache(maxsize=4096)
def _render(text: str) -> str:
    html = markdown.markdown(
        _separate_lists(text),
        extensions=EXTENSIONS,
        extension_configs=EXTENSION_CONFIGS,
        output_format="html",
    )
    return _focusable_code(
        nh3.clean(
            html,
            tags=ALLOWED_TAGS,
            attributes=ALLOWED_ATTRIBUTES,
            url_schemes=URL_SCHEMES,
            link_rel="nofollow noopener noreferrer",
        )
    )


def render_markdown(text: str) -> SafeString:
    """Markdown -> sanitized HTML, safe to put in a template. Cached by text."""
    return mark_safe(_render(text or ""))  # noqa: S308 - sanitized by nh3 just above


@lru_cache(maxsize=512)
def _highlight(code: str, language: str) -> str:
    try:
        lexer = get_lexer_by_name(language) if language else TextLexer()
    except ClassNotFound:
        lexer = TextLexer()
    return _focusable_code(highlight(code, lexer, HtmlFormatter(cssclass="highlight")))


def highlight_code(code: str, language: str) -> SafeString:
    """Admin-provided code example -> Pygments HTML (Pygments escapes the code itself)."""
    return mark_safe(_highlight(code, language))  # noqa: S308 - Pygments escapes all text
