"""Browsing the question bank: home, the filtered list, a question, topics."""

from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from questions.forms import QuestionFilterForm
from questions.models import Question, Topic
from questions.pagecache import cache_anonymous_page
from study.models import Note, Status

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


def round_counts() -> list[dict]:
    """The round types with their published question counts, in one query."""
    counts = dict(
        Question.objects.published()
        .values_list("round_type")
        .annotate(n=Count("pk"))
        .values_list("round_type", "n")
    )
    return [
        {"value": value, "label": label, "count": counts.get(value, 0)}
        for value, label in Question.RoundType.choices
    ]


def topics_with_counts():
    return Topic.objects.annotate(
        question_count=Count("questions", filter=Q(questions__is_published=True))
    )


@cache_anonymous_page
def home(request: HttpRequest) -> HttpResponse:
    levels = level_counts()
    return render(
        request,
        "questions/home.html",
        {
            "levels": levels,
            "rounds": round_counts(),
            "total": sum(level["count"] for level in levels),
            "topics": [topic for topic in topics_with_counts() if topic.question_count],
        },
    )


@cache_anonymous_page
def question_list(request: HttpRequest) -> HttpResponse:
    topics = list(topics_with_counts())
    form = QuestionFilterForm(request.GET, topics=topics)
    questions = (
        Question.objects.published().for_listing().with_learner_state(request.user).in_study_order()
    )
    level = topic = status = round_type = None
    if form.is_valid():
        if level := form.cleaned_data["level"]:
            questions = questions.for_level(level)
        if topic := form.cleaned_data["topic"]:
            questions = questions.for_topic(topic)
        if round_type := form.cleaned_data["round"]:
            questions = questions.filter(round_type=round_type)
        if (status := form.cleaned_data["status"]) and request.user.is_authenticated:
            questions = questions.filter(study_status=status)
    page = Paginator(questions, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "questions/question_list.html",
        {
            "status": status,
            "status_label": Status(status).label if status else "",
            "form": form,
            "page": page,
            "level": level,
            "level_label": Question.Level(level).label if level else "",
            "round_label": Question.RoundType(round_type).label if round_type else "",
            "topic": topic,
            "topics": topics,
            "levels": Question.Level.choices,
            "query_prefix": form.query_string_without_page(),
        },
    )


def neighbours(question: Question) -> tuple[Question | None, Question | None]:
    """The previous and next published questions of the same level: two indexed LIMIT 1 queries."""
    same_level = (
        Question.objects.published()
        .for_level(question.level)
        .only("slug", "prompt", "level", "position")
    )
    before = Q(position__lt=question.position) | Q(
        position=question.position, slug__lt=question.slug
    )
    after = Q(position__gt=question.position) | Q(
        position=question.position, slug__gt=question.slug
    )
    previous_question = same_level.filter(before).order_by("-position", "-slug").first()
    next_question = same_level.filter(after).order_by("position", "slug").first()
    return previous_question, next_question


@cache_anonymous_page
def question_detail(request: HttpRequest, slug: str) -> HttpResponse:
    questions = (
        Question.objects.select_related("source")
        .prefetch_related("topics")
        .with_learner_state(request.user)
    )
    if not request.user.is_staff:
        questions = questions.published()
    user = request.user if request.user.is_authenticated else None
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
            "status": question.study_status if user else None,
        },
    )


@cache_anonymous_page
def topic_list(request: HttpRequest) -> HttpResponse:
    return render(request, "questions/topic_list.html", {"topics": topics_with_counts()})


@cache_anonymous_page
def topic_detail(request: HttpRequest, slug: str) -> HttpResponse:
    topic = get_object_or_404(Topic, slug=slug)
    questions = list(
        Question.objects.published()
        .for_topic(topic)
        .for_listing()
        .with_learner_state(request.user)
        .in_study_order()
    )
    groups = [
        {"label": label, "value": value, "questions": [q for q in questions if q.level == value]}
        for value, label in Question.Level.choices
    ]
    return render(
        request,
        "questions/topic_detail.html",
        {
            "topic": topic,
            "groups": [group for group in groups if group["questions"]],
            "count": len(questions),
        },
    )
