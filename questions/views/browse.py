"""Browsing the question bank: home, the filtered list, a question, topics."""

from bisect import bisect_left

from django.core.paginator import Paginator
from django.db.models import Count, OuterRef, Q, Subquery
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from questions import scheduling
from questions.forms import QuestionFilterForm
from questions.models import Note, Question, ReviewCard, Topic
from questions.pagecache import cache_anonymous_page
from questions.scheduling import Status

PAGE_SIZE = 20
RELATED_LIMIT = 4


def level_counts() -> list[dict]:
    """The three levels with their published question counts, in one query."""
    counts = dict(
        Question.objects.published()
        .values_list("level")
        .annotate(n=Count("pk"))
        .values_list("level", "n")
    )
    return [
        {"value": value, "label": label, "count": counts.get(value, 0)}
        for value, label in Question.Level.choices
    ]


def topics_with_counts():
    return Topic.objects.annotate(
        question_count=Count("questions", filter=Q(questions__is_published=True))
    )


def study_statuses(request: HttpRequest) -> dict[int, str]:
    """question id -> the learner's study status (one query; empty for visitors)."""
    if not request.user.is_authenticated:
        return {}
    return scheduling.statuses_for(request.user)


@cache_anonymous_page
def home(request: HttpRequest) -> HttpResponse:
    levels = level_counts()
    return render(
        request,
        "questions/home.html",
        {
            "levels": levels,
            "total": sum(level["count"] for level in levels),
            "topics": [topic for topic in topics_with_counts() if topic.question_count],
        },
    )


@cache_anonymous_page
def question_list(request: HttpRequest) -> HttpResponse:
    topics = list(topics_with_counts())
    form = QuestionFilterForm(request.GET, topics=topics)
    questions = (
        Question.objects.published().for_listing().with_bookmark_flag(request.user).in_study_order()
    )
    statuses = study_statuses(request)
    level = topic = status = None
    if form.is_valid():
        if level := form.cleaned_data["level"]:
            questions = questions.for_level(level)
        if topic := form.cleaned_data["topic"]:
            questions = questions.for_topic(topic)
        if (status := form.cleaned_data["status"]) and request.user.is_authenticated:
            questions = questions.with_status(status, statuses)
    page = Paginator(questions, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "questions/question_list.html",
        {
            "statuses": statuses,
            "status": status,
            "status_label": Status.LABELS.get(status, ""),
            "form": form,
            "page": page,
            "level": level,
            "level_label": Question.Level(level).label if level else "",
            "topic": topic,
            "topics": topics,
            "levels": Question.Level.choices,
            "query_prefix": form.query_string_without_page(),
        },
    )


def neighbours(question: Question) -> tuple[Question | None, Question | None]:
    """The previous and next published questions of the same level, in one small query."""
    same_level = list(
        Question.objects.published()
        .for_level(question.level)
        .order_by("position", "slug")
        .only("slug", "prompt", "level", "position")
    )
    keys = [(other.position, other.slug) for other in same_level]
    index = bisect_left(keys, (question.position, question.slug))
    found = index < len(keys) and keys[index] == (question.position, question.slug)
    previous_question = same_level[index - 1] if index > 0 else None
    next_index = index + 1 if found else index
    next_question = same_level[next_index] if next_index < len(same_level) else None
    return previous_question, next_question


@cache_anonymous_page
def question_detail(request: HttpRequest, slug: str) -> HttpResponse:
    questions = (
        Question.objects.select_related("source")
        .prefetch_related("topics")
        .with_bookmark_flag(request.user)
    )
    if not request.user.is_staff:
        questions = questions.published()
    user = request.user if request.user.is_authenticated else None
    if user:
        card = ReviewCard.objects.filter(user=user, question=OuterRef("pk"))
        questions = questions.annotate(
            card_state=Subquery(card.values("state")),
            card_due=Subquery(card.values("due")),
            card_stability=Subquery(card.values("stability")),
            card_last_review=Subquery(card.values("last_review")),
        )
    question = get_object_or_404(questions, slug=slug)
    topics = list(question.topics.all())
    previous_question, next_question = neighbours(question)
    related = (
        Question.objects.published()
        .filter(topics__in=topics)
        .exclude(pk=question.pk)
        .annotate(shared=Count("topics"))
        .order_by("-shared", Question.level_order(), "position", "slug")[:RELATED_LIMIT]
    )
    note = Note.objects.for_user(user).filter(question=question).first() if user else None
    return render(
        request,
        "questions/question_detail.html",
        {
            "question": question,
            "topics": topics,
            "next_question": next_question,
            "previous_question": previous_question,
            "related": related,
            "note": note,
            "status": question_status(question) if user else None,
        },
    )


def question_status(question: Question) -> str:
    """The learner's status from the card fields annotated onto the question."""
    if question.card_state is None:
        return Status.NEW
    return scheduling.status_of(
        scheduling.CardState(
            question.card_state,
            question.card_due,
            question.card_stability,
            question.card_last_review,
        )
    )


@cache_anonymous_page
def topic_list(request: HttpRequest) -> HttpResponse:
    return render(request, "questions/topic_list.html", {"topics": topics_with_counts()})


@cache_anonymous_page
def topic_detail(request: HttpRequest, slug: str) -> HttpResponse:
    topic = get_object_or_404(Topic, slug=slug)
    questions = list(Question.objects.published().for_topic(topic).for_listing().in_study_order())
    groups = [
        {"label": label, "value": value, "questions": [q for q in questions if q.level == value]}
        for value, label in Question.Level.choices
    ]
    return render(
        request,
        "questions/topic_detail.html",
        {
            "statuses": study_statuses(request),
            "topic": topic,
            "groups": [group for group in groups if group["questions"]],
            "count": len(questions),
        },
    )
