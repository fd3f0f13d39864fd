"""Django admin for the content: the only tool admins use to keep the question bank.

Every content model gets the same base (`ContentAdmin`): slug prepopulated from the title,
read-only timestamps, a Markdown editor with a sanitized preview for its Markdown fields and a
"view on site" link to the page that shows it.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.models import CHANGE, LogEntry
from django.db import models
from django.db.models import Count, QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from markdownx.widgets import AdminMarkdownxWidget

from questions.models import (
    FAQ,
    CommonMistake,
    ContentModel,
    HiringCompany,
    JobMarket,
    PreparationTip,
    Question,
    RelatedSkill,
    Source,
    Topic,
)
from questions.signals import questions_updated

TIMESTAMPS = ("created_at", "updated_at")

admin.site.site_header = "Backend Interview Prep"
admin.site.site_title = "Interview Prep admin"
admin.site.index_title = "Question bank and career content"
# The changelists need the width more than a second copy of the index page's menu.
admin.site.enable_nav_sidebar = False


class MarkdownFieldsMixin:
    """Give the fields named in `markdown_fields` the markdownx editor with its live preview.

    Only those fields: the other text fields are plain text or one item per line.
    """

    markdown_fields: tuple[str, ...] = ()

    def formfield_for_dbfield(self, db_field: models.Field, request: HttpRequest, **kwargs):
        if db_field.name in self.markdown_fields:
            kwargs["widget"] = AdminMarkdownxWidget
        return super().formfield_for_dbfield(db_field, request, **kwargs)


class ContentAdmin(MarkdownFieldsMixin, admin.ModelAdmin):
    readonly_fields = TIMESTAMPS
    list_per_page = 50
    site_url_name: str = ""
    site_url_anchor: str = ""

    def get_fields(self, request: HttpRequest, obj: ContentModel | None = None) -> list[str]:
        """The model's fields, with the slug moved to just after the field it is made from."""
        fields = list(super().get_fields(request, obj))
        origin = self.prepopulated_fields.get("slug", [None])[0]
        if origin in fields and "slug" in fields:
            fields.remove("slug")
            fields.insert(fields.index(origin) + 1, "slug")
        return fields

    def view_on_site(self, obj: ContentModel) -> str | None:
        """The page that shows this row: its own page, or the section of a shared page."""
        if hasattr(obj, "get_absolute_url"):
            return obj.get_absolute_url()
        if not self.site_url_name:
            return None
        return reverse(self.site_url_name) + self.site_url_anchor


@admin.register(Source)
class SourceAdmin(ContentAdmin):
    list_display = ["name", "title", "question_count", "updated_at"]
    search_fields = ["name", "title", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    ordering = ["name"]
    view_on_site = False

    def get_queryset(self, request: HttpRequest) -> QuerySet[Source]:
        return super().get_queryset(request).annotate(question_count=Count("questions"))

    @admin.display(description="questions", ordering="question_count")
    def question_count(self, source: Source) -> int:
        return source.question_count


@admin.register(Topic)
class TopicAdmin(ContentAdmin):
    list_display = ["name", "slug", "position", "question_count", "updated_at"]
    search_fields = ["name", "slug", "description"]
    prepopulated_fields = {"slug": ["name"]}
    ordering = ["position", "name"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Topic]:
        return super().get_queryset(request).annotate(question_count=Count("questions"))

    @admin.display(description="questions", ordering="question_count")
    def question_count(self, topic: Topic) -> int:
        return topic.question_count


@admin.register(Question)
class QuestionAdmin(ContentAdmin):
    list_display = [
        "prompt",
        "level_label",
        "round_type",
        "topic_names",
        "position",
        "is_published",
        "updated",
    ]
    list_filter = ["is_published", "level", "round_type", "topics", "source"]
    search_fields = ["prompt", "slug", "summary", "answer"]
    ordering = ["level_rank", "position"]
    prepopulated_fields = {"slug": ["prompt"]}
    autocomplete_fields = ["topics", "source"]
    markdown_fields = ("answer",)
    readonly_fields = (*TIMESTAMPS, "diagram_preview")
    actions = ["publish", "unpublish"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "prompt",
                    "slug",
                    "summary",
                    ("level", "round_type", "expected_minutes"),
                    "position",
                    ("is_published", "last_checked"),
                ]
            },
        ),
        ("Filing", {"fields": ["topics", "source"]}),
        ("Answer", {"fields": ["short_answer", "answer"]}),
        (
            "Around the answer",
            {"fields": ["why_asked", "strong_answer_points", "pitfalls", "tip", "follow_ups"]},
        ),
        ("Rubric", {"fields": ["rubric_mid", "rubric_senior", "rubric_staff"]}),
        ("Further reading", {"fields": ["references"]}),
        ("Diagram", {"fields": ["diagram", "diagram_alt", "diagram_preview"]}),
        ("History", {"fields": list(TIMESTAMPS)}),
    ]

    @admin.display(description="rendered diagram")
    def diagram_preview(self, question: Question) -> str:
        """The SVG as saved (sanitized by questions.diagrams): what visitors see."""
        if not question.diagram_svg:
            return "Save to render the diagram."
        return mark_safe(f'<div class="diagram">{question.diagram_svg}</div>')  # noqa: S308

    def get_queryset(self, request: HttpRequest) -> QuerySet[Question]:
        # One query for every row's topics on the changelist; the change form reads the same cache.
        return super().get_queryset(request).prefetch_related("topics")

    @admin.display(description="level", ordering="level_rank")
    def level_label(self, question: Question) -> str:
        return question.get_level_display()

    @admin.display(description="topics")
    def topic_names(self, question: Question) -> str:
        return ", ".join(topic.name for topic in question.topics.all())

    @admin.display(description="updated", ordering="updated_at")
    def updated(self, question: Question) -> str:
        return f"{timezone.localtime(question.updated_at):%Y-%m-%d}"

    @admin.action(description="Publish selected questions", permissions=["change"])
    def publish(self, request: HttpRequest, queryset: QuerySet[Question]) -> None:
        drafts = queryset.filter(is_published=False)
        ready = list(drafts.exclude(answer=""))
        unanswered = drafts.filter(answer="").count()
        self.set_published(request, ready, published=True)
        self.message_user(request, f"Published {questions_phrase(len(ready))}.", messages.SUCCESS)
        if unanswered:
            self.message_user(
                request,
                f"Left {questions_phrase(unanswered)} as drafts: a question needs an answer "
                "before it can be published.",
                messages.WARNING,
            )

    @admin.action(description="Unpublish selected questions", permissions=["change"])
    def unpublish(self, request: HttpRequest, queryset: QuerySet[Question]) -> None:
        published = list(queryset.filter(is_published=True))
        self.set_published(request, published, published=False)
        self.message_user(
            request,
            f"Unpublished {questions_phrase(len(published))}: they are drafts now.",
            messages.SUCCESS,
        )

    def set_published(
        self, request: HttpRequest, questions: list[Question], *, published: bool
    ) -> None:
        """Flip `is_published` in one UPDATE, with one history entry per question.

        updated_at moves too, so load_content keeps the change rather than restoring the fixture.
        """
        if not questions:
            return
        pks = [question.pk for question in questions]
        Question.objects.filter(pk__in=pks).update(
            is_published=published, updated_at=timezone.now()
        )
        questions_updated.send(sender=Question, pks=pks)
        LogEntry.objects.log_actions(
            user_id=request.user.pk,
            queryset=questions,
            action_flag=CHANGE,
            change_message=[{"changed": {"fields": ["published"]}}],
        )


