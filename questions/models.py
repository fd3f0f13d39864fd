"""Content models: the question bank and the career facts around it.

Every content model has a unique slug and a natural key, so the fixtures in fixtures/ load by
slug: loading them again updates rows in place and never touches per-user data that points at them.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone


class SlugNaturalKeyManager(models.Manager):
    def get_by_natural_key(self, slug: str):
        return self.get(slug=slug)


class ContentModel(models.Model):
    slug = models.SlugField(max_length=120, unique=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = SlugNaturalKeyManager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs) -> None:
        self.updated_at = timezone.now()
        if "update_fields" in kwargs and kwargs["update_fields"] is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "updated_at"}
        super().save(*args, **kwargs)

    def natural_key(self) -> tuple[str]:
        return (self.slug,)


def lines(text: str) -> list[str]:
    """Split a one-item-per-line text field into its items."""
    return [line.strip() for line in text.splitlines() if line.strip()]


class Source(ContentModel):
    name = models.CharField(max_length=120)
    title = models.CharField(max_length=200, blank=True)
    url = models.URLField(blank=True)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Topic(ContentModel):
    name = models.CharField(max_length=80, unique=True)
    description = models.TextField(blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("topic_detail", args=[self.slug])


class QuestionQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def for_level(self, level: str):
        return self.filter(level=level)

    def for_topic(self, topic: "Topic"):
        return self.filter(topics=topic)

    def in_study_order(self):
        return self.order_by(Question.level_order(), "position", "pk")

    def with_bookmark_flag(self, user):
        """Adds `is_bookmarked` for `user` inside the same query (always False for visitors)."""
        if not user.is_authenticated:
            return self.annotate(is_bookmarked=models.Value(False))
        mine = Bookmark.objects.filter(user=user, question=models.OuterRef("pk"))
        return self.annotate(is_bookmarked=models.Exists(mine))

    def with_status(self, status: str, statuses: dict[int, str]):
        """Only the questions whose study status (see scheduling.statuses_for) is `status`."""
        if status == "new":
            return self.exclude(pk__in=list(statuses))
        return self.filter(pk__in=[pk for pk, value in statuses.items() if value == status])

    def for_listing(self):
        """What a list row shows: level, topics and source, in two queries in all."""
        return self.select_related("source").prefetch_related("topics")


class Question(ContentModel):
    class Level(models.TextChoices):
        BEGINNER = "beginner", "Beginner"
        INTERMEDIATE = "intermediate", "Intermediate"
        ADVANCED = "advanced", "Advanced"

    prompt = models.CharField(max_length=300)
    summary = models.CharField(
        max_length=200, blank=True, help_text="One sentence shown in lists and search results."
    )
    level = models.CharField(max_length=12, choices=Level.choices, db_index=True)
    topics = models.ManyToManyField(Topic, related_name="questions", blank=True)
    source = models.ForeignKey(
        Source, on_delete=models.PROTECT, related_name="questions", null=True, blank=True
    )
    position = models.PositiveIntegerField(default=0, help_text="Order within its level.")
    answer = models.TextField(help_text="Sample answer, in Markdown.")
    why_asked = models.TextField("why it is asked", blank=True)
    strong_answer_points = models.TextField(
        "what a strong answer covers", blank=True, help_text="One point per line."
    )
    tip = models.TextField(blank=True)
    pitfalls = models.TextField("common pitfalls", blank=True, help_text="One per line.")
    follow_ups = models.TextField("follow-up questions", blank=True, help_text="One per line.")
    code_example = models.TextField(blank=True)
    code_language = models.CharField(
        max_length=30, blank=True, help_text="Pygments lexer name, e.g. python, javascript, sql."
    )
    is_published = models.BooleanField("published", default=True, db_index=True)

    objects = SlugNaturalKeyManager.from_queryset(QuestionQuerySet)()

    class Meta:
        ordering = ["position", "pk"]
        indexes = [models.Index(fields=["level", "position"], name="question_level_position")]

    def __str__(self) -> str:
        return self.prompt

    def get_absolute_url(self) -> str:
        return reverse("question_detail", args=[self.slug])

    @staticmethod
    def level_order(field: str = "level") -> models.Case:
        """Beginner, intermediate, advanced as 0, 1, 2, for ordering by `field`."""
        return models.Case(
            *(
                models.When(**{field: value}, then=models.Value(index))
                for index, value in enumerate(Question.Level.values)
            ),
            output_field=models.IntegerField(),
        )

    @property
    def strong_answer_point_list(self) -> list[str]:
        return lines(self.strong_answer_points)

    @property
    def pitfall_list(self) -> list[str]:
        return lines(self.pitfalls)

    @property
    def follow_up_list(self) -> list[str]:
        return lines(self.follow_ups)


class AdviceItem(ContentModel):
    """A titled piece of markdown advice in a numbered list (tips, mistakes)."""

    title = models.CharField(max_length=200)
    body = models.TextField(help_text="Markdown.")
    position = models.PositiveIntegerField(default=0)
    source = models.ForeignKey(Source, on_delete=models.PROTECT, null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.title


class PreparationTip(AdviceItem):
    pass


class CommonMistake(AdviceItem):
    pass


class RelatedSkill(ContentModel):
    name = models.CharField(max_length=120)
    description = models.TextField(blank=True)
    position = models.PositiveIntegerField(default=0)
    source = models.ForeignKey(Source, on_delete=models.PROTECT, null=True, blank=True)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.name


class FAQ(ContentModel):
    question = models.CharField(max_length=300)
    answer = models.TextField(help_text="Markdown.")
    position = models.PositiveIntegerField(default=0)
    source = models.ForeignKey(Source, on_delete=models.PROTECT, null=True, blank=True)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = "FAQ"
        verbose_name_plural = "FAQs"

    def __str__(self) -> str:
        return self.question


class JobMarket(ContentModel):
    """Salary and hiring figures for one role, as published by a source on a date."""

    role = models.CharField(max_length=120)
    currency = models.CharField(max_length=3, default="USD")
    median_salary = models.PositiveIntegerField()
    min_salary = models.PositiveIntegerField()
    max_salary = models.PositiveIntegerField()
    open_positions = models.PositiveIntegerField(default=0)
    as_of = models.DateField()
    source = models.ForeignKey(Source, on_delete=models.PROTECT, null=True, blank=True)
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["-as_of", "role"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(min_salary__lte=models.F("median_salary"))
                & models.Q(median_salary__lte=models.F("max_salary")),
                name="jobmarket_salary_range_ordered",
            )
        ]

    def __str__(self) -> str:
        return f"{self.role} ({self.as_of:%B %Y})"


class HiringCompany(ContentModel):
    name = models.CharField(max_length=120)
    market = models.ForeignKey(JobMarket, on_delete=models.CASCADE, related_name="companies")
    source = models.ForeignKey(Source, on_delete=models.PROTECT, null=True, blank=True)
    note = models.CharField(max_length=200, blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "name"]
        verbose_name_plural = "hiring companies"

    def __str__(self) -> str:
        return self.name


# Per-user study data. Never in fixtures; every lookup is scoped to its owner.


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
        ordering = ["-updated_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["user", "question"], name="note_once_per_user")
        ]

    def __str__(self) -> str:
        return f"Note by {self.user} on {self.question}"

    def get_absolute_url(self) -> str:
        return reverse("note_edit", args=[self.question.slug])


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
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = ReviewCardQuerySet.as_manager()

    class Meta:
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

    class Source(models.TextChoices):
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
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.REVIEW)

    objects = OwnedQuerySet.as_manager()

    class Meta:
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
    topics = models.ManyToManyField(Topic, blank=True)
    minutes_per_question = models.PositiveSmallIntegerField(default=5)
    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = OwnedQuerySet.as_manager()

    class Meta:
        ordering = ["-started_at", "-pk"]

    def __str__(self) -> str:
        return f"Mock interview {self.pk} by {self.user}"

    def get_absolute_url(self) -> str:
        return reverse("mock_detail", args=[self.pk])


class MockAnswer(models.Model):
    interview = models.ForeignKey(MockInterview, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField()
    answer_text = models.TextField(blank=True, max_length=20_000)
    started_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    rating = models.PositiveSmallIntegerField(
        choices=ReviewLog.Rating.choices, null=True, blank=True
    )
    covered_points = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(
                fields=["interview", "position"], name="mock_answer_position_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.interview} #{self.position}"
