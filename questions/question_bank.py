"""Read a question bank written in Markdown, the way many public banks are written.

    # Backend interview questions        <- optional title: the only heading at its level
    ## Databases                         <- a topic
    - What is an index?                  <- a question (a list item under a topic)
      An index is ...                    <- its answer: indented text under the item
    ### What is MVCC?                    <- a question (a heading under a topic)
    MVCC keeps ...                       <- its answer: the text up to the next question

Text before the first topic (an introduction, a table of contents) is ignored; text between a
topic and its first question is the topic's description. Headings and list items inside fenced
code blocks are code. Parsing touches no database; errors carry the line they were found on.
"""

import re
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import NamedTuple

from questions.models import Question, Topic

HEADING = re.compile(r"^(?P<hashes>#{1,6})(?:\s+(?P<text>.*?))?(?:\s+#+)?\s*$")
THEMATIC_BREAK = re.compile(r"^ {0,3}([-*_])(?: *\1){2,} *$")
LIST_ITEM = re.compile(r"^ ?(?:[-*+]|\d{1,9}[.)])\s+(?P<text>\S.*)$")
FENCE = re.compile(r"^\s{0,3}(?P<fence>`{3,}|~{3,})")
NUMBERING = re.compile(r"^(?:Q(?:uestion)?\s*\d*\s*[:.)]|\d{1,3}[.)])\s+", re.IGNORECASE)
TASK_BOX = re.compile(r"^\[[ xX]\]\s+")
EMPHASIS = re.compile(r"^(\*\*|__|\*|_)(?P<text>.+)\1$")
ANSWER_LABEL = re.compile(r"^(?:\*\*|__)?(?:A|Answer)\s*:(?:\*\*|__)?\s*", re.IGNORECASE)
PROMPT_MAX = Question._meta.get_field("prompt").max_length
TOPIC_MAX = Topic._meta.get_field("name").max_length


class BankError(ValueError):
    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


@dataclass
class BankTopic:
    name: str
    line: int
    description_lines: list[str] = field(default_factory=list)

    @property
    def description(self) -> str:
        return textwrap.dedent("\n".join(self.description_lines)).strip()


@dataclass
class BankQuestion:
    prompt: str
    line: int
    topics: list[str]
    heading_level: int = 0  # 0 for a list item
    answer_lines: list[str] = field(default_factory=list)

    @property
    def answer(self) -> str:
        text = textwrap.dedent("\n".join(self.answer_lines)).strip()
        return ANSWER_LABEL.sub("", text, count=1)


@dataclass
class Bank:
    topics: list[BankTopic]
    questions: list[BankQuestion]


def clean_text(text: str) -> str:
    """A heading or list item's text without numbering, task boxes or wrapping emphasis."""
    text = NUMBERING.sub("", TASK_BOX.sub("", text.strip()))
    while match := EMPHASIS.fullmatch(text):
        text = match["text"].strip()
    return text


class Line(NamedTuple):
    number: int
    raw: str
    kind: str  # "heading", "item" (a top-level list item), "rule", or "text" (code included)
    text: str = ""  # a heading's or item's text, cleaned
    level: int = 0  # a heading's level


def scan(lines: list[str]) -> Iterator[Line]:
    """Classify each line; inside fenced code every line is text. A fence must be closed."""
    fence, fence_line = "", 0
    for number, raw in enumerate(lines, start=1):
        if match := FENCE.match(raw):
            marker = match["fence"]
            if not fence:
                fence, fence_line = marker, number
            elif marker[0] == fence[0] and len(marker) >= len(fence):
                fence = ""
            yield Line(number, raw, "text")
        elif not fence and (heading := HEADING.match(raw)):
            yield Line(number, raw, "heading", clean_text(heading["text"] or ""), len(heading[1]))
        elif not fence and THEMATIC_BREAK.match(raw):
            yield Line(number, raw, "rule")
        elif not fence and (item := LIST_ITEM.match(raw)):
            yield Line(number, raw, "item", clean_text(item["text"]))
        else:
            yield Line(number, raw, "text")
    if fence:
        raise BankError(fence_line, f"this code block ({fence}) is never closed")


def parse_bank(text: str) -> Bank:
    lines = list(scan(text.splitlines()))
    levels = [line.level for line in lines if line.kind == "heading"]
    if not levels:
        raise BankError(1, "no headings: a bank needs topic headings with questions under them")
    top, *deeper = sorted(set(levels))
    if deeper and levels[0] == top and levels.count(top) == 1:
        bank = parse_lines(lines, topic_level=deeper[0])
        if bank.questions:
            return bank
    # No title, or the "title" is the only topic and its sub-headings are the questions.
    bank = parse_lines(lines, topic_level=top)
    if not bank.questions:
        first = next(line for line in lines if line.kind == "heading")
        raise BankError(
            first.number, "no questions: put list items or sub-headings under the topic headings"
        )
    return bank


def parse_lines(lines: list[Line], *, topic_level: int) -> Bank:
    topics: list[BankTopic] = []
    questions: list[BankQuestion] = []
    topic: BankTopic | None = None
    question: BankQuestion | None = None
    for line in lines:
        if line.kind == "rule" or (line.kind == "heading" and line.level < topic_level):
            continue  # a separator between sections, or the title
        if line.kind == "heading" and line.level == topic_level:
            topic = BankTopic(checked_topic_name(line.text, line.number), line.number)
            topics.append(topic)
            question = None
        elif topic and starts_question(line, question):
            prompt = checked_prompt(line.text, line.number)
            question = BankQuestion(prompt, line.number, [topic.name], line.level)
            questions.append(question)
        elif question:
            question.answer_lines.append(line.raw)
        elif topic:
            topic.description_lines.append(line.raw)
    return Bank(topics, merge_duplicates(questions))


def starts_question(line: Line, current: BankQuestion | None) -> bool:
    """A heading under a topic starts a question, unless it is deeper than the heading of the
    question it is in (a section of that answer); a list item does, unless it is in the answer
    of a heading question (a bullet point of that answer)."""
    if line.kind == "heading":
        return current is None or not 0 < current.heading_level < line.level
    if line.kind == "item":
        return current is None or current.heading_level == 0
    return False


def checked_prompt(text: str, line: int) -> str:
    if not text:
        raise BankError(line, "this question has no text")
    if len(text) > PROMPT_MAX:
        raise BankError(line, f"this question is {len(text)} characters; at most {PROMPT_MAX}")
    return text


def checked_topic_name(text: str, line: int) -> str:
    if not text:
        raise BankError(line, "this topic heading has no text")
    if len(text) > TOPIC_MAX:
        raise BankError(line, f"this topic name is {len(text)} characters; at most {TOPIC_MAX}")
    return text


def merge_duplicates(questions: list[BankQuestion]) -> list[BankQuestion]:
    """One question per prompt: a prompt under two topics gets both, and the answer given."""
    merged: dict[str, BankQuestion] = {}
    for question in questions:
        first = merged.setdefault(question.prompt.casefold(), question)
        if first is question:
            continue
        first.topics += [name for name in question.topics if name not in first.topics]
        if question.answer and first.answer and question.answer != first.answer:
            raise BankError(
                question.line,
                f"this question is also on line {first.line}, with a different answer",
            )
        if question.answer and not first.answer:
            first.answer_lines = question.answer_lines
    return list(merged.values())
