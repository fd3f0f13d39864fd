"""The shipped question bank: every seed question is there, complete, and credited."""

import io
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from django.core.management import call_command

from questions import content_rules
from questions.codecheck import code_blocks
from questions.models import (
    FAQ,
    CommonMistake,
    HiringCompany,
    JobMarket,
    PreparationTip,
    Question,
    RelatedSkill,
)

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).resolve().parent.parent.parent / "fixtures"
RUNNER = (
    "import sys; from questions import codecheck; "
    "codecheck.run_python(codecheck.code_blocks(sys.stdin.read()))"
)

SKILLEXCHANGE = [
    "rest-vs-soap", "http-methods-idempotency", "json-in-apis", "acid-properties", "api-gateway",
    "sql-vs-nosql", "caching-with-redis", "database-indexes", "microservices-vs-monolith",
    "docker-and-orchestration", "jwt-authentication", "database-migrations",
    "design-url-shortener", "scale-backend-to-1m-users", "rate-limiting-nodejs", "cap-theorem",
    "java-memory-leaks", "design-notification-system",
]  # fmt: skip
SIMPLE_JOB_LISTINGS = [
    "microservices-complexity", "caching-performance-scenario", "preventing-data-breaches",
    "scalability-high-availability", "ci-cd-benefits", "maintainable-clean-code",
    "distributed-data-consistency", "api-reliability-best-practices",
    "team-organizational-challenge", "project-failure-lessons",
]  # fmt: skip


def published_fixture_questions() -> list[dict]:
    """Every published question as its fixture fields, straight from fixtures/questions/."""
    found = []
    for path in sorted(FIXTURES.glob("questions/*.yaml")):
        for item in yaml.safe_load(path.read_text(encoding="utf-8")):
            if item["model"] == "questions.question" and item["fields"]["is_published"]:
                found.append(item["fields"])
    return found


QUESTIONS = published_fixture_questions()
PUBLISHED = {fields["slug"] for fields in QUESTIONS}


def test_every_seed_question_is_in_the_bank(content):
    slugs = set(Question.objects.values_list("slug", flat=True))
    assert {*SKILLEXCHANGE, *SIMPLE_JOB_LISTINGS} <= slugs
    assert Question.objects.filter(source__slug="skillexchange").count() == 18
    assert Question.objects.filter(source__slug="simple-job-listings").count() == 10


def test_the_first_article_keeps_its_six_questions_per_level(content):
    first = Question.objects.filter(source__slug="skillexchange")
    for level in Question.Level.values:
        assert first.filter(level=level).count() == 6


def test_the_bank_holds_every_round_type(content):
    published = Question.objects.published()
    for round_type in Question.RoundType.values:
        assert published.filter(round_type=round_type).exists(), round_type


def test_slugs_are_unique_across_files():
    slugs = [fields["slug"] for fields in QUESTIONS]
    assert len(slugs) == len(set(slugs))


@pytest.mark.parametrize("fields", QUESTIONS, ids=lambda fields: fields["slug"])
def test_each_question_meets_the_bar(fields):
    """fixtures/README.md: every field, word counts, references, links, code that parses."""
    assert content_rules.question_problems(fields, PUBLISHED) == []


RUNNABLE = [fields for fields in QUESTIONS if any(b.runs for b in code_blocks(fields["answer"]))]


@pytest.mark.parametrize("fields", RUNNABLE, ids=lambda fields: fields["slug"])
def test_each_questions_python_runs(fields):
    """A question's Python blocks run in order in a fresh interpreter (so a hang times out)."""
    result = subprocess.run(  # noqa: S603 - our interpreter, our content
        [sys.executable, "-c", RUNNER],
        input=fields["answer"],
        capture_output=True,
        text=True,
        cwd=FIXTURES.parent,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]


def test_a_coding_question_runs_its_tests(content):
    coding = Question.objects.published().filter(round_type=Question.RoundType.CODING)
    assert coding.count() >= 12
    for question in coding:
        assert any("assert" in block.code for block in code_blocks(question.answer) if block.runs)


def test_system_design_answers_carry_a_rendered_diagram(content):
    designs = Question.objects.published().filter(round_type=Question.RoundType.SYSTEM_DESIGN)
    assert designs.count() >= 12
    for question in designs:
        assert question.diagram_svg.startswith("<svg"), question.slug
        assert "<title>" in question.diagram_svg


def test_rate_limiting_keeps_a_real_code_example(content):
    question = Question.objects.get(slug="rate-limiting-nodejs")
    languages = [block.language for block in code_blocks(question.answer)]
    assert "javascript" in languages
    assert "express-rate-limit" in question.answer


def test_the_career_content_is_all_there(content):
    assert PreparationTip.objects.count() == 5
    assert CommonMistake.objects.count() == 5
    assert RelatedSkill.objects.count() == 8
    assert FAQ.objects.count() == 5
    market = JobMarket.objects.get()
    assert (market.median_salary, market.min_salary, market.max_salary) == (182681, 70000, 360000)
    assert market.open_positions == 122
    assert set(HiringCompany.objects.values_list("name", flat=True)) >= {
        "Tesorio", "Citizen", "ControlUp", "Elevatelabs", "Peregrine Technologies",
        "Insurify", "Equal Experts", "Solsten", "Getpoint",
    }  # fmt: skip


def test_loading_again_updates_in_place_and_keeps_primary_keys(content):
    before = dict(Question.objects.values_list("slug", "pk"))
    call_command("load_content", stdout=io.StringIO())
    assert dict(Question.objects.values_list("slug", "pk")) == before


def test_loading_restores_fixture_text_but_keeps_admin_edits(content):
    stale = Question.objects.get(slug="cap-theorem")
    Question.objects.filter(pk=stale.pk).update(prompt="Tampered", updated_at=stale.updated_at)
    edited = Question.objects.get(slug="json-in-apis")
    edited.prompt = "Edited in admin"
    edited.save()

    out = io.StringIO()
    call_command("load_content", stdout=out)

    assert Question.objects.get(slug="cap-theorem").prompt != "Tampered"
    assert Question.objects.get(slug="json-in-apis").prompt == "Edited in admin"
    assert "kept question 'json-in-apis'" in out.getvalue()
    call_command("load_content", "--force", stdout=io.StringIO())
    assert Question.objects.get(slug="json-in-apis").prompt != "Edited in admin"


def test_loading_adds_what_is_new_and_deletes_nothing(content):
    Question.objects.get(slug="cap-theorem").delete()
    extra = Question.objects.create(slug="admin-only", prompt="Added in admin?", answer="A")
    call_command("load_content", stdout=io.StringIO())
    assert Question.objects.filter(slug="cap-theorem").exists()
    assert Question.objects.filter(pk=extra.pk).exists()
