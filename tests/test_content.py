"""The shipped question bank: every seed question is there, complete, and credited."""

import io
import re

import pytest
from django.core.management import call_command

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


def test_every_seed_question_is_in_the_bank(content):
    assert set(Question.objects.values_list("slug", flat=True)) == {
        *SKILLEXCHANGE,
        *SIMPLE_JOB_LISTINGS,
    }
    assert Question.objects.filter(source__slug="skillexchange").count() == 18
    assert Question.objects.filter(source__slug="simple-job-listings").count() == 10


def test_the_first_article_keeps_its_six_questions_per_level(content):
    first = Question.objects.filter(source__slug="skillexchange")
    for level in Question.Level.values:
        assert first.filter(level=level).count() == 6


@pytest.mark.parametrize("slug", SKILLEXCHANGE + SIMPLE_JOB_LISTINGS)
def test_each_question_is_complete(content, slug):
    question = Question.objects.get(slug=slug)
    assert question.is_published
    assert question.topics.exists()
    assert question.source is not None
    assert 150 <= len(question.answer.split()) <= 400
    assert question.why_asked
    assert 3 <= len(question.strong_answer_point_list) <= 6
    assert question.tip
    assert 1 <= len(question.follow_up_list) <= 3


def test_code_blocks_name_their_language(content):
    for question in Question.objects.all():
        for fence in re.findall(r"^```(.*)$", question.answer, flags=re.MULTILINE)[::2]:
            assert fence.strip(), f"{question.slug} has a fenced block with no language"


def test_rate_limiting_keeps_a_real_code_example(content):
    question = Question.objects.get(slug="rate-limiting-nodejs")
    assert question.code_language == "javascript"
    assert "express-rate-limit" in question.code_example
    assert "15 * 60 * 1000" in question.code_example


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
