"""Hostile markdown saved as notes never becomes script, event handler or javascript: URL."""

from html.parser import HTMLParser

import pytest
from django.urls import reverse

from tests.factories import NoteFactory

pytestmark = pytest.mark.django_db

PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<body onload=alert(1)>",
    "<iframe src=javascript:alert(1)></iframe>",
    '<a href="javascript:alert(1)">click</a>',
    '<a href="JaVaScRiPt:alert(1)">click</a>',
    '<a href="&#106;avascript:alert(1)">click</a>',
    '<a href="java\tscript:alert(1)">click</a>',
    "[click](javascript:alert(1))",
    "[click](JAVASCRIPT:alert(1))",
    "[click](&#x6A;avascript:alert(1))",
    "![img](javascript:alert(1))",
    "[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
    '<div onmouseover="alert(1)">hover</div>',
    '<p style="background:url(javascript:alert(1))">x</p>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<object data=javascript:alert(1)></object>",
    "<embed src=javascript:alert(1)>",
    "<form action=javascript:alert(1)><button>go</button></form>",
    "<input autofocus onfocus=alert(1)>",
    "<details open ontoggle=alert(1)>",
    "<video><source onerror=alert(1)></video>",
    "<base href=javascript:alert(1)//>",
    '<meta http-equiv=refresh content="0;url=javascript:alert(1)">',
    "<link rel=stylesheet href=javascript:alert(1)>",
    '<a href="vbscript:msgbox(1)">vb</a>',
    '"><script>alert(1)</script>',
    "`<script>`alert(1)`</script>`",
    "```html\n<script>alert(1)</script>\n```",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    '<a href="https://ok.example" onclick="alert(1)">ok</a>',
    '[x](https://ok.example "title" onclick=alert(1))',
]


class Audit(HTMLParser):
    """Collects what would run: script elements, on* attributes, script-bearing URLs."""

    def __init__(self) -> None:
        super().__init__()
        self.problems: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in {"script", "iframe", "object", "embed", "base", "meta", "svg", "math"}:
            src = dict(attrs).get("src") or ""
            if not (tag == "script" and src.startswith("/static/")) and tag != "meta":
                self.problems.append(f"<{tag}>")
            if tag == "meta" and dict(attrs).get("http-equiv"):
                self.problems.append("<meta http-equiv>")
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"{tag} {name}=")
            # As browsers parse URLs: tabs and newlines vanish, surrounding spaces are trimmed.
            lowered = (value or "").translate({9: None, 10: None, 13: None}).strip().lower()
            if name in {"href", "src", "action", "data", "formaction"} and lowered.startswith(
                ("javascript:", "vbscript:", "data:")
            ):
                self.problems.append(f"{tag} {name}={value}")


def problems_in(html: str) -> list[str]:
    audit = Audit()
    audit.feed(html)
    return audit.problems


@pytest.mark.parametrize("payload", PAYLOADS)
def test_hostile_note_is_harmless_on_question_page_my_notes_and_preview(
    owner_client, owner, payload
):
    note = NoteFactory(user=owner, body=f"Before {payload} after")
    pages = {
        "question page": owner_client.get(note.question.get_absolute_url()).text,
        "my notes": owner_client.get(reverse("note_list")).text,
        "preview": owner_client.post(reverse("markdownx_markdownify"), {"content": payload}).text,
    }
    for where, html in pages.items():
        assert problems_in(html) == [], where


def test_there_are_at_least_thirty_payloads():
    assert len(PAYLOADS) >= 30


def test_links_in_notes_get_a_safe_rel(owner_client, owner):
    note = NoteFactory(user=owner, body="[docs](https://docs.example/)")
    html = owner_client.get(note.question.get_absolute_url()).text
    assert '<a href="https://docs.example/" rel="nofollow noopener noreferrer">docs</a>' in html
