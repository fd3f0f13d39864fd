"""Django admin: the tool admins keep the question bank with."""

import datetime
import io

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Permission, User
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from questions.models import (
    FAQ,
    CommonMistake,
    HiringCompany,
    JobMarket,
    PreparationTip,
    Question,
    RelatedSkill,
    Source,
    Topic,
)
from tests.factories import QuestionFactory, SourceFactory, TopicFactory

pytestmark = pytest.mark.django_db

CONTENT_MODELS = [
    Source,
    Topic,
    Question,
    PreparationTip,
    CommonMistake,
    RelatedSkill,
    FAQ,
    JobMarket,
    HiringCompany,
]
MAX_QUERIES = 12


def admin_url(model, page: str, obj=None) -> str:
    name = f"admin:questions_{model._meta.model_name}_{page}"
    return reverse(name, args=[obj.pk] if obj else None)


def queries_for(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def change_form_data(response) -> dict:
    """What the browser would post back for an unchanged change form, inlines included."""
    forms = [response.context["adminform"].form]
    data = {}
    for inline in response.context["inline_admin_formsets"]:
        management = inline.formset.management_form
        data.update(
            {management[name].html_name: value for name, value in management.initial.items()}
        )
        forms += inline.formset.forms
    for form in forms:
        for name in form.fields:
            value = form[name].value()
            if value is True:
                data[form[name].html_name] = "on"
            elif value is not None and value is not False:
                data[form[name].html_name] = value
    return data


def question_data(**overrides) -> dict:
    topic = TopicFactory(slug="caching", name="Caching")
    data = {
        "prompt": "How do you size a connection pool?",
        "slug": "size-a-connection-pool",
        "level": "advanced",
        "round_type": "concept",
        "expected_minutes": "10",
        "position": "3",
        "answer": "Measure, then apply **Little's law**.",
        "topics": [topic.pk],
        "is_published": "on",
    }
    return {**data, **overrides}


@pytest.mark.parametrize("model", CONTENT_MODELS, ids=lambda model: model.__name__)
@pytest.mark.parametrize("page", ["changelist", "add", "change"])
def test_admin_page_query_count_does_not_grow_with_the_bank(
    admin_client, content, make_questions, model, page
):
    obj = model.objects.order_by("pk").first() if page == "change" else None
    url = admin_url(model, page, obj)

    make_questions(10)
    admin_client.get(url)  # the first request fills the session cache
    small = queries_for(admin_client, url)
    make_questions(50)
    market = JobMarket.objects.get()
    for index in range(20):
        HiringCompany.objects.create(
            slug=f"company-{index}", name=f"Company {index}", market=market
        )
    large = queries_for(admin_client, url)

    assert small == large <= MAX_QUERIES


def test_question_changelist_shows_level_topics_published_and_updated(admin_client, content):
    html = admin_client.get(admin_url(Question, "changelist")).text
    for header in ("Prompt", "Level", "Topics", "Position", "Published", "Updated"):
        assert f">{header}</a>" in html or f">{header}</span>" in html
    assert "APIs &amp; HTTP, Architecture" in html  # rest-vs-soap's topics, in topic order
    assert "Intermediate" in html
    assert 'alt="True"' in html


def test_question_changelist_lists_levels_in_study_order(admin_client, content):
    response = admin_client.get(admin_url(Question, "changelist"))
    levels = [question.level for question in response.context["cl"].result_list]
    assert levels == sorted(levels, key=Question.Level.values.index)


def test_admin_can_filter_drafts_and_search_prompts(admin_client, content):
    draft = QuestionFactory(prompt="Draft about sharding?", is_published=False)
    drafts = admin_client.get(admin_url(Question, "changelist"), {"is_published__exact": "0"})
    assert list(drafts.context["cl"].result_list) == [draft]

    found = admin_client.get(admin_url(Question, "changelist"), {"q": "idempoten"})
    assert "http-methods-idempotency" in {q.slug for q in found.context["cl"].result_list}


def test_answer_and_body_fields_get_the_markdown_editor(admin_client, content):
    question = Question.objects.get(slug="cap-theorem")
    html = admin_client.get(admin_url(Question, "change", question)).text
    assert 'name="answer"' in html
    assert html.count('class="vLargeTextField markdownx-editor"') == 1
    assert 'data-markdownx-urls-path="/markdownx/markdownify/"' in html
    assert "markdownx/js/markdownx" in html

    for model in (PreparationTip, CommonMistake, FAQ):
        html = admin_client.get(admin_url(model, "change", model.objects.first())).text
        assert html.count("vLargeTextField markdownx-editor") == 1, model


def test_markdown_preview_is_sanitized_for_admins(admin_client):
    response = admin_client.post(
        reverse("markdownx_markdownify"),
        {"content": "**bold** <script>alert(1)</script> [x](javascript:alert(1))"},
    )
    assert "<strong>bold</strong>" in response.text
    assert "<script" not in response.text
    assert "javascript:" not in response.text


def test_slug_is_prepopulated_and_topics_and_source_autocomplete(admin_client, content):
    html = admin_client.get(admin_url(Question, "add")).text
    assert "django-admin-prepopulated-fields-constants" in html
    assert "&quot;#id_prompt&quot;" in html
    assert 'class="admin-autocomplete"' in html
    assert html.count("data-ajax--url") == 2

    response = admin_client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "questions",
            "model_name": "question",
            "field_name": "topics",
            "term": "cachi",
        },
    )
    assert [result["text"] for result in response.json()["results"]] == ["Caching"]


