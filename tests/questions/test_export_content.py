"""export_content: the database's content back to fixtures/, ready to review and commit."""

import io
from pathlib import Path

import pytest
import yaml
from django.core.management import call_command

from questions.management.commands.load_content import content_paths
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
from tests.factories import BookmarkFactory, NoteFactory, SourceFactory, TopicFactory, UserFactory

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).resolve().parent.parent.parent / "fixtures"
# Children before parents, so deleting them all in this order never hits a PROTECT.
CONTENT_MODELS = [
    HiringCompany,
    JobMarket,
    FAQ,
    RelatedSkill,
    CommonMistake,
    PreparationTip,
    Question,
    Topic,
    Source,
]


def export(directory: Path) -> str:
    out = io.StringIO()
    call_command("export_content", "--output", str(directory), stdout=out)
    return out.getvalue()


def read_all(directory: Path) -> dict[str, str]:
    """Every content file under `directory`, by its path relative to it."""
    return {
        path.relative_to(directory).as_posix(): path.read_text(encoding="utf-8")
        for path in content_paths(directory)
    }


def items(text: str) -> list[dict]:
    return yaml.safe_load(text)


def snapshot() -> dict[str, dict]:
    """Every content row by slug, with relations by slug: what a fresh database must match."""
    data = {}
    for model in CONTENT_MODELS:
        names = [
            f"{field.name}__slug" if field.is_relation else field.name
            for field in model._meta.concrete_fields
            if not field.primary_key
        ]
        data[model.__name__] = {row["slug"]: row for row in model.objects.values(*names)}
    for question in Question.objects.prefetch_related("topics"):
        data["Question"][question.slug]["topics"] = sorted(t.slug for t in question.topics.all())
    return data


def edit_like_an_admin() -> None:
    question = Question.objects.get(slug="cap-theorem")
    question.prompt = "Explain the CAP theorem with an example you have lived through."
    question.is_published = False
    question.save()
    question.topics.add(TopicFactory(slug="observability", name="Observability"))
    newcomer = Question.objects.create(
        slug="a-new-question",
        prompt="What is a new question?",
        level="beginner",
        answer="One added in admin, with “curly quotes” and ünïcödé.",
        source=SourceFactory(slug="public-bank", name="Public bank"),
    )
    newcomer.topics.set(Topic.objects.filter(slug__in=["apis", "caching"]))


def test_exporting_the_shipped_fixtures_reproduces_them_byte_for_byte(content, tmp_path):
    export(tmp_path)
    assert read_all(tmp_path) == read_all(FIXTURES)


def test_exporting_twice_changes_nothing(content, tmp_path):
    edit_like_an_admin()
    export(tmp_path)
    first = read_all(tmp_path)
    assert f"0 of {len(first)} files changed" in export(tmp_path)
    assert read_all(tmp_path) == first


def test_an_export_loads_into_a_fresh_database_as_the_same_content(content, tmp_path, settings):
    edit_like_an_admin()
    before = snapshot()
    export(tmp_path / "fixtures")
    exported = read_all(tmp_path / "fixtures")

    for model in CONTENT_MODELS:
        model.objects.all().delete()
    settings.BASE_DIR = tmp_path  # load_content reads BASE_DIR / "fixtures"
    call_command("load_content", stdout=io.StringIO())

    assert snapshot() == before
    export(tmp_path / "again")
    assert read_all(tmp_path / "again") == exported


def test_an_admin_edit_shows_up_as_a_change_in_place(content, tmp_path):
    question = Question.objects.get(slug="cap-theorem")
    question.prompt = "Explain the CAP theorem."
    question.save()

    export(tmp_path)

    changed = {
        name for name, text in read_all(tmp_path).items() if text != read_all(FIXTURES)[name]
    }
    assert changed == {"questions/seed-skillexchange-2.yaml"}
    old = (FIXTURES / "questions/seed-skillexchange-2.yaml").read_text().splitlines()
    new = (tmp_path / "questions/seed-skillexchange-2.yaml").read_text().splitlines()
    assert len(old) == len(new)
    differing = [line.strip() for line, was in zip(new, old, strict=True) if line != was]
    assert differing[0] == "prompt: Explain the CAP theorem."
    assert differing[1].startswith("updated_at: '20")
    assert len(differing) == 2


def test_it_keeps_the_fields_and_natural_keys_of_the_fixtures(content, tmp_path):
    edit_like_an_admin()
    export(tmp_path)
    for text in read_all(tmp_path).values():
        for item in items(text):
            assert "pk" not in item
            names = list(item["fields"])
            assert names[0] == "slug"
            assert names[-2:] == ["created_at", "updated_at"]
    newcomer = next(
        item
        for item in items((tmp_path / "questions/apis.yaml").read_text())
        if item["fields"]["slug"] == "a-new-question"
    )
    assert newcomer["fields"]["source"] == ["public-bank"]
    assert newcomer["fields"]["topics"] == [["apis"], ["caching"]]


def test_a_new_question_goes_into_its_first_topics_file(content, tmp_path):
    edit_like_an_admin()
    export(tmp_path)
    assert "a-new-question" in (tmp_path / "questions/apis.yaml").read_text()


def test_an_answer_is_written_as_a_readable_block(content, tmp_path):
    export(tmp_path)
    text = (tmp_path / "questions/seed-skillexchange-2.yaml").read_text()
    assert "    answer: |" in text
    assert "\\n" not in text


def test_it_never_exports_user_data(content, tmp_path):
    learner = UserFactory(username="learner-ayla", email="ayla@example.com")
    question = Question.objects.get(slug="cap-theorem")
    NoteFactory(user=learner, question=question, body="My private note")
    BookmarkFactory(user=learner, question=question)

    export(tmp_path)

    text = "".join(read_all(tmp_path).values())
    assert "learner-ayla" not in text
    assert "My private note" not in text
    models = {item["model"] for text in read_all(tmp_path).values() for item in items(text)}
    assert models == {f"questions.{model._meta.model_name}" for model in CONTENT_MODELS}
