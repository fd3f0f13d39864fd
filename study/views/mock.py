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

from study import scheduling
from study.forms import MockAnswerForm, MockInterviewForm, SelfRatingForm
from study.models import MockAnswer, MockInterview, ReviewLog

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
                    round_type=form.cleaned_data["round_type"],
                )
                interview.topics.set(form.cleaned_data["topics"])
                MockAnswer.objects.bulk_create(
                    MockAnswer(
                        interview=interview,
                        question=question,
                        position=index,
                        minutes=question.expected_minutes,
                    )
                    for index, question in enumerate(chosen, start=1)
                )
            return redirect(interview)
    past = MockInterview.objects.for_user(request.user).prefetch_related("answers")[:20]
    return render(request, "study/mock_start.html", {"form": form, "past": past})


@login_required
def mock_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Before it starts, the plan and its total time; then the current question with its
    countdown; the summary once every answer is in. A GET changes nothing: starting is a POST
    (mock_begin), and each answer starts the next question's clock (mock_answer)."""
    interview = get_object_or_404(MockInterview, pk=pk, user=request.user)
    answers = list(interview.answers.select_related("question"))
    current = next((answer for answer in answers if answer.submitted_at is None), None)
    if current is None:
        return mock_summary(request, interview, answers)
    if current.started_at is None:
        return render(
            request,
            "study/mock_ready.html",
            {
                "interview": interview,
                "answers": answers,
                "total_minutes": sum(answer.minutes for answer in answers),
            },
        )
    now = timezone.now()
    deadline = current.started_at + timedelta(minutes=current.minutes)
    return render(
        request,
        "study/mock_question.html",
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
def mock_begin(request: HttpRequest, pk: int) -> HttpResponse:
    """Start the clock on the first question (once: a second press changes nothing)."""
    interview = get_object_or_404(MockInterview, pk=pk, user=request.user)
    interview.answers.filter(position=1, started_at__isnull=True).update(started_at=timezone.now())
    return redirect(interview)


@require_POST
@login_required
def mock_answer(request: HttpRequest, pk: int) -> HttpResponse:
    interview = get_object_or_404(MockInterview, pk=pk, user=request.user)
    form = MockAnswerForm(request.POST)
    if form.is_valid():
        position, now = form.cleaned_data["position"], timezone.now()
        with transaction.atomic():
            # Only the still-open, started answer at that position: a resubmitted page
            # changes nothing. Submitting it starts the next question's clock.
            saved = interview.answers.filter(
                position=position, submitted_at__isnull=True, started_at__isnull=False
            ).update(answer_text=form.cleaned_data["answer"], submitted_at=now)
            if saved:
                interview.answers.filter(position=position + 1, started_at__isnull=True).update(
                    started_at=now
                )
    else:
        messages.error(request, "That answer could not be saved: " + form.errors.as_text())
    return redirect(interview)


def mock_summary(request: HttpRequest, interview: MockInterview, answers) -> HttpResponse:
    for answer in answers:
        answer.points = answer.question.strong_answer_point_list
        answer.overtime = (
            answer.submitted_at
            and answer.started_at
            and (answer.submitted_at - answer.started_at).total_seconds() > answer.minutes * 60
        )
        answer.form = SelfRatingForm(points=answer.points, prefix=f"q{answer.position}")
    return render(
        request,
        "study/mock_summary.html",
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
    forms = {
        answer.pk: SelfRatingForm(
            request.POST,
            points=answer.question.strong_answer_point_list,
            prefix=f"q{answer.position}",
        )
        for answer in answers
    }
    for answer in answers:
        if not forms[answer.pk].is_valid():
            messages.error(request, f"Rate question {answer.position} before finishing.")
            return redirect(interview)
    ratings = {
        answer.pk: (
            answer,
            forms[answer.pk].chosen_rating(),
            forms[answer.pk].covered(),
            forms[answer.pk].total_points,
        )
        for answer in answers
    }
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
                source=ReviewLog.Origin.MOCK,
            )
    messages.success(request, "Ratings saved and added to your review schedule.")
    return redirect(interview)
