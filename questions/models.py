"""Content models: the question bank and the career facts around it.

Every content model has a unique slug and a natural key, so the fixtures in fixtures/ load by
slug: loading them again updates rows in place and never touches per-user data that points at them.
"""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, URLValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone

from questions import diagrams

SHORT_ANSWER_WORDS = 60
MAX_REFERENCES = 5


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


def one_per_line(text: str) -> list[str]:
    """Split a one-item-per-line text field into its items."""
    return [line.strip() for line in text.splitlines() if line.strip()]


def validate_short_answer(text: str) -> None:
    if len(text.split()) > SHORT_ANSWER_WORDS:
        raise ValidationError(
            f"Keep it to {SHORT_ANSWER_WORDS} words (this has {len(text.split())})."
        )


def validate_references(text: str) -> None:
    references = one_per_line(text)
    if len(references) > MAX_REFERENCES:
        raise ValidationError(f"At most {MAX_REFERENCES} references ({len(references)} given).")
    check_url = URLValidator(schemes=["https"])
    for line in references:
        title, bar, url = (part.strip() for part in line.partition("|"))
        if not bar or not title:
            raise ValidationError(f"Write each reference as 'Title | https://url': {line!r}")
        if url:
            check_url(url)


def validate_diagram(source: str) -> None:
    if source.strip():
        try:
            diagrams.render(source, "")
        except diagrams.DiagramError as error:
            raise ValidationError(f"The diagram does not compile: {error}") from error


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


STUDY_ORDER_FIELDS = ["level_rank", "position", "id"]
STUDY_ORDER = ["level_rank", "position", "pk"]
# What a row of a question list shows and sorts by (QuestionQuerySet.for_listing).
LISTED_FIELDS = ["slug", "prompt", "summary", "level", "round_type", *STUDY_ORDER_FIELDS]


class QuestionQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def for_level(self, level: str):
        """Filters on `level_rank`, so the study-order index serves the filter and the order."""
        return self.filter(level_rank=Question.Level.values.index(level))

    def for_topic(self, topic: "Topic"):
        """An EXISTS on the topic links rather than a join: the database then walks the
        study-order index and checks each question's link, stopping when a page is full,
        instead of sorting every question of the topic."""
        links = Question.topics.through.objects.filter(question=models.OuterRef("pk"), topic=topic)
        return self.filter(models.Exists(links))

    def in_study_order(self):
        """Beginner to advanced, then by position: the order the `question_study_order` index
        holds, so a page of it reads 20 index entries whatever the size of the bank."""
        return self.order_by(*STUDY_ORDER)

    def with_learner_state(self, user, now=None):
        """Adds `is_bookmarked` and `study_status` (study.models.Status) for `user`, in this query.

        Reads the learner's bookmark and review card through their relations to the question
        (FilteredRelation: a LEFT JOIN each, at most one row each), so a page needs no query of
        its own for them. For a visitor both are constants: not bookmarked, new.
        """
        if not user.is_authenticated:
            return self.annotate(
                is_bookmarked=models.Value(False), study_status=models.Value("new")
            )
        now = now or timezone.now()
        return self.annotate(
            my_bookmark=models.FilteredRelation(
                "bookmarks", condition=models.Q(bookmarks__user=user)
            ),
            my_card=models.FilteredRelation(
                "review_cards", condition=models.Q(review_cards__user=user)
            ),
            is_bookmarked=models.Q(my_bookmark__isnull=False),
            study_status=models.Case(
                models.When(my_card__isnull=True, then=models.Value("new")),
                models.When(my_card__due__lte=now, then=models.Value("due")),
                models.When(my_card__confident_until__gt=now, then=models.Value("confident")),
                default=models.Value("learning"),
                output_field=models.CharField(),
            ),
        )

    def for_listing(self):
        """What a list row shows (prompt, summary, level, topics) and its place in study order,
        in two queries in all; none of the long text of the answer."""
        return self.only(*LISTED_FIELDS).prefetch_related("topics")


