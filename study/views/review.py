"""The study loop: add questions to review, review due cards, see progress."""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.views import safe_next
from questions.models import Question, Topic
from study import scheduling
from study.forms import AddToReviewForm, RatingForm
from study.models import Bookmark, ReviewCard, ReviewLog, Status

CALENDAR_WEEKS = 17
# Strongest first, so the bars read left to right from what is learnt to what is not.
BAR_ORDER = [Status.CONFIDENT, Status.LEARNING, Status.DUE, Status.NEW]


@require_POST
@login_required
def review_add(request: HttpRequest) -> HttpResponse:
    """Add one question, all bookmarks, or a whole level or topic to the review queue."""
    form = AddToReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Nothing was added: " + " ".join(form.errors_as_sentences()))
        return redirect(safe_next(request, fallback="review"))
    questions = Question.objects.published()
    scope, value = form.cleaned_data["scope"], form.cleaned_data["value"]
    if scope == "question":
        questions = questions.filter(slug=value)
    elif scope == "bookmarks":
        questions = questions.filter(
            pk__in=Bookmark.objects.for_user(request.user).values("question")
        )
    elif scope == "level":
        questions = questions.for_level(value)
    else:
        questions = questions.filter(topics__slug=value)
    chosen = list(questions.distinct())
    added = scheduling.add_cards(request.user, chosen)
    if not chosen:
        messages.error(request, "No published questions matched, so nothing was added.")
    elif added:
        messages.success(request, f"Added {added} question{'s' if added != 1 else ''} to review.")
    else:
        messages.info(request, "Those questions are already in your review queue.")
    return redirect(safe_next(request, fallback="review"))


@login_required
def review(request: HttpRequest) -> HttpResponse:
    """The next due card, prompt only; the answer comes after the learner tries."""
    now = timezone.now()
    card = (
        ReviewCard.objects.due_for(request.user, now)
        .select_related("question")
        .prefetch_related("question__topics")
        .first()
    )
    context = {"card": card, "due": scheduling.due_count(request.user)}
    if card is None:
        upcoming = (
            ReviewCard.objects.for_user(request.user)
            .filter(question__is_published=True)
            .order_by("due")
            .values_list("due", flat=True)
            .first()
        )
        context |= {"upcoming": upcoming, "levels": Question.Level.choices}
    return render(request, "study/review.html", context)


@require_POST
@login_required
def review_reveal(request: HttpRequest, pk: int) -> HttpResponse:
    """The model answer and checklist beside what the learner wrote. Changes nothing."""
    card = get_object_or_404(
        ReviewCard.objects.select_related("question"), pk=pk, user=request.user
    )
    answer = request.POST.get("answer", "")[:20_000]
    return render(
        request,
        "study/review_reveal.html",
        {
            "card": card,
            "question": card.question,
            "answer": answer,
            "form": RatingForm(points=card.question.strong_answer_point_list),
            "ratings": ReviewLog.Rating.choices,
            "started": request.POST.get("started", ""),
        },
    )


@require_POST
@login_required
def review_rate(request: HttpRequest, pk: int) -> HttpResponse:
    card = get_object_or_404(
        ReviewCard.objects.select_related("question"), pk=pk, user=request.user
    )
    form = RatingForm(request.POST, points=card.question.strong_answer_point_list)
    if not form.is_valid():
        messages.error(request, "Choose a rating: Again, Hard, Good or Easy.")
        return redirect("review")
    if form.cleaned_data["reviewed_version"] != form.version_of(card):
        # The same card was rated meanwhile (another tab, a double click): keep that one.
        messages.info(request, "That card was already rated; here is the next one.")
        return redirect("review")
    scheduling.review(
        request.user,
        card.question,
        form.chosen_rating(),
        covered=form.covered(),
        total=form.total_points,
        duration_ms=form.duration_ms(),
    )
    return redirect("review")


@login_required
def progress(request: HttpRequest) -> HttpResponse:
    questions = list(
        Question.objects.published()
        .with_learner_state(request.user)
        .prefetch_related("topics")
        .only("pk", "level")
    )
    totals = dict.fromkeys(Status.values, 0)
    by_level = {value: dict.fromkeys(totals, 0) for value, _ in Question.Level.choices}
    by_topic: dict[int, dict] = {}
    topics = {topic.pk: topic for topic in Topic.objects.all()}
    for question in questions:
        status = question.study_status
        totals[status] += 1
        by_level[question.level][status] += 1
        for topic in question.topics.all():
            by_topic.setdefault(topic.pk, dict.fromkeys(totals, 0))[status] += 1
    level_rows = [
        bar_row(label, by_level[value], f"?level={value}")
        for value, label in Question.Level.choices
    ]
    topic_rows = [
        bar_row(topics[pk].name, counts, topics[pk].get_absolute_url())
        for pk, counts in sorted(by_topic.items(), key=lambda item: topics[item[0]].position)
    ]
    return render(
        request,
        "study/progress.html",
        {
            "totals": [(value, label, totals[value]) for value, label in Status.choices],
            "total": len(questions),
            "level_rows": level_rows,
            "topic_rows": topic_rows,
            "calendar": calendar(scheduling.activity_by_day(request.user, CALENDAR_WEEKS * 7)),
            "reviews": ReviewLog.objects.for_user(request.user).count(),
        },
    )


def bar_row(label: str, counts: dict, url: str) -> dict:
    """One stacked bar: a segment per status, widths in percent of the row's questions."""
    total = sum(counts.values()) or 1
    segments, x = [], 0.0
    for value in BAR_ORDER:
        name = Status(value).label
        width = counts[value] / total * 100
        if counts[value]:
            segments.append({"status": value, "label": name, "count": counts[value],
                             "x": round(x, 2), "width": round(width, 2)})  # fmt: skip
        x += width
    return {"label": label, "url": url, "segments": segments, "total": sum(counts.values())}


def calendar(counts: dict) -> dict:
    """A GitHub-style grid of the last weeks: one column per week, one cell per day."""
    today = timezone.now().date()
    start = today - timedelta(days=today.weekday() + 7 * (CALENDAR_WEEKS - 1))
    cells = []
    for offset in range((today - start).days + 1):
        day = start + timedelta(days=offset)
        n = counts.get(day, 0)
        level = 0 if n == 0 else 1 if n < 3 else 2 if n < 6 else 3
        cells.append({"x": offset // 7 * 14, "y": offset % 7 * 14, "day": day, "count": n,
                      "level": level})  # fmt: skip
    return {"cells": cells, "width": CALENDAR_WEEKS * 14, "height": 7 * 14,
            "active_days": sum(1 for n in counts.values() if n)}  # fmt: skip
