"""Questions as an Anki deck (.apkg, written by genanki).

Identities are stable: the note type and deck ids are constants and each note's GUID comes from
its question's slug, so importing a newer deck into Anki updates the cards already there
instead of adding copies. Fields are HTML: the sample answer and the learner's note go through
the site's sanitizing renderer, and the note type's CSS carries Pygments' colours for code.
"""

import html
from collections.abc import Iterable
from typing import IO

import genanki
from pygments.formatters import HtmlFormatter

from questions.markdown import render_content, render_markdown
from questions.models import Question

MODEL_ID = 1_719_402_611
DECK_ID = 1_719_402_612
GUID_NAMESPACE = "interviewprep-question"
DECK_NAME = "Backend Interview Prep"

CSS = """
.card { font-family: system-ui, sans-serif; font-size: 18px; line-height: 1.5; text-align: left;
        color: #1d2125; background: #ffffff; max-width: 46rem; margin: 0 auto; }
.short-answer { font-weight: 600; }
.label { font-size: 0.8em; text-transform: uppercase; letter-spacing: 0.04em; color: #565f68; }
.highlight { background: #f3f4f1; border-radius: 6px; padding: 0.2em 0.6em; overflow-x: auto; }
.highlight pre { margin: 0; font-size: 0.85em; }
.nightMode .highlight, .night_mode .highlight { background: #f3f4f1; color: #1d2125; }
""" + HtmlFormatter(style="default").get_style_defs(".highlight")

FRONT = '<div class="prompt">{{Prompt}}</div>'
BACK = """{{FrontSide}}
<hr id="answer">
<p class="short-answer">{{Short answer}}</p>
<p class="label">Sample answer</p>
{{Sample answer}}
{{#Strong answer}}<p class="label">A strong answer covers</p>{{Strong answer}}{{/Strong answer}}
{{#My note}}<p class="label">My note</p>{{My note}}{{/My note}}
<p class="label"><a href="{{Link}}">On the site</a></p>
"""

MODEL = genanki.Model(
    MODEL_ID,
    "Backend Interview Prep question",
    fields=[
        {"name": "Prompt"},
        {"name": "Short answer"},
        {"name": "Sample answer"},
        {"name": "Strong answer"},
        {"name": "My note"},
        {"name": "Link"},
    ],
    templates=[{"name": "Recall", "qfmt": FRONT, "afmt": BACK}],
    css=CSS,
)


def note_guid(question: Question) -> str:
    return genanki.guid_for(GUID_NAMESPACE, question.slug)


def tags_for(question: Question) -> list[str]:
    """Hierarchical Anki tags (no spaces allowed): level::…, topic::…, round::…."""
    return [
        f"level::{question.level}",
        f"round::{question.round_type}",
        *(f"topic::{topic.slug}" for topic in question.topics.all()),
    ]


def anki_note(question: Question, note_body: str, link: str) -> genanki.Note:
    points = question.strong_answer_point_list
    return genanki.Note(
        model=MODEL,
        guid=note_guid(question),
        fields=[
            html.escape(question.prompt),
            html.escape(question.short_answer or question.summary),
            str(render_content(question.answer)),
            "<ul>" + "".join(f"<li>{html.escape(p)}</li>" for p in points) + "</ul>"
            if points
            else "",
            str(render_markdown(note_body)) if note_body else "",
            html.escape(link),
        ],
        tags=tags_for(question),
    )


def write_deck(
    questions: Iterable[Question], notes: dict[int, str], link_for, out: IO[bytes]
) -> None:
    """Write the .apkg for `questions` (topics prefetched) to the binary file `out`.

    `notes` maps a question id to the learner's note; `link_for(question)` is its full URL.
    """
    deck = genanki.Deck(DECK_ID, DECK_NAME)
    for question in questions:
        deck.add_note(anki_note(question, notes.get(question.pk, ""), link_for(question)))
    genanki.Package(deck).write_to_file(out)
