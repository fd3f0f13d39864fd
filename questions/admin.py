from django.contrib import admin

from questions.models import (
    FAQ,
    CommonMistake,
    HiringCompany,
    JobMarket,
    PreparationTip,
    Question,
    RelatedSkill,
    Source,
    Topic,
)


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["name", "title", "updated_at"]
    search_fields = ["name", "title"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "position", "updated_at"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ["prompt", "level", "position", "is_published", "updated_at"]
    list_filter = ["level", "is_published", "topics", "source"]
    search_fields = ["prompt", "answer", "slug"]
    prepopulated_fields = {"slug": ["prompt"]}
    autocomplete_fields = ["topics", "source"]
    readonly_fields = ["created_at", "updated_at"]


class HiringCompanyInline(admin.TabularInline):
    model = HiringCompany
    extra = 0
    prepopulated_fields = {"slug": ["name"]}


@admin.register(JobMarket)
class JobMarketAdmin(admin.ModelAdmin):
    list_display = ["role", "median_salary", "open_positions", "as_of"]
    prepopulated_fields = {"slug": ["role"]}
    inlines = [HiringCompanyInline]


for model in (PreparationTip, CommonMistake):
    admin.site.register(
        model,
        list_display=["title", "position", "updated_at"],
        search_fields=["title", "body"],
        prepopulated_fields={"slug": ["title"]},
    )
admin.site.register(
    RelatedSkill,
    list_display=["name", "position"],
    search_fields=["name"],
    prepopulated_fields={"slug": ["name"]},
)
admin.site.register(
    FAQ,
    list_display=["question", "position"],
    search_fields=["question", "answer"],
    prepopulated_fields={"slug": ["question"]},
)
