"""Timed mock interviews: pick a mix, answer one question at a time, then rate yourself."""

import random
from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from questions import scheduling
from questions.forms import MockAnswerForm, MockInterviewForm
from questions.models import MockAnswer, MockInterview, ReviewLog

RANDOM = random.SystemRandom()


@login_required
def mock_start(request: HttpRequest) -> HttpResponse:
    form = MockInterviewForm(request.POST or None)
    if form.is_valid():
        pool = list(form.matching_questions())
        if not pool:
            form.add_error(None, "No questions match these levels and topics together.")
        else:
            chosen = RANDOM.sample(pool, min(form.cleaned_data["question_count"], len(pool)))
            with transaction.atomic():
                interview = MockInterview.objects.create(
                    user=request.user,
                    levels=",".join(form.cleaned_data["levels"]),
                    minutes_per_question=form.cleaned_data["minutes_per_question"],
                )
                interview.topics.set(form.cleaned_data["topics"])
                MockAnswer.objects.bulk_create(
                    MockAnswer(interview=interview, question=question, position=index)
                    for index, question in enumerate(chosen, start=1)
                )
            return redirect(interview)
    past = MockInterview.objects.for_user(request.user).prefetch_related("answers")[:20]
    return render(request, "questions/mock_start.html", {"form": form, "past": past})


@login_required
def mock_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The current question with its countdown; the summary once every answer is in."""
    interview = get_object_or_404(MockInterview, pk=pk, user=request.user)
    answers = list(interview.answers.select_related("question"))
    current = next((answer for answer in answers if answer.submitted_at is None), None)
    if current is None:
        return mock_summary(request, interview, answers)
    now = timezone.now()
    if current.started_at is None:
        current.started_at = now
        current.save(update_fields=["started_at"])
    deadline = current.started_at + timedelta(minutes=interview.minutes_per_question)
    return render(
        request,
        "questions/mock_question.html",
        {
            "interview": interview,
            "answer": current,
            "count": len(answers),
            "deadline": deadline,
            "seconds_left": max(0, int((deadline - now).total_seconds())),
            "form": MockAnswerForm(initial={"position": current.position}),
        },
    )


@require_POST
@login_required
def mock_answer(request: HttpRequest, pk: int) -> HttpResponse:
    interview = get_object_or_404(MockInterview, pk=pk, user=request.user)
    form = MockAnswerForm(request.POST)
    if form.is_valid():
        # Only the still-open answer at that position: a resubmitted page changes nothing.
        interview.answers.filter(
            position=form.cleaned_data["position"], submitted_at__isnull=True
        ).update(answer_text=form.cleaned_data["answer"], submitted_at=timezone.now())
    else:
        messages.error(request, "That answer could not be saved: " + form.errors.as_text())
    return redirect(interview)


def mock_summary(request: HttpRequest, interview: MockInterview, answers) -> HttpResponse:
    for answer in answers:
        answer.points = answer.question.strong_answer_point_list
        answer.overtime = (
            answer.submitted_at
            and answer.started_at
            and (answer.submitted_at - answer.started_at).total_seconds()
            > interview.minutes_per_question * 60
        )
    return render(
        request,
        "questions/mock_summary.html",
        {"interview": interview, "answers": answers, "ratings": ReviewLog.Rating.choices},
    )


@require_POST
@login_required
def mock_rate(request: HttpRequest, pk: int) -> HttpResponse:
    """Rate every answer against its points; each rating goes to the scheduler once."""
    interview = get_object_or_404(MockInterview, pk=pk, user=request.user)
    answers = list(interview.answers.select_related("question"))
    if interview.finished_at or any(answer.submitted_at is None for answer in answers):
        return redirect(interview)
    ratings = {}
    for answer in answers:
        value = request.POST.get(f"rating-{answer.position}", "")
        points = answer.question.strong_answer_point_list
        ticked = {p for p in request.POST.getlist(f"points-{answer.position}") if p.isdigit()}
        covered = len([p for p in ticked if int(p) < len(points)])
        if value == "auto":
            rating = scheduling.suggested_rating(covered, len(points))
        elif value in {"1", "2", "3", "4"}:
            rating = int(value)
        else:
            messages.error(request, f"Rate question {answer.position} before finishing.")
            return redirect(interview)
        ratings[answer.pk] = (answer, rating, covered, len(points))
    with transaction.atomic():
        # Claim the interview first, so a double submit cannot rate twice.
        claimed = MockInterview.objects.filter(pk=interview.pk, finished_at__isnull=True).update(
            finished_at=timezone.now()
        )
        if not claimed:
            return redirect(interview)
        for answer, rating, covered, total in ratings.values():
            answer.rating, answer.covered_points = rating, covered
            answer.save(update_fields=["rating", "covered_points"])
            scheduling.review(
                request.user,
                answer.question,
                rating,
                covered=covered,
                total=total,
                source=ReviewLog.Source.MOCK,
            )
    messages.success(request, "Ratings saved and added to your review schedule.")
    return redirect(interview)
