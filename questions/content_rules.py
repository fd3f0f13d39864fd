"""The bar a published question meets (fixtures/README.md), as checks over its fields.

Used by the suite (tests/questions/test_content.py) and by `bin/check-content`, so a writer sees
the same verdict before committing that CI gives after.
"""

import re

from questions import codecheck, diagrams

REQUIRED = [
    "slug", "prompt", "summary", "level", "round_type", "expected_minutes", "topics",
    "short_answer", "answer", "why_asked", "strong_answer_points", "pitfalls", "tip",
    "follow_ups", "rubric_mid", "rubric_senior", "rubric_staff", "references", "last_checked",
]  # fmt: skip
# The CharFields' max_length (PostgreSQL enforces them; SQLite does not).
MAX_LENGTHS = {"slug": 120, "prompt": 300, "summary": 200, "diagram_alt": 800}
LEVELS = {"beginner", "intermediate", "advanced"}
ROUND_TYPES = {"concept", "coding", "system_design", "operations", "behavioural"}
ANSWER_WORDS = {
    "system_design": (600, 1200),
    "coding": (250, 900),
    "behavioural": (250, 900),
}
DEFAULT_ANSWER_WORDS = (250, 500)
MARKDOWN_FIELDS = ["answer", "why_asked", "tip", "rubric_mid", "rubric_senior", "rubric_staff"]
INTERNAL_LINK = re.compile(r"\]\(/questions/([\w-]+)/\)")


def items(text: str) -> list[str]:
    """The items of a one-per-line text field."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def words(text: str) -> int:
    return len((text or "").split())


def reference_problems(text: str) -> list[str]:
    problems = []
    references = items(text)
    if not 1 <= len(references) <= 5:
        problems.append(f"{len(references)} references (1-5)")
    for reference in references:
        title, bar, url = (part.strip() for part in reference.partition("|"))
        if not bar or not title:
            problems.append(f"reference {reference!r} is not 'Title | URL'")
        elif url and not re.match(r"^https://[^\s/]+\.[^\s]+$", url):
            problems.append(f"reference URL {url!r} is not an https:// address")
    return problems


def question_problems(fields: dict, published_slugs: set[str]) -> list[str]:
    """Everything that keeps `fields` (a question's fixture fields) from meeting the bar."""
    problems = [f"{name} is empty" for name in REQUIRED if not fields.get(name)]
    if fields.get("level") not in LEVELS:
        problems.append(f"level {fields.get('level')!r}")
    round_type = fields.get("round_type")
    if round_type not in ROUND_TYPES:
        problems.append(f"round_type {round_type!r}")
    if not 1 <= int(fields.get("expected_minutes") or 0) <= 60:
        problems.append("expected_minutes outside 1-60")
    for name, limit in MAX_LENGTHS.items():
        if len(fields.get(name) or "") > limit:
            problems.append(f"{name} over {limit} characters")
    if words(fields.get("short_answer")) > 60:
        problems.append(f"short_answer has {words(fields.get('short_answer'))} words (max 60)")
    low, high = ANSWER_WORDS.get(round_type, DEFAULT_ANSWER_WORDS)
    if not low <= words(fields.get("answer")) <= high:
        problems.append(f"answer has {words(fields.get('answer'))} words ({low}-{high})")
    if not 3 <= len(items(fields.get("strong_answer_points"))) <= 6:
        problems.append("strong_answer_points: 3-6 lines")
    if not 2 <= len(items(fields.get("follow_ups"))) <= 4:
        problems.append("follow_ups: 2-4 lines")
    if not 1 <= len(fields.get("topics") or []) <= 3:
        problems.append("topics: 1-3")
    problems += reference_problems(fields.get("references"))
    if round_type == "system_design" and not fields.get("diagram"):
        problems.append("a system design question needs a diagram")
    if fields.get("diagram"):
        if not fields.get("diagram_alt"):
            problems.append("diagram without diagram_alt")
        try:
            diagrams.render(fields["diagram"], fields.get("diagram_alt") or "")
        except diagrams.DiagramError as error:
            problems.append(f"diagram does not compile: {error}")
    for name in MARKDOWN_FIELDS:
        text = fields.get(name) or ""
        for slug in INTERNAL_LINK.findall(text):
            if slug not in published_slugs:
                problems.append(f"{name} links to unknown question {slug!r}")
        for block in codecheck.code_blocks(text):
            error = codecheck.block_errors(block)
            if error:
                problems.append(f"{name}: {error}")
    if round_type == "coding" and not any(
        block.runs and "assert" in block.code
        for block in codecheck.code_blocks(fields.get("answer") or "")
    ):
        problems.append("a coding question needs a runnable Python block of asserts")
    return problems