def questions_phrase(count: int) -> str:
    return f"{count} question" if count == 1 else f"{count} questions"


class OrderedContentAdmin(ContentAdmin):
    """The lists on the prepare and FAQ pages: shown by position, credited to a source."""

    list_filter = ["source"]
    list_select_related = ["source"]
    autocomplete_fields = ["source"]
    ordering = ["position", "pk"]


class AdviceItemAdmin(OrderedContentAdmin):
    """Tips and mistakes: the same fields (AdviceItem), each in its own section of /prepare/."""

    list_display = ["title", "position", "source", "updated_at"]
    search_fields = ["title", "slug", "body"]
    prepopulated_fields = {"slug": ["title"]}
    markdown_fields = ("body",)


@admin.register(PreparationTip)
class PreparationTipAdmin(AdviceItemAdmin):
    site_url_name, site_url_anchor = "prepare", "#tips"


@admin.register(CommonMistake)
class CommonMistakeAdmin(AdviceItemAdmin):
    site_url_name, site_url_anchor = "prepare", "#mistakes"


@admin.register(RelatedSkill)
class RelatedSkillAdmin(OrderedContentAdmin):
    list_display = ["name", "position", "source", "updated_at"]
    search_fields = ["name", "slug", "description"]
    prepopulated_fields = {"slug": ["name"]}
    site_url_name, site_url_anchor = "prepare", "#skills"


@admin.register(FAQ)
class FAQAdmin(OrderedContentAdmin):
    list_display = ["question", "position", "source", "updated_at"]
    search_fields = ["question", "slug", "answer"]
    prepopulated_fields = {"slug": ["question"]}
    markdown_fields = ("answer",)

    def view_on_site(self, faq: FAQ) -> str:
        return f"{reverse('faq')}#faq-{faq.slug}"


class JobMarketForm(forms.ModelForm):
    def clean(self) -> dict:
        data = super().clean()
        low, median, high = (
            data.get(name) for name in ("min_salary", "median_salary", "max_salary")
        )
        if None not in (low, median, high) and not low <= median <= high:
            raise forms.ValidationError(
                "The median salary must lie between the minimum and the maximum."
            )
        return data


class HiringCompanyInline(admin.TabularInline):
    model = HiringCompany
    fields = ["name", "slug", "note", "position", "source"]
    prepopulated_fields = {"slug": ["name"]}
    ordering = ["position", "name"]
    extra = 0

    def formfield_for_foreignkey(self, db_field, request: HttpRequest, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "source":
            # Evaluated once here, or every inline row would query the same few sources again.
            field.choices = list(field.choices)
        return field


@admin.register(JobMarket)
class JobMarketAdmin(ContentAdmin):
    form = JobMarketForm
    list_display = ["role", "median_salary", "open_positions", "as_of", "source", "updated_at"]
    list_filter = ["source"]
    list_select_related = ["source"]
    search_fields = ["role", "slug", "notes"]
    prepopulated_fields = {"slug": ["role"]}
    autocomplete_fields = ["source"]
    ordering = ["-as_of", "role"]
    inlines = [HiringCompanyInline]
    site_url_name = "career"


@admin.register(HiringCompany)
class HiringCompanyAdmin(ContentAdmin):
    list_display = ["name", "market", "position", "source", "updated_at"]
    list_filter = ["market", "source"]
    list_select_related = ["market", "source"]
    search_fields = ["name", "slug", "note"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["market", "source"]
    ordering = ["market", "position", "name"]
    site_url_name = "career"
