"""import_questions: a question bank written in Markdown, imported as drafts."""

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from questions.models import Question, Topic
from questions.question_bank import BankError, parse_bank
from tests.factories import QuestionFactory, SourceFactory

pytestmark = pytest.mark.django_db

SAMPLE = Path(__file__).resolve().parent.parent.parent / "fixtures" / "samples" / "sample_bank.md"
SAMPLE_PROMPTS = [
    "What is the difference between logs, metrics and traces?",
    "How do you decide what to alert on?",
    "What is a service level objective, and how does an error budget follow from it?",
    "What is a dead-letter queue, and when do you need one?",
    "How do you make a message consumer idempotent?",
    "What does `EXPLAIN ANALYZE` tell you that `EXPLAIN` does not?",
    "When would you choose optimistic over pessimistic locking?",
]


def run(path: Path, *args: str) -> str:
    out = io.StringIO()
    call_command("import_questions", str(path), *args, stdout=out)
    return out.getvalue()


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "bank.md"
    path.write_text(text, encoding="utf-8")
    return path


def test_it_imports_the_sample_bank_as_drafts(content):
    out = run(SAMPLE)

    imported = Question.objects.filter(prompt__in=SAMPLE_PROMPTS)
    assert sorted(imported.values_list("prompt", flat=True)) == sorted(SAMPLE_PROMPTS)
    assert not imported.filter(is_published=True).exists()
    assert set(imported.values_list("level", flat=True)) == {"intermediate"}
    assert "import: 7 added, 0 updated, 0 skipped; 1 new topic" in out
    assert "New questions are drafts" in out


def test_headings_are_topics_and_existing_topics_are_reused(content):
    run(SAMPLE)
    dlq = Question.objects.get(slug="what-is-a-dead-letter-queue-and-when-do-you-need-one")
    assert [topic.slug for topic in dlq.topics.all()] == ["messaging"]
    support = Topic.objects.get(name="Production support")
    assert support.description == (
        "What to watch in production and how to find out why something broke."
    )
    assert Topic.objects.filter(name__iexact="databases").count() == 1


def test_text_under_a_question_is_its_answer_code_included(content):
    run(SAMPLE)
    dlq = Question.objects.get(prompt=SAMPLE_PROMPTS[3])
    assert dlq.answer.startswith("A dead-letter queue holds messages")
    assert '# RabbitMQ: failed messages go to the "orders.dead" exchange' in dlq.answer
    locking = Question.objects.get(prompt=SAMPLE_PROMPTS[6])
    assert locking.answer.startswith("Optimistic locking suits rows")
    assert "\n" + "   " not in locking.answer  # dedented out of the list item
    assert Question.objects.get(prompt=SAMPLE_PROMPTS[1]).answer == ""


def test_new_questions_get_a_slug_a_level_a_source_and_come_last_in_their_level(content):
    source = SourceFactory(slug="public-bank")
    last = max(Question.objects.for_level("advanced").values_list("position", flat=True))

    run(SAMPLE, "--level", "advanced", "--source", "public-bank")

    imported = Question.objects.filter(prompt__in=SAMPLE_PROMPTS).order_by("position")
    assert [question.prompt for question in imported] == SAMPLE_PROMPTS
    assert imported[0].slug == "what-is-the-difference-between-logs-metrics-and-traces"
    assert imported[0].position == last + 1
    assert {question.level for question in imported} == {"advanced"}
    assert {question.source for question in imported} == {source}


def test_slugs_are_made_unique(tmp_path):
    QuestionFactory(slug="what-is-rest", prompt="Something else entirely?")
    run(write(tmp_path, "# APIs\n- What is REST?\n- What is REST!\n- ¿¡!?\n"))
    assert set(Question.objects.values_list("slug", flat=True)) == {
        "what-is-rest",
        "what-is-rest-2",
        "what-is-rest-3",
        "question",
    }


def test_running_it_again_changes_nothing(content):
    run(SAMPLE)
    before = list(Question.objects.order_by("pk").values())
    topics = list(Topic.objects.order_by("pk").values())

    out = run(SAMPLE)

    assert "import: 0 added, 0 updated, 7 skipped; 0 new topics" in out
    assert list(Question.objects.order_by("pk").values()) == before
    assert list(Topic.objects.order_by("pk").values()) == topics


def test_it_never_overwrites_a_question_already_in_the_bank(content, tmp_path):
    question = Question.objects.get(slug="cap-theorem")
    answer, topics = question.answer, set(question.topics.all())
    bank = f"# Distributed systems\n- {question.prompt.upper()}\n\n  A different answer.\n"

    out = run(write(tmp_path, bank))

    question.refresh_from_db()
    assert question.answer == answer
    assert set(question.topics.all()) == topics
    assert "skipped cap-theorem: already in the bank" in out