def test_timestamps_are_shown_but_read_only(admin_client):
    question = QuestionFactory(created_at=timezone.now() - datetime.timedelta(days=3))
    created = Question.objects.get(pk=question.pk).created_at
    response = admin_client.get(admin_url(Question, "change", question))
    assert "created_at" not in response.context["adminform"].form.fields
    assert "Created at" in response.text

    data = change_form_data(response) | {"created_at": "2001-01-01 00:00"}
    assert admin_client.post(admin_url(Question, "change", question), data).status_code == 302
    assert Question.objects.get(pk=question.pk).created_at == created


@pytest.mark.parametrize(
    ("model", "slug", "expected"),
    [
        (Question, "cap-theorem", "/questions/cap-theorem/"),
        (Topic, "caching", "/topics/caching/"),
        (PreparationTip, "run-timed-mock-interviews", "/prepare/#tips"),
        (CommonMistake, "not-asking-your-own-questions", "/prepare/#mistakes"),
        (RelatedSkill, "system-design", "/prepare/#skills"),
        (FAQ, "how-long-to-prepare", "/faq/#faq-how-long-to-prepare"),
        (JobMarket, "senior-backend-engineer", "/career/"),
        (HiringCompany, "tesorio", "/career/"),
    ],
)
def test_change_page_links_to_the_row_on_the_site(admin_client, content, model, slug, expected):
    response = admin_client.get(admin_url(model, "change", model.objects.get(slug=slug)))
    assert f'href="{expected}" class="viewsitelink"' in response.text


def test_sources_have_no_page_of_their_own_to_link_to(admin_client, content):
    response = admin_client.get(admin_url(Source, "change", Source.objects.first()))
    assert "viewsitelink" not in response.text


@pytest.mark.parametrize("model", CONTENT_MODELS, ids=lambda model: model.__name__)
def test_admin_can_save_every_content_model_unchanged(admin_client, content, model):
    obj = model.objects.order_by("pk").first()
    response = admin_client.get(admin_url(model, "change", obj))
    saved = admin_client.post(admin_url(model, "change", obj), change_form_data(response))
    assert saved.status_code == 302, saved.context["adminform"].form.errors


def test_admin_can_add_a_question_with_topics_and_a_source(admin_client):
    source = SourceFactory(name="Public bank")
    response = admin_client.post(admin_url(Question, "add"), question_data(source=source.pk))
    assert response.status_code == 302
    question = Question.objects.get(slug="size-a-connection-pool")
    assert [topic.slug for topic in question.topics.all()] == ["caching"]
    assert question.source == source
    assert question.is_published


@pytest.mark.parametrize(
    ("missing", "message"),
    [
        ("prompt", "This field is required."),
        ("level", "This field is required."),
        ("answer", "This field is required."),
        ("slug", "This field is required."),
    ],
)
def test_it_rejects_a_question_without_a_required_field(admin_client, missing, message):
    response = admin_client.post(admin_url(Question, "add"), question_data(**{missing: ""}))
    assert response.status_code == 200
    assert response.context["adminform"].form.errors[missing] == [message]
    assert not Question.objects.exists()


def test_it_rejects_a_duplicate_slug_with_a_form_error(admin_client):
    QuestionFactory(slug="size-a-connection-pool")
    response = admin_client.post(admin_url(Question, "add"), question_data())
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["slug"] == [
        "Question with this Slug already exists."
    ]


def test_it_rejects_a_duplicate_slug_among_hiring_companies(admin_client, content):
    market = JobMarket.objects.get()
    response = admin_client.get(admin_url(JobMarket, "change", market))
    data = change_form_data(response) | {"companies-1-slug": "tesorio"}
    response = admin_client.post(admin_url(JobMarket, "change", market), data)
    assert response.status_code == 200
    assert "Hiring company with this Slug already exists." in response.text


def test_it_rejects_a_salary_range_out_of_order(admin_client, content):
    market = JobMarket.objects.get()
    response = admin_client.get(admin_url(JobMarket, "change", market))
    data = change_form_data(response) | {"min_salary": "200000"}
    response = admin_client.post(admin_url(JobMarket, "change", market), data)
    assert response.status_code == 200
    assert "The median salary must lie between the minimum and the maximum." in response.text


