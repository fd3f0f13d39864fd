"""Bookmarks: a toggle on every question and the learner's list."""

from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from accounts.views import safe_next
from questions.forms import LevelTopicFilterForm
from questions.models import LISTED_FIELDS, Question, Topic
from study.models import Bookmark

PAGE_SIZE = 20


@require_POST
def bookmark_toggle(request: HttpRequest, slug: str) -> HttpResponse:
    """Set the bookmark to the state the form asks for (idempotent, so two tabs agree)."""
    question = get_object_or_404(Question.objects.published(), slug=slug)
    if not request.user.is_authenticated:
        return redirect_to_login(question.get_absolute_url())
    wanted = request.POST.get("bookmarked") == "1"
    bookmarks = Bookmark.objects.for_user(request.user).filter(question=question)
    if wanted:
        try:
            with transaction.atomic():
                bookmarks.get_or_create(user=request.user, question=question)
        except IntegrityError:
            pass  # a concurrent request created it: the state is what was asked for
    else:
        bookmarks.delete()
    if request.headers.get("Accept") == "application/json":
        return JsonResponse({"bookmarked": wanted})
    return redirect(safe_next(request, fallback=question.get_absolute_url()))


@login_required
def bookmark_list(request: HttpRequest) -> HttpResponse:
    mine = Bookmark.objects.for_user(request.user).filter(question__is_published=True)
    topics = list(
        Topic.objects.filter(questions__bookmarks__in=mine)
        .annotate(question_count=Count("questions__bookmarks", distinct=True))
        .order_by("position", "name")
    )
    level_counts = dict(
        mine.values_list("question__level")
        .annotate(n=Count("pk"))
        .values_list("question__level", "n")
    )
    form = LevelTopicFilterForm(request.GET, topics=topics)
    rows = (
        mine.select_related("question")
        .only("created_at", "question", *(f"question__{name}" for name in LISTED_FIELDS))
        .prefetch_related("question__topics")
    )
    level = topic = None
    if form.is_valid():
        if level := form.cleaned_data["level"]:
            rows = rows.filter(question__level=level)
        if topic := form.cleaned_data["topic"]:
            rows = rows.filter(question__topics=topic)
        if round_type := form.cleaned_data["round"]:
            rows = rows.filter(question__round_type=round_type)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "study/bookmark_list.html",
        {
            "form": form,
            "page": page,
            "level": level,
            "topic": topic,
            "topics": topics,
            "levels": [
                (value, label, level_counts.get(value, 0))
                for value, label in Question.Level.choices
            ],
            "total": sum(level_counts.values()),
            "query_prefix": form.query_string_without_page(),
        },
    )
