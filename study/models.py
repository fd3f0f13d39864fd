"""Per-user study data: bookmarks, notes, review cards and logs, mock interviews, study plans.

Never in fixtures, never visible to another user: every lookup goes through `for_user`. The
tables keep the names they had when these models lived in `questions` (db_table), so moving
them here (migrations/0001_initial.py) moved no row.
"""

import calendar
import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from questions.models import Question, Topic


class OwnedQuerySet(models.QuerySet):
    """For per-user rows: every lookup goes through `for_user`, so nobody reads another's."""

    def for_user(self, user):
        return self.filter(user=user)


class Bookmark(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="bookmarks"
    )
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="bookmarks")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = OwnedQuerySet.as_manager()

    class Meta:
        db_table = "questions_bookmark"
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["user", "question"], name="bookmark_once_per_user")
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.question}"


class Note(models.Model):
    """A learner's markdown note on a question's answer; one per learner and question.

    `version` goes up by one on every save, so a save from a stale tab is detected and refused.
    """

    MAX_LENGTH = 20_000

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notes"
    )
    # PROTECT: deleting a question in admin must not silently destroy learners' writing.
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="notes")
    body = models.TextField(max_length=MAX_LENGTH)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = OwnedQuerySet.as_manager()

    class Meta:
        db_table = "questions_note"
        ordering = ["-updated_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["user", "question"], name="note_once_per_user")
        ]

    def __str__(self) -> str:
        return f"Note by {self.user} on {self.question}"

    def get_absolute_url(self) -> str:
        return reverse("note_edit", args=[self.question.slug])


class Status(models.TextChoices):
    """A learner's standing on one question, from their review card (study.scheduling)."""

    NEW = "new", "New"
    LEARNING = "learning", "Learning"
    DUE = "due", "Due"
    CONFIDENT = "confident", "Confident"


class ReviewCardQuerySet(OwnedQuerySet):
    def due_for(self, user, now):
        """The learner's cards due at `now`, most overdue first."""
        return (
            self.for_user(user)
            .filter(due__lte=now, question__is_published=True)
            .order_by("due", "pk")
        )


class ReviewCard(models.Model):
    """A learner's spaced-repetition state for one question (the fsrs Card, stored)."""

    class State(models.IntegerChoices):
        LEARNING = 1, "Learning"
        REVIEW = 2, "Review"
        RELEARNING = 3, "Relearning"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="review_cards"
    )
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="review_cards")
    state = models.PositiveSmallIntegerField(choices=State.choices, default=State.LEARNING)
    step = models.PositiveSmallIntegerField(null=True, blank=True, default=0)
    stability = models.FloatField(null=True, blank=True)
    difficulty = models.FloatField(null=True, blank=True)
    due = models.DateTimeField(default=timezone.now)
    last_review = models.DateTimeField(null=True, blank=True)
    # Until when recall stays above 90% for a well-learned card (see scheduling.confident_until);
    # stored so a page can tell "confident" from "learning" in SQL.
    confident_until = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = ReviewCardQuerySet.as_manager()

    class Meta:
        db_table = "questions_reviewcard"
        ordering = ["due", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["user", "question"], name="review_card_once_per_user")
        ]
        indexes = [models.Index(fields=["user", "due"], name="review_card_user_due")]

    def __str__(self) -> str:
        return f"{self.user} · {self.question}"


class ReviewLog(models.Model):
    class Rating(models.IntegerChoices):
        AGAIN = 1, "Again"
        HARD = 2, "Hard"
        GOOD = 3, "Good"
        EASY = 4, "Easy"

    class Origin(models.TextChoices):
        """Where the rating was given."""

        REVIEW = "review", "Review"
        MOCK = "mock", "Mock interview"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="review_logs"
    )
    card = models.ForeignKey(ReviewCard, on_delete=models.CASCADE, related_name="logs")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="review_logs")
    rating = models.PositiveSmallIntegerField(choices=Rating.choices)
    reviewed_at = models.DateTimeField(default=timezone.now)
    review_duration = models.PositiveIntegerField(null=True, blank=True, help_text="Milliseconds.")
    covered_points = models.PositiveSmallIntegerField(default=0)
    total_points = models.PositiveSmallIntegerField(default=0)
    source = models.CharField(max_length=10, choices=Origin.choices, default=Origin.REVIEW)

    objects = OwnedQuerySet.as_manager()

    class Meta:
        db_table = "questions_reviewlog"
        ordering = ["-reviewed_at", "-pk"]
        indexes = [models.Index(fields=["user", "reviewed_at"], name="review_log_user_time")]

    def __str__(self) -> str:
        return f"{self.user} rated {self.question} {self.get_rating_display()}"