def test_it_fills_in_a_missing_answer_and_adds_missing_topics(tmp_path):
    draft = QuestionFactory(prompt="What is a bloom filter?", answer="", is_published=False)
    before = draft.updated_at
    path = write(tmp_path, "# Data structures\n### What is a bloom filter?\nA set that may lie.\n")

    out = run(path)

    draft.refresh_from_db()
    assert draft.answer == "A set that may lie."
    assert [topic.name for topic in draft.topics.all()] == ["Data structures"]
    assert draft.updated_at > before
    assert not draft.is_published
    assert "updated question-" in out
    assert "filled in the answer; added topics Data structures" in out


def test_a_dry_run_reports_but_saves_nothing(content):
    questions, topics = Question.objects.count(), Topic.objects.count()
    out = run(SAMPLE, "--dry-run")
    assert "would be added what-is-a-dead-letter-queue-and-when-do-you-need-one (draft)" in out
    assert "(dry run: nothing saved)" in out
    assert (Question.objects.count(), Topic.objects.count()) == (questions, topics)


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("# APIs\n- What is REST?\n\n  ```python\n  print('never closed')\n", 4, "never closed"),
        ("# APIs\n- " + "Why " * 80 + "?\n", 2, "at most 300"),
        ("# APIs\n\n##\n", 3, "has no text"),
        ("# " + "Long topic " * 10 + "\n- A question?\n", 1, "at most 80"),
        ("Just some notes, no headings.\n- Is this a question?\n", 1, "no headings"),
        ("# APIs\nOnly a description.\n", 1, "no questions"),
        (
            "# APIs\n### What is REST?\nOne answer.\n# HTTP\n### What is REST?\nAnother.\n",
            5,
            "also on line 2, with a different answer",
        ),
    ],
)
def test_a_bad_file_gets_a_clear_error_with_its_line(tmp_path, text, line, message):
    with pytest.raises(CommandError, match=rf"bank\.md, line {line}: .*{message}"):
        run(write(tmp_path, text))
    assert not Question.objects.exists()
    assert not Topic.objects.exists()


def test_nothing_is_half_imported_when_a_save_fails(tmp_path, monkeypatch):
    from questions.management.commands import import_questions

    real = import_questions.add_question
    calls = []

    def fail_on_the_second(*args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("database went away")
        return real(*args, **kwargs)

    monkeypatch.setattr(import_questions, "add_question", fail_on_the_second)
    with pytest.raises(RuntimeError):
        run(write(tmp_path, "# APIs\n- What is REST?\n- What is gRPC?\n"))
    assert not Question.objects.exists()
    assert not Topic.objects.exists()


def test_it_rejects_an_unknown_source_and_an_unreadable_file(tmp_path):
    SourceFactory(slug="skillexchange")
    with pytest.raises(CommandError, match=r"no source with slug 'nope' \(known: skillexchange\)"):
        run(SAMPLE, "--source", "nope")
    with pytest.raises(CommandError, match="cannot read"):
        run(tmp_path / "missing.md")
    binary = tmp_path / "binary.md"
    binary.write_bytes(b"\xff\xfe# not utf-8")
    with pytest.raises(CommandError, match="cannot read"):
        run(binary)


def test_it_reads_the_common_shapes_of_public_banks():
    bank = parse_bank(
        "# Backend interview questions\n"
        "\n"
        "## Contents\n"
        "\n"
        "## Databases\n"
        "1. **What is an index?**\n"
        "   - a sorted structure\n"
        "   - speeds up reads\n"
        "2. [ ] Q3: What is MVCC?\n"
        "\n"
        "---\n"
        "\n"
        "## Caching\n"
        "### 1. What is cache stampede?\n"
        "**Answer:** Many misses at once.\n"
        "\n"
        "- a bullet of the answer\n"
        "#### Mitigations\n"
        "Locks and early refresh.\n"
        "### What is C#?\n"
    )
    assert [topic.name for topic in bank.topics] == ["Contents", "Databases", "Caching"]
    assert [question.prompt for question in bank.questions] == [
        "What is an index?",
        "What is MVCC?",
        "What is cache stampede?",
        "What is C#?",
    ]
    index, mvcc, stampede, _ = bank.questions
    assert index.answer == "- a sorted structure\n- speeds up reads"
    assert mvcc.answer == ""
    assert stampede.answer.startswith("Many misses at once.\n\n- a bullet of the answer\n####")


def test_a_single_topic_file_with_heading_questions_is_read_as_such():
    bank = parse_bank("# Caching\n## What is a TTL?\nTime to live.\n## What is LRU?\n")
    assert [topic.name for topic in bank.topics] == ["Caching"]
    assert [question.prompt for question in bank.questions] == ["What is a TTL?", "What is LRU?"]
    assert bank.questions[0].answer == "Time to live."


def test_a_prompt_under_two_topics_becomes_one_question_with_both():
    bank = parse_bank("# APIs\n- What is REST?\n# HTTP\n- What is REST?\n  It is a style.\n")
    [question] = bank.questions
    assert question.topics == ["APIs", "HTTP"]
    assert question.answer == "It is a style."


def test_list_items_and_headings_inside_code_are_code():
    with pytest.raises(BankError, match="no questions"):
        parse_bank("# APIs\n```\n- not a question\n## not a question\n```\n")
