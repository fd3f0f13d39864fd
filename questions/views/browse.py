"""Browsing the question bank: home, the filtered list, a question, topics."""

from collections import Counter
from functools import cached_property

from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from questions.counts import filtered_count, level_counts, round_counts, topics_with_counts
from questions.forms import QuestionFilterForm
from questions.keyset import PageForm, study_order_page
from questions.models import Question, Topic
from questions.pagecache import cache_anonymous_page
from study.models import Note, Status

RELATED_LIMIT = 4
# Related questions are looked for among this many questions of each topic, in study order.
RELATED_CANDIDATES = 50
RELATED_TOPICS = 3


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
    topics = topics_with_counts()
    form = QuestionFilterForm(request.GET, topics=topics)
    page_form = PageForm(request.GET)
    questions = Question.objects.published().for_listing().with_learner_state(request.user)
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
    if status and request.user.is_authenticated:
        count = questions.count()  # a learner's own statuses: counted for them, never kept
    else:
        count = filtered_count(questions, level=level, topic=topic and topic.slug, round=round_type)
    query_prefix = form.query_string_without_page()
    page = study_order_page(questions, page_form, count=count, query_prefix=query_prefix)
    return render(
        request,
        "questions/question_list.html",
        {
            "status": status,
            "status_label": Status(status).label if status else "",
            "form": form,
            "page_form": page_form,
            "page": page,
            "level": level,
            "level_label": Question.Level(level).label if level else "",
            "round_label": Question.RoundType(round_type).label if round_type else "",
            "topic": topic,
            "topics": topics,
            "levels": Question.Level.choices,
            "query_prefix": query_prefix,
        },
    )


class Nearby:
    """The questions around one: the previous and next of its level in study order, and those
    sharing its topics. Each is looked up when a template first asks, so a page whose
    fragments come from the cache (question_detail.html) runs none of these queries."""

    def __init__(self, question: Question):
        self.question = question

    @cached_property
    def topics(self) -> list[Topic]:
        return list(self.question.topics.all())

    def same_level(self):
        return (
            Question.objects.published()
            .filter(level_rank=self.question.level_rank)
            .only("slug", "prompt", "level", "position")
        )

    @cached_property
    def previous(self) -> Question | None:
        """One `LIMIT 1` range scan of the study-order index."""
        position, pk = self.question.position, self.question.pk
        before = Q(position__lt=position) | Q(position=position, pk__lt=pk)
        return (
            self.same_level()
            .filter(before, position__lte=position)
            .order_by("-position", "-pk")
            .first()
        )

    @cached_property
    def next(self) -> Question | None:
        position, pk = self.question.position, self.question.pk
        after = Q(position__gt=position) | Q(position=position, pk__gt=pk)
        return (
            self.same_level()
            .filter(after, position__gte=position)
            .order_by("position", "pk")
            .first()
        )

    @cached_property
    def related(self) -> list[Question]:
        """Questions sharing the most of this one's topics, then in study order.

        Bounded whatever the size of the bank: the first RELATED_CANDIDATES questions of each of
        (at most) RELATED_TOPICS topics, one indexed scan with a LIMIT each. A topic with more
        questions than that offers its first ones in study order.
        """
        found: dict[int, Question] = {}
        shared: Counter[int] = Counter()
        for topic in self.topics[:RELATED_TOPICS]:
            candidates = (
                Question.objects.published()
                .for_topic(topic)
                .exclude(pk=self.question.pk)
                .in_study_order()
                .only("slug", "prompt", "level", "level_rank", "position")[:RELATED_CANDIDATES]
            )
            for candidate in candidates:
                found[candidate.pk] = candidate
                shared[candidate.pk] += 1
        chosen = sorted(
            found.values(), key=lambda q: (-shared[q.pk], q.level_rank, q.position, q.pk)
        )
        return chosen[:RELATED_LIMIT]


@cache_anonymous_page
def question_detail(request: HttpRequest, slug: str) -> HttpResponse:
    questions = Question.objects.select_related("source").with_learner_state(request.user)
    if not request.user.is_staff:
        questions = questions.published()
    user = request.user if request.user.is_authenticated else None
    question = get_object_or_404(questions, slug=slug)
    note = Note.objects.for_user(user).filter(question=question).first() if user else None
    return render(
        request,
        "questions/question_detail.html",
        {
            "question": question,
            "nearby": Nearby(question),
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
    page_form = PageForm(request.GET)
    questions = (
        Question.objects.published().for_topic(topic).for_listing().with_learner_state(request.user)
    )
    count = filtered_count(questions, topic=topic.slug)
    page = study_order_page(questions, page_form, count=count)
    groups = [
        {
            "label": label,
            "value": value,
            "questions": [q for q in page.object_list if q.level == value],
        }
        for value, label in Question.Level.choices
    ]
    return render(
        request,
        "questions/topic_detail.html",
        {
            "topic": topic,
            "groups": [group for group in groups if group["questions"]],
            "count": count,
            "page": page,
            "page_form": page_form,
        },
    )