class MockInterview(models.Model):
    MAX_QUESTIONS = 10

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mock_interviews"
    )
    levels = models.CharField(max_length=60, blank=True, help_text="Comma-separated levels.")
    topics = models.ManyToManyField(Topic, blank=True, db_table="questions_mockinterview_topics")
    round_type = models.CharField(
        max_length=16, choices=Question.RoundType.choices, blank=True, help_text="Blank: mixed."
    )
    # Sessions before each question had its own time (MockAnswer.minutes) used this for all.
    minutes_per_question = models.PositiveSmallIntegerField(default=5)
    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = OwnedQuerySet.as_manager()

    class Meta:
        db_table = "questions_mockinterview"
        ordering = ["-started_at", "-pk"]

    def __str__(self) -> str:
        return f"Mock interview {self.pk} by {self.user}"

    def get_absolute_url(self) -> str:
        return reverse("mock_detail", args=[self.pk])

    def get_round_label(self) -> str:
        return Question.RoundType.round_name(self.round_type) if self.round_type else "Mixed"


class MockAnswer(models.Model):
    interview = models.ForeignKey(MockInterview, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField()
    minutes = models.PositiveSmallIntegerField(default=5, help_text="Its time limit.")
    answer_text = models.TextField(blank=True, max_length=20_000)
    started_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    rating = models.PositiveSmallIntegerField(
        choices=ReviewLog.Rating.choices, null=True, blank=True
    )
    covered_points = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        db_table = "questions_mockanswer"
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(
                fields=["interview", "position"], name="mock_answer_position_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.interview} #{self.position}"


def new_feed_token() -> str:
    """An unguessable token for a learner's calendar feed address (256 bits)."""
    return secrets.token_urlsafe(32)


class StudyPlan(models.Model):
    """A learner's plan to an interview date (one each); study/planner.py lays it out.

    Empty `levels`, `round_types` or `topics` mean all of them. `baseline` is what the plan
    expected when it was last made ({"total": n, "days": {"YYYY-MM-DD": new questions}}), so a
    page can tell whether the learner is on track, ahead or behind.
    """

    class TimeUnit(models.TextChoices):
        HOURS_WEEK = "hours_week", "hours a week"
        MINUTES_DAY = "minutes_day", "minutes a study day"

    WEEKDAYS = [(str(i), name) for i, name in enumerate(calendar.day_name)]

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="study_plan"
    )
    interview_date = models.DateField()
    time_amount = models.PositiveSmallIntegerField()
    time_unit = models.CharField(max_length=12, choices=TimeUnit.choices)
    weekdays = models.CharField(
        max_length=7, default="0123456", help_text="Study days, 0 = Monday."
    )
    levels = models.CharField(max_length=60, blank=True, help_text="Comma-separated levels.")
    round_types = models.CharField(
        max_length=120, blank=True, help_text="Comma-separated round types."
    )
    topics = models.ManyToManyField(Topic, blank=True, related_name="+")
    feed_token = models.CharField(max_length=64, unique=True, default=new_feed_token)
    planned_on = models.DateField(default=timezone.localdate, help_text="When it was last made.")
    baseline = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = OwnedQuerySet.as_manager()

    def __str__(self) -> str:
        return f"{self.user}'s plan to {self.interview_date}"

    def get_absolute_url(self) -> str:
        return reverse("plan")

    def get_feed_url(self) -> str:
        return reverse("plan_feed", args=[self.pk, self.feed_token])

    @property
    def weekday_set(self) -> frozenset[int]:
        return frozenset(int(day) for day in self.weekdays if day.isdigit())

    @property
    def level_list(self) -> list[str]:
        return [level for level in self.levels.split(",") if level]

    @property
    def round_type_list(self) -> list[str]:
        return [round_type for round_type in self.round_types.split(",") if round_type]