class Question(ContentModel):
    class Level(models.TextChoices):
        BEGINNER = "beginner", "Beginner"
        INTERMEDIATE = "intermediate", "Intermediate"
        ADVANCED = "advanced", "Advanced"

    class RoundType(models.TextChoices):
        """The kind of interview round a question belongs to."""

        CONCEPT = "concept", "Concept"
        CODING = "coding", "Coding"
        SYSTEM_DESIGN = "system_design", "System design"
        OPERATIONS = "operations", "Operations & debugging"
        BEHAVIOURAL = "behavioural", "Behavioural"

        @classmethod
        def round_name(cls, value: str) -> str:
            """ "A system design round", "An operations & debugging round"."""
            label = cls(value).label.lower()
            return f"{'An' if label[0] in 'aeiou' else 'A'} {label} round"

    prompt = models.CharField(max_length=300)
    summary = models.CharField(
        max_length=200, blank=True, help_text="One sentence shown in lists and search results."
    )
    level = models.CharField(max_length=12, choices=Level.choices, db_index=True)
    # Derived by the database from `level` (never written by the app, never in fixtures), so
    # bulk_create and raw fixture loads fill it too: the study order as an indexable column.
    level_rank = models.GeneratedField(
        expression=models.Case(
            *(
                models.When(level=value, then=models.Value(rank))
                for rank, value in enumerate(Level.values)
            ),
            default=models.Value(len(Level.values)),
        ),
        output_field=models.PositiveSmallIntegerField(),
        db_persist=True,
    )
    round_type = models.CharField(
        "round type", max_length=16, choices=RoundType.choices, default=RoundType.CONCEPT
    )
    expected_minutes = models.PositiveSmallIntegerField(
        default=10,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text="How long the answer takes in a real round.",
    )
    topics = models.ManyToManyField(Topic, related_name="questions", blank=True)
    source = models.ForeignKey(
        Source, on_delete=models.PROTECT, related_name="questions", null=True, blank=True
    )
    position = models.PositiveIntegerField(default=0, help_text="Order within its level.")
    short_answer = models.TextField(
        blank=True,
        validators=[validate_short_answer],
        help_text=f"At most {SHORT_ANSWER_WORDS} words: what a review card shows first.",
    )
    answer = models.TextField(
        help_text="Sample answer in Markdown; code in fenced blocks naming their language."
    )
    why_asked = models.TextField("why it is asked", blank=True)
    strong_answer_points = models.TextField(
        "what a strong answer covers", blank=True, help_text="One point per line."
    )
    tip = models.TextField(blank=True)
    pitfalls = models.TextField("common pitfalls", blank=True, help_text="One per line.")
    follow_ups = models.TextField("follow-up questions", blank=True, help_text="One per line.")
    rubric_mid = models.TextField("mid-level answer", blank=True)
    rubric_senior = models.TextField("senior answer", blank=True)
    rubric_staff = models.TextField("staff-level answer", blank=True)
    references = models.TextField(
        blank=True,
        validators=[validate_references],
        help_text="1-5 primary sources, one per line: Title | https://url (none: Title |).",
    )
    diagram = models.TextField(
        blank=True,
        validators=[validate_diagram],
        help_text="Pikchr source (https://pikchr.org), rendered to SVG on save.",
    )
    diagram_alt = models.CharField(
        "diagram text alternative",
        max_length=800,
        blank=True,
        help_text="What the diagram shows, for screen readers.",
    )
    diagram_svg = models.TextField(editable=False, blank=True)
    last_checked = models.DateField(null=True, blank=True)
    is_published = models.BooleanField("published", default=True, db_index=True)

    objects = SlugNaturalKeyManager.from_queryset(QuestionQuerySet)()

    class Meta:
        ordering = ["position", "pk"]
        indexes = [models.Index(fields=STUDY_ORDER_FIELDS, name="question_study_order")]

    def __str__(self) -> str:
        return self.prompt

    def save(self, *args, **kwargs) -> None:
        self.render_diagram()
        if "update_fields" in kwargs and kwargs["update_fields"] is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "diagram_svg"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("question_detail", args=[self.slug])

    def clean(self) -> None:
        if self.diagram.strip() and not self.diagram_alt.strip():
            raise ValidationError({"diagram_alt": "A diagram needs a text alternative."})

    def render_diagram(self) -> None:
        """Render the diagram to SVG: when saved (admin) or loaded (load_content)."""
        source = self.diagram.strip()
        try:
            self.diagram_svg = diagrams.render(source, self.diagram_alt) if source else ""
        except diagrams.DiagramError:
            self.diagram_svg = ""  # clean() refuses it in admin; a bad fixture fails its test

    @property
    def reference_list(self) -> list[dict[str, str]]:
        """The references as {"title", "url"}; url is "" for a source with no address."""
        found = []
        for line in one_per_line(self.references):
            title, _, url = (part.strip() for part in line.partition("|"))
            found.append({"title": title, "url": url})
        return found

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
        return one_per_line(self.strong_answer_points)

    @property
    def pitfall_list(self) -> list[str]:
        return one_per_line(self.pitfalls)

    @property
    def follow_up_list(self) -> list[str]:
        return one_per_line(self.follow_ups)


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
