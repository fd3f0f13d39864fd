"""Markdown to sanitized HTML: the only place the site turns text into HTML.

Content answers, learners' notes and the editor's live preview all go through `render_markdown`:
cmarkgfm (GitHub's own CommonMark parser, in C: its work grows linearly with the input, so no
text can make it spin, docs/security.md) with GitHub's tables, strikethrough and autolinks;
fenced code highlighted by Pygments; then nh3 (Ammonia) keeps only a small allow-list of tags,
attributes and URL schemes, so no script, event handler, `javascript:` or `data:` URL survives.

Content renders are cached by the text's hash (a bounded number of them: content is what admins
write); learners' text is never cached, so no request can fill a worker's memory with it.
"""

import hashlib
import html
import re

import cmarkgfm
import nh3
from cmarkgfm.cmark import Options
from django.core.cache import caches
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
    "div": {"class", "tabindex"},
    "pre": {"class"},
    "span": {"class"},
    "td": {"align"},
    "th": {"align"},
}
URL_SCHEMES = {"http", "https", "mailto"}
CONTENT_CACHE_SECONDS = 24 * 3600


def highlighted(code: str, language: str, attrs: str = "") -> str:
    """Pygments HTML for a code block (Pygments escapes the code); focusable, since it scrolls."""
    try:
        lexer = get_lexer_by_name(language) if language else TextLexer()
    except ClassNotFound:
        lexer = TextLexer()
    html = highlight(code, lexer, HtmlFormatter(cssclass="highlight"))
    return html.replace('<div class="highlight">', '<div class="highlight" tabindex="0">', 1)


# cmark-gfm writes a fenced block as <pre lang="python"><code>escaped code</code></pre>.
CODE_BLOCK = re.compile(r'<pre(?: lang="([^"]*)")?><code>(.*?)</code></pre>', re.DOTALL)
OPTIONS = Options.CMARK_OPT_SMART | Options.CMARK_OPT_VALIDATE_UTF8


def highlight_block(match: re.Match) -> str:
    return highlighted(html.unescape(match[2]), (match[1] or "").lower())


# The sanitizer's HTML parser slows down quadratically with nesting depth (20,000 nested
# quotes: 1.7 s), and no real note or answer nests deeper than a few levels.
MAX_DEPTH = 100
TAG = re.compile(r"<(/?)(blockquote|ul|ol|li|div|table)\b")


def nesting_depth(rendered: str) -> int:
    depth = deepest = 0
    for closing, _ in TAG.findall(rendered):
        depth += -1 if closing else 1
        deepest = max(deepest, depth)
    return deepest


def html_of(text: str) -> str:
    rendered = cmarkgfm.github_flavored_markdown_to_html(text, options=OPTIONS)
    if nesting_depth(rendered) > MAX_DEPTH:
        # Shown as the text it is, escaped, rather than parsed as a tower of nested blocks.
        return f"<pre>{html.escape(text)}</pre>"
    return nh3.clean(
        CODE_BLOCK.sub(highlight_block, rendered),
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="nofollow noopener noreferrer",
    )


def render_markdown(text: str) -> SafeString:
    """A learner's Markdown -> sanitized HTML, rendered every time (never cached)."""
    return mark_safe(html_of(text or ""))  # noqa: S308 - sanitized by nh3


def render_content(text: str) -> SafeString:
    """Admin-written Markdown -> sanitized HTML, cached by the text's hash."""
    text = text or ""
    key = "markdown:" + hashlib.sha256(text.encode()).hexdigest()
    cache = caches["default"]
    html = cache.get(key)
    if html is None:
        html = html_of(text)
        cache.set(key, html, CONTENT_CACHE_SECONDS)
    return mark_safe(html)  # noqa: S308 - sanitized by nh3 before it was cached
