"""Import a question bank written in Markdown (see questions/question_bank.py for the format).

New questions come in as drafts (unpublished): an imported answer is someone else's text, or
missing, and an admin reviews it before the bulk "Publish" action puts it on the site. A question
already in the bank (same prompt, any case) is never overwritten: the import only fills in an
empty answer and adds topics it lacks, so running it again changes nothing. The whole import is
one transaction: a bad file or a failed save leaves the database as it was.
"""

from dataclasses import dataclass, field
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.db.models import Max
from django.utils.text import slugify

from questions.models import Question, Source, Topic
from questions.question_bank import Bank, BankError, BankQuestion, BankTopic, parse_bank

SLUG_MAX = Question._meta.get_field("slug").max_length


@dataclass
class Report:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    topics_added: list[str] = field(default_factory=list)


def read_bank(path: Path) -> Bank:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise CommandError(f"cannot read {path}: {error}") from error
    try:
        return parse_bank(text)
    except BankError as error:
        raise CommandError(f"{path}, line {error.line}: {error.message}") from error


def unique_slug(text: str, model: type[Question] | type[Topic], fallback: str) -> str:
    base = slugify(text)[:SLUG_MAX].strip("-") or fallback
    slug, number = base, 1
    while model.objects.filter(slug=slug).exists():
        number += 1
        suffix = f"-{number}"
        slug = base[: SLUG_MAX - len(suffix)].rstrip("-") + suffix
    return slug


def find_or_add_topic(parsed: BankTopic, report: Report) -> Topic:
    slug = slugify(parsed.name)
    topic = (
        Topic.objects.filter(name__iexact=parsed.name).first()
        or Topic.objects.filter(slug=slug).first()
    )
    if topic is None:
        position = (Topic.objects.aggregate(last=Max("position"))["last"] or 0) + 1
        topic = Topic.objects.create(
            name=parsed.name,
            slug=unique_slug(parsed.name, Topic, "topic"),
            description=parsed.description,
            position=position,
        )
        report.topics_added.append(parsed.name)
    return topic


def add_question(
    parsed: BankQuestion, topics: list[Topic], *, level: str, source: Source | None
) -> Question:
    position = (Question.objects.for_level(level).aggregate(last=Max("position"))["last"] or 0) + 1
    question = Question.objects.create(
        slug=unique_slug(parsed.prompt, Question, "question"),
        prompt=parsed.prompt,
        level=level,
        source=source,
        position=position,
        answer=parsed.answer,
        is_published=False,
    )
    question.topics.set(topics)
    return question


def merge_question(question: Question, parsed: BankQuestion, topics: list[Topic]) -> list[str]:
    """Fill in what the bank has and the question lacks; return what changed."""
    changes, fields = [], []
    if parsed.answer and not question.answer:
        question.answer = parsed.answer
        fields.append("answer")
        changes.append("filled in the answer")
    missing = [topic for topic in topics if topic not in set(question.topics.all())]
    if missing:
        question.topics.add(*missing)
        changes.append("added topics " + ", ".join(topic.name for topic in missing))
    if changes:
        # Saved even for topics alone: updated_at must move, or load_content would undo it.
        question.save(update_fields=fields)
    return changes


def import_bank(bank: Bank, *, level: str, source: Source | None) -> Report:
    report = Report()
    topics = {parsed.name: find_or_add_topic(parsed, report) for parsed in bank.topics}
    for parsed in bank.questions:
        wanted = [topics[name] for name in parsed.topics]
        existing = Question.objects.filter(prompt__iexact=parsed.prompt).first()
        if existing is None:
            question = add_question(parsed, wanted, level=level, source=source)
            note = "" if question.answer else ", no answer yet"
            report.added.append(f"{question.slug} (draft{note})")
        elif changes := merge_question(existing, parsed, wanted):
            report.updated.append(f"{existing.slug}: {'; '.join(changes)}")
        else:
            report.skipped.append(f"{existing.slug}: already in the bank")
    return report


class Command(BaseCommand):
    help = (
        "Import questions from a Markdown bank: headings are topics, list items or sub-headings "
        "are questions, text under a question is its answer. New questions are drafts."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="the Markdown file")
        parser.add_argument(
            "--level",
            choices=Question.Level.values,
            default=Question.Level.INTERMEDIATE,
            help="level of the new questions (default: intermediate)",
        )
        parser.add_argument("--source", help="slug of the source to credit the new questions to")
        parser.add_argument(
            "--dry-run", action="store_true", help="report what would change, save nothing"
        )

    def handle(self, *args, file: Path, level: str, source: str | None, dry_run: bool, **options):
        bank = read_bank(file)
        credit = find_source(source)
        with transaction.atomic():
            report = import_bank(bank, level=level, source=credit)
            if dry_run:
                transaction.set_rollback(True)
        self.print_report(report, dry_run=dry_run)

    def print_report(self, report: Report, *, dry_run: bool) -> None:
        would = "would be " if dry_run else ""
        for name in report.topics_added:
            self.stdout.write(f"{would}added topic {name!r}")
        for line in report.added:
            self.stdout.write(f"{would}added {line}")
        for line in report.updated:
            self.stdout.write(f"{would}updated {line}")
        for line in report.skipped:
            self.stdout.write(f"skipped {line}")
        summary = (
            f"import: {len(report.added)} {would}added, {len(report.updated)} {would}updated, "
            f"{len(report.skipped)} skipped; {plural(len(report.topics_added), 'new topic')}"
        )
        if dry_run:
            self.stdout.write(self.style.WARNING(summary + " (dry run: nothing saved)"))
            return
        self.stdout.write(self.style.SUCCESS(summary))
        if report.added:
            self.stdout.write("New questions are drafts: review them in admin, then publish them.")


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def find_source(slug: str | None) -> Source | None:
    if slug is None:
        return None
    source = Source.objects.filter(slug=slug).first()
    if source is None:
        known = ", ".join(Source.objects.values_list("slug", flat=True)) or "none yet"
        raise CommandError(f"no source with slug {slug!r} (known: {known}); add it in admin first")
    return source