def test_admin_can_edit_companies_inline_on_their_market(admin_client, content):
    market = JobMarket.objects.get()
    response = admin_client.get(admin_url(JobMarket, "change", market))
    source = Source.objects.get(slug="skillexchange")
    assert f'<option value="{source.pk}" selected>SkillExchange</option>' in response.text
    data = change_form_data(response) | {"companies-0-note": "Hiring in Lisbon"}
    assert admin_client.post(admin_url(JobMarket, "change", market), data).status_code == 302
    assert HiringCompany.objects.get(slug="tesorio").note == "Hiring in Lisbon"


def test_deleting_a_source_in_use_is_refused_without_an_error(admin_client, content):
    source = Source.objects.get(slug="skillexchange")
    response = admin_client.post(admin_url(Source, "delete", source), {"post": "yes"})
    assert response.status_code == 200
    assert "would require deleting the following protected related objects" in response.text
    assert Source.objects.filter(pk=source.pk).exists()


def run_action(client, action: str, questions: list[Question]):
    return client.post(
        admin_url(Question, "changelist"),
        {"action": action, "_selected_action": [question.pk for question in questions]},
        follow=True,
    )


def test_admin_can_publish_drafts_that_have_an_answer(admin_client):
    ready = QuestionFactory(is_published=False)
    unanswered = QuestionFactory(is_published=False, answer="")
    before = Question.objects.get(pk=ready.pk).updated_at

    response = run_action(admin_client, "publish", [ready, unanswered])

    ready.refresh_from_db()
    unanswered.refresh_from_db()
    assert ready.is_published
    assert ready.updated_at > before
    assert not unanswered.is_published
    shown = [str(message) for message in response.context["messages"]]
    assert "Published 1 question." in shown
    assert any("Left 1 question as drafts" in message for message in shown)
    assert LogEntry.objects.get().object_id == str(ready.pk)


def test_admin_can_unpublish_questions(admin_client):
    questions = [QuestionFactory(), QuestionFactory(), QuestionFactory(is_published=False)]
    response = run_action(admin_client, "unpublish", questions)
    assert not Question.objects.published().exists()
    assert "Unpublished 2 questions: they are drafts now." in [
        str(message) for message in response.context["messages"]
    ]
    assert LogEntry.objects.count() == 2


def test_staff_who_may_only_view_get_no_publish_actions(client):
    viewer = User.objects.create_user("viewer", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_question"))
    client.force_login(viewer)
    response = client.get(admin_url(Question, "changelist"))
    assert response.status_code == 200
    assert response.context["action_form"] is None
    assert run_action(client, "publish", [QuestionFactory(is_published=False)]).status_code == 200
    assert not Question.objects.published().exists()


def test_an_admin_edit_survives_reloading_the_fixtures(admin_client, content):
    question = Question.objects.get(slug="cap-theorem")
    run_action(admin_client, "unpublish", [question])
    call_command("load_content", stdout=io.StringIO())
    assert not Question.objects.get(slug="cap-theorem").is_published


class TestEnsureSuperuser:
    ENV = {
        "DJANGO_SUPERUSER_USERNAME": "editor",
        "DJANGO_SUPERUSER_EMAIL": "editor@example.com",
        "DJANGO_SUPERUSER_PASSWORD": "a long passphrase for admins",
    }

    def run(self) -> str:
        out = io.StringIO()
        call_command("ensure_superuser", stdout=out)
        return out.getvalue()

    def setenv(self, monkeypatch, **env: str) -> None:
        for name in self.ENV:
            monkeypatch.delenv(name, raising=False)
        for name, value in env.items():
            monkeypatch.setenv(name, value)

    def test_it_creates_the_admin_from_the_environment(self, monkeypatch):
        self.setenv(monkeypatch, **self.ENV)
        assert "Created admin 'editor'." in self.run()
        user = User.objects.get(username="editor")
        assert user.is_superuser
        assert user.email == "editor@example.com"
        assert user.check_password("a long passphrase for admins")

    def test_it_leaves_an_existing_admin_alone(self, monkeypatch):
        User.objects.create_superuser("editor", "old@example.com", "changed since, keep it")
        self.setenv(monkeypatch, **self.ENV)
        assert "Admin 'editor' exists; left unchanged." in self.run()
        user = User.objects.get(username="editor")
        assert user.check_password("changed since, keep it")
        assert user.email == "old@example.com"

    def test_it_only_says_how_when_nothing_is_set(self, monkeypatch):
        self.setenv(monkeypatch)
        assert "DJANGO_SUPERUSER_PASSWORD" in self.run()
        assert not User.objects.exists()

    def test_it_rejects_a_partial_setup(self, monkeypatch):
        self.setenv(monkeypatch, DJANGO_SUPERUSER_USERNAME="editor")
        with pytest.raises(CommandError, match="DJANGO_SUPERUSER_EMAIL, DJANGO_SUPERUSER_PASS"):
            self.run()
        assert not User.objects.exists()

    def test_it_rejects_a_weak_password(self, monkeypatch):
        self.setenv(monkeypatch, **self.ENV | {"DJANGO_SUPERUSER_PASSWORD": "admin"})
        with pytest.raises(CommandError, match="too short"):
            self.run()
        assert not User.objects.exists()
