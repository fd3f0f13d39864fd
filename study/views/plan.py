"""A study plan to the interview date: its settings, the calendar, today's work, the feed.

The plan itself comes from study/plans.py (the adapter) and study/planner.py (pure). Every
page here is the learner's own (login required, looked up by the signed-in user); the .ics feed
is the exception: no session, but an unguessable token in its address, compared in constant
time, so a calendar app can subscribe to it. A wrong token is a 404.
"""

import secrets

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from questions.models import Question, Topic
from study import ical, plan_calendar, plans, scheduling
from study.forms import StudyPlanForm, TrimPlanForm
from study.models import StudyPlan, new_feed_token

FEED_DAYS = 120


@login_required
def plan(request: HttpRequest) -> HttpResponse:
    """The plan (calendar, today, what is next) and the form that sets it; without a plan,
    only the form. Saving the form re-plans from today."""
    settings = plans.for_user(request.user)
    today = timezone.localdate()
    form = StudyPlanForm(request.POST or None, today=today, instance=settings)
    if request.method == "POST" and form.is_valid():
        created = settings is None
        settings = form.save(request.user)
        plans.replan(settings, today)
        messages.success(request, "Your plan is ready." if created else "Plan updated from today.")
        return redirect("plan")
    if settings is None:
        return render(request, "study/plan_start.html", {"form": form})
    if form.is_bound:
        messages.error(
            request, "The plan was not changed: see what to fix under “Change the plan”."
        )
    view = plans.build(settings, today)
    topic_names = dict(Topic.objects.values_list("pk", "name"))
    return render(
        request,
        "study/plan.html",
        {
            "view": view,
            "plan_view": view,
            "form": form,
            "trim_form": trim_form(view),
            "calendar": plan_calendar.calendar(view),
            "weekday_names": [name[:3] for _, name in StudyPlan.WEEKDAYS],
            "focus": focus_summary(settings, topic_names),
            "feed_url": request.build_absolute_uri(settings.get_feed_url()),
        },
    )


def trim_form(view: plans.PlanView, data=None) -> TrimPlanForm:
    return TrimPlanForm(
        data,
        topic_counts=view.focus_topics,
        beginner_left=view.beginner_left,
        levels=view.settings.level_list,
    )


def focus_summary(settings: StudyPlan, topic_names: dict[int, str]) -> dict:
    levels = [Question.Level(value).label for value in settings.level_list]
    rounds = [Question.RoundType(value).label for value in settings.round_type_list]
    topics = sorted(topic_names[pk] for pk in settings.topics.values_list("pk", flat=True))
    days = [name for value, name in StudyPlan.WEEKDAYS if value in settings.weekdays]
    return {
        "levels": ", ".join(levels) or "All levels",
        "rounds": ", ".join(rounds) or "All rounds",
        "topics": ", ".join(topics) or "All topics",
        "days": "every day" if len(days) == 7 else ", ".join(days),
    }


@require_POST
@login_required
def plan_trim(request: HttpRequest) -> HttpResponse:
    """Fewer topics or no beginner questions, rather than overloading the days left."""
    settings = plans.for_user(request.user)
    if settings is None:
        return redirect("plan")
    view = plans.build(settings)
    form = trim_form(view, request.POST)
    if not form.is_valid():
        messages.error(request, "The plan was not trimmed: " + " ".join(form.non_field_errors()))
        return redirect(reverse("plan") + "#trim")
    form.apply(settings)
    view = plans.replan(settings)
    left = view.remaining
    messages.success(
        request,
        f"Plan trimmed: {left} question{'s' if left != 1 else ''} to read"
        + ("; they all fit." if view.plan.fits else "; some still do not fit."),
    )
    return redirect("plan")


@require_POST
@login_required
def plan_today(request: HttpRequest) -> HttpResponse:
    """Put today's new questions into the review queue and go and study them."""
    settings = plans.for_user(request.user)
    if settings is None:
        return redirect("plan")
    view = plans.build(settings)
    chosen = list(
        Question.objects.published().filter(pk__in=[q.id for q in view.today.new_remaining])
    )
    if chosen:
        scheduling.add_cards(request.user, chosen)
        count = len(chosen)
        messages.success(
            request,
            f"Today's {count} new question{'s are' if count != 1 else ' is'} in your review "
            "queue: answer, reveal, rate.",
        )
    return redirect("review")


@require_POST
@login_required
def plan_feed_reset(request: HttpRequest) -> HttpResponse:
    updated = StudyPlan.objects.for_user(request.user).update(feed_token=new_feed_token())
    if updated:
        messages.success(
            request, "Your calendar feed has a new address; the old one no longer works."
        )
    return redirect(reverse("plan") + "#feed")


@require_POST
@login_required
def plan_delete(request: HttpRequest) -> HttpResponse:
    StudyPlan.objects.for_user(request.user).delete()
    messages.success(request, "Your study plan is deleted. Your reviews and notes are kept.")
    return redirect("plan")


@require_GET
def plan_feed(request: HttpRequest, pk: int, token: str) -> HttpResponse:
    """The plan as an iCalendar feed: one all-day event per study day, and the interview."""
    settings = StudyPlan.objects.select_related("user").filter(pk=pk).first()
    if settings is None or not secrets.compare_digest(token.encode(), settings.feed_token.encode()):
        raise Http404("No such calendar.")
    view = plans.build(settings)
    page = request.build_absolute_uri(reverse("plan"))
    host = request.get_host().split(":")[0]
    events = [
        ical.Event(
            uid=f"interview-{settings.pk}@{host}",
            day=settings.interview_date,
            summary="Interview",
            description="The day your study plan leads to. Good luck!",
            url=page,
        )
    ]
    for day in view.plan.days[:FEED_DAYS]:
        if day.is_empty:
            continue
        parts = []
        if day.new:
            parts.append(f"{len(day.new)} new")
        if day.reviews:
            parts.append(f"{day.reviews} review{'s' if day.reviews != 1 else ''}")
        if day.mock:
            parts.append(f"a {day.mock.label.lower()} mock")
        lines = [f"Read: {view.questions[pk].prompt}" for pk in day.new]
        if day.reviews:
            lines.append(
                f"Review about {day.reviews} cards: {request.build_absolute_uri(reverse('review'))}"
            )
        if day.mock:
            lines.append(
                f"Timed mock interview: {day.mock.label}, {day.mock.questions} "
                f"question{'s' if day.mock.questions != 1 else ''}, {day.mock.minutes} minutes"
            )
        events.append(
            ical.Event(
                uid=f"study-{settings.pk}-{day.day:%Y%m%d}@{host}",
                day=day.day,
                summary=f"Study: {', '.join(parts)} (about {round(day.used)} min)",
                description="\n".join(lines),
                url=page,
            )
        )
    body = ical.calendar("Interview study plan", events, timezone.now())
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="study-plan.ics"'
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response
