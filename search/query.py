"""The user's search text, parsed into a small query the backends write in their own syntax.

    parse_query(text) -> Query    words, "phrases", prefix*, -excluded, OR

Raw input never reaches FTS5's MATCH or PostgreSQL's to_tsquery: each backend quotes every
term. Limits keep any query cheap (docs/security.md): at most MAX_TERMS terms, a prefix needs
MIN_PREFIX characters in its last word (shorter ones are searched as plain words) and at most
MAX_PREFIXES terms may be prefixes.

Excerpts come back from the database with control characters around each match; they are
HTML-escaped first and only then are those characters turned into <mark> elements.
"""

import re
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

MAX_QUERY_LENGTH = 200
MAX_TERMS = 12
MIN_PREFIX = 3
MAX_PREFIXES = 4
START, STOP = "\x02", "\x03"  # around each match in an excerpt; never in cleaned input

# --- Parsing the user's text ---------------------------------------------------------------------

CONTROL = re.compile(r"[\x00-\x1f\x7f]+")
TOKEN = re.compile(r'(?P<minus>-?)(?:"(?P<phrase>[^"]*)"?(?P<star>\*?)|(?P<word>[^\s"]+))')
WORDY = re.compile(r"[^\W_]")  # a letter or digit: a chunk without one has nothing to find
WORDS = re.compile(r"[^\W_]+")


@dataclass(frozen=True)
class Filters:
    """What the results are narrowed to, besides the text: None means any."""

    level: str | None = None
    topic_id: int | None = None
    round_type: str | None = None


@dataclass(frozen=True)
class Term:
    """A word or phrase as the user typed it (the backend's tokenizer splits it)."""

    text: str
    prefix: bool = False


@dataclass(frozen=True)
class Query:
    """Every group must match; a group matches when any of its terms does (OR)."""

    text: str
    groups: tuple[tuple[Term, ...], ...] = ()
    excluded: tuple[Term, ...] = ()
    truncated: bool = False

    def __bool__(self) -> bool:
        return bool(self.groups)

    @property
    def terms(self) -> list[Term]:
        return [term for group in self.groups for term in group] + list(self.excluded)


def parse_query(text: str) -> Query:
    text = " ".join(CONTROL.sub(" ", text or "").split())
    truncated = len(text) > MAX_QUERY_LENGTH
    text = text[:MAX_QUERY_LENGTH]
    groups: list[list[Term]] = []
    excluded: list[Term] = []
    joining = after_term = False
    prefixes = 0
    for match in TOKEN.finditer(text):
        if match["word"] == "OR" and not match["minus"]:
            joining = after_term
            continue
        if match["word"] is not None:
            word = match["word"].lstrip("-+")
            term = Term(word.strip("*"), prefix=word.endswith("*"))
        else:
            term = Term(match["phrase"].strip(), prefix=bool(match["star"]))
        if not WORDY.search(term.text):
            continue
        if term.prefix and (short_prefix(term.text) or prefixes >= MAX_PREFIXES):
            term = Term(term.text)  # too short, or too many, to expand: a plain word
        if len(excluded) + sum(map(len, groups)) >= MAX_TERMS:
            truncated = True
            break
        prefixes += term.prefix
        if match["minus"]:
            excluded.append(term)
            joining = after_term = False
        elif joining:
            groups[-1].append(term)
            joining = False
        else:
            groups.append([term])
            after_term = True
    return Query(
        text=text,
        groups=tuple(tuple(group) for group in groups),
        excluded=tuple(excluded),
        truncated=truncated,
    )


def short_prefix(text: str) -> bool:
    """Whether the word a star expands is too short: in `per-e*` it is `e`, which would expand
    to every word that starts with an e."""
    return len(WORDS.findall(text)[-1]) < MIN_PREFIX


MARKED = re.compile(f"{START}([^{START}{STOP}]*){STOP}")
MARKDOWN_BLOCKS = re.compile(r"```\w*|^#+\s", re.MULTILINE)
MARKDOWN_INLINE = re.compile(r"[*`]")  # emphasis, bold, inline code
SPACE = re.compile(r"\s+")


def excerpt_text(text: str) -> str:
    """Excerpt text without Markdown punctuation or stray match markers, on one line."""
    text = MARKDOWN_INLINE.sub("", MARKDOWN_BLOCKS.sub(" ", text))
    return SPACE.sub(" ", text.replace(START, "").replace(STOP, ""))


def marked_html(text: str) -> SafeString:
    """Escape an excerpt, then wrap each marked match in <mark>."""
    parts, position = [], 0
    for match in MARKED.finditer(text):
        parts.append(escape(excerpt_text(text[position : match.start()])))
        parts.append(f"<mark>{escape(excerpt_text(match[1]))}</mark>")
        position = match.end()
    parts.append(escape(excerpt_text(text[position:])))
    return mark_safe("".join(parts).strip())  # noqa: S308 - every part is escaped


def has_match(text: str) -> bool:
    return bool(MARKED.search(text))
