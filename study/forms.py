import time
from datetime import date, timedelta

from django import forms
from django.db import transaction
from markdownx.widgets import MarkdownxWidget

from questions.forms import NullStrippingCharField
from questions.models import Question, Topic
from study import planner
from study.models import MockInterview, Note, ReviewLog, StudyPlan
from study.scheduling import suggested_rating


class NoteForm(forms.Form):
    body = NullStrippingCharField(
        label="Your note",
        max_length=Note.MAX_LENGTH,
        strip=False,
        widget=MarkdownxWidget(attrs={"rows": 12}),
        help_text="Markdown: **bold**, `code`, ```fenced blocks```, [links](https://example.com).",
    )
    version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)

    def clean_body(self) -> str:
        body = self.cleaned_data["body"]
        if not body.strip():
            raise forms.ValidationError("Write something, or delete the note instead.")
        return body


class AddToReviewForm(forms.Form):
    scope = forms.ChoiceField(
        choices=[
            ("question", "This question"),
            ("bookmarks", "All my bookmarks"),
            ("level", "A whole level"),
            ("topic", "A whole topic"),
        ]
    )
    value = forms.CharField(required=False, max_length=120)

    def clean(self):
        cleaned = super().clean()
        scope, value = cleaned.get("scope"), cleaned.get("value", "")
        if scope == "level" and value not in Question.Level.values:
            self.add_error("value", "Choose beginner, intermediate or advanced.")
        if scope in {"question", "topic"} and not value:
            self.add_error("value", "Say which one.")
        return cleaned

    def errors_as_sentences(self) -> list[str]:
        return [str(error) for errors in self.errors.values() for error in errors]


class SelfRatingForm(forms.Form):
    """Which strong-answer points the learner covered, and a rating (or "from my checklist")."""

    AUTO = "auto"

    rating = forms.ChoiceField(
        choices=[(AUTO, "Rate from my checklist")]
        + [(str(value), label) for value, label in ReviewLog.Rating.choices],
        error_messages={"required": "Choose a rating.", "invalid_choice": "Choose a rating."},
    )
    points = forms.MultipleChoiceField(required=False, widget=forms.CheckboxSelectMultiple)

    def __init__(self, data=None, *, points: list[str], prefix: str | None = None) -> None:
        super().__init__(data, prefix=prefix)
        self.total_points = len(points)
        self.fields["points"].choices = [(str(i), point) for i, point in enumerate(points)]

    def covered(self) -> int:
        return len(self.cleaned_data["points"])

    def chosen_rating(self) -> int:
        if self.cleaned_data["rating"] == self.AUTO:
            return suggested_rating(self.covered(), self.total_points)
        return int(self.cleaned_data["rating"])


class RatingForm(SelfRatingForm):
    """The review's reveal step: a self-rating of the card as it was when revealed."""

    reviewed_version = forms.CharField(max_length=40, widget=forms.HiddenInput)
    started = forms.FloatField(required=False, widget=forms.HiddenInput)

    @staticmethod
    def version_of(card) -> str:
        return card.last_review.isoformat() if card.last_review else "new"

    def duration_ms(self) -> int | None:
        started = self.cleaned_data.get("started")
        if not started:
            return None
        elapsed = time.time() * 1000 - started
        return int(elapsed) if 0 <= elapsed <= 3_600_000 else None


class FocusForm(forms.Form):
    """The levels and topics a learner narrows a mock interview or a study plan to."""

    levels = forms.MultipleChoiceField(
        choices=Question.Level.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="None ticked means every level.",
    )
    topics = forms.ModelMultipleChoiceField(
        queryset=Topic.objects.all(),
        to_field_name="slug",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="None ticked means every topic.",
    )


class MockInterviewForm(FocusForm):
    round_type = forms.ChoiceField(
        label="Round",
        choices=[("", "Mixed: any kind of question")]
        + [(value, Question.RoundType.round_name(value)) for value in Question.RoundType.values],
        required=False,
        widget=forms.RadioSelect,
    )
    question_count = forms.IntegerField(
        label="Number of questions", min_value=1, max_value=MockInterview.MAX_QUESTIONS, initial=3
    )

    def matching_questions(self):
        questions = Question.objects.published()
        if self.cleaned_data["round_type"]:
            questions = questions.filter(round_type=self.cleaned_data["round_type"])
        if self.cleaned_data["levels"]:
            questions = questions.filter(level__in=self.cleaned_data["levels"])
        if self.cleaned_data["topics"]:
            questions = questions.filter(topics__in=self.cleaned_data["topics"])
        return questions.distinct()


class MockAnswerForm(forms.Form):
    answer = NullStrippingCharField(
        label="Your answer (optional)",
        required=False,
        max_length=20_000,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 10}),
    )
    position = forms.IntegerField(min_value=1, widget=forms.HiddenInput)


class StudyPlanForm(FocusForm):
    """The interview date, the time to study and the focus; saving it re-plans from today."""

    MIN_MINUTES_PER_DAY = 5
    MAX_MINUTES_PER_DAY = 720

    interview_date = forms.DateField(
        label="Interview date",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": "Give the date of your interview.",
            "invalid": "Give the date as YYYY-MM-DD, for example 2026-03-14.",
        },
    )
    time_amount = forms.IntegerField(
        label="Time you can study",
        min_value=1,
        max_value=MAX_MINUTES_PER_DAY,
        error_messages={
            "required": "Say how much time you can study.",
            "min_value": "Give at least 1: a plan needs some time to study.",
            "max_value": "That is more than anyone studies: give at most %(limit_value)s.",
        },
    )
    time_unit = forms.ChoiceField(
        label="Counted in",
        choices=StudyPlan.TimeUnit.choices,
        initial=StudyPlan.TimeUnit.HOURS_WEEK,
        widget=forms.RadioSelect,
    )
    weekdays = forms.MultipleChoiceField(
        label="Days you can study",
        choices=StudyPlan.WEEKDAYS,
        initial=[value for value, _ in StudyPlan.WEEKDAYS],
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one day of the week to study on."},
    )
    round_types = forms.MultipleChoiceField(
        label="Rounds",
        choices=Question.RoundType.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="None ticked means every round; the final stretch rehearses them as timed mocks.",
    )

    def __init__(self, data=None, *, today: date, instance: StudyPlan | None = None) -> None:
        initial = None
        if instance is not None:
            initial = {
                "interview_date": instance.interview_date,
                "time_amount": instance.time_amount,
                "time_unit": instance.time_unit,
                "weekdays": list(instance.weekdays),
                "levels": instance.level_list,
                "round_types": instance.round_type_list,
                "topics": list(instance.topics.values_list("slug", flat=True)),
            }
        super().__init__(data, initial=initial)
        self.today = today
        self.instance = instance
        self.fields["interview_date"].widget.attrs["min"] = (today + timedelta(days=1)).isoformat()

    def clean_interview_date(self) -> date:
        day = self.cleaned_data["interview_date"]
        if day < self.today:
            raise forms.ValidationError(
                f"{day:%-d %B %Y} has passed: give the date of an interview still to come."
            )
        if day == self.today:
            raise forms.ValidationError(
                "That is today: a plan needs at least one study day before the interview."
            )
        if (day - self.today).days > planner.MAX_PLAN_DAYS:
            raise forms.ValidationError("Plan at most a year ahead.")
        return day

    def clean(self):
        cleaned = super().clean()
        amount, unit = cleaned.get("time_amount"), cleaned.get("time_unit")
        weekdays = [int(day) for day in cleaned.get("weekdays", [])]
        if amount and unit and weekdays:
            per_day = planner.minutes_per_study_day(amount, unit, weekdays)
            if per_day < self.MIN_MINUTES_PER_DAY:
                self.add_error(
                    "time_amount",
                    f"That is {per_day} minutes a study day; a plan needs at least "
                    f"{self.MIN_MINUTES_PER_DAY}. Give more time or fewer days.",
                )
            elif per_day > self.MAX_MINUTES_PER_DAY:
                self.add_error(
                    "time_amount",
                    f"That is {per_day // 60} hours a study day: give at most 12.",
                )
        if not self.errors and not self.matching_questions().exists():
            self.add_error(None, "No questions match these levels, rounds and topics together.")
        return cleaned

    def matching_questions(self):
        questions = Question.objects.published()
        if self.cleaned_data.get("levels"):
            questions = questions.filter(level__in=self.cleaned_data["levels"])
        if self.cleaned_data.get("round_types"):
            questions = questions.filter(round_type__in=self.cleaned_data["round_types"])
        if self.cleaned_data.get("topics"):
            questions = questions.filter(topics__in=self.cleaned_data["topics"])
        return questions

    def save(self, user) -> StudyPlan:
        data = self.cleaned_data
        with transaction.atomic():
            plan, _ = StudyPlan.objects.update_or_create(
                user=user,
                defaults={
                    "interview_date": data["interview_date"],
                    "time_amount": data["time_amount"],
                    "time_unit": data["time_unit"],
                    "weekdays": "".join(sorted(data["weekdays"])),
                    "levels": ",".join(v for v in Question.Level.values if v in data["levels"]),
                    "round_types": ",".join(
                        v for v in Question.RoundType.values if v in data["round_types"]
                    ),
                },
            )
            plan.topics.set(data["topics"])
        plan.user = user
        return plan


class TrimPlanForm(forms.Form):
    """Make a plan that no longer fits smaller: skip beginner questions, drop topics."""

    skip_beginner = forms.BooleanField(label="Skip beginner questions", required=False)
    drop_topics = forms.ModelMultipleChoiceField(
        label="Drop these topics",
        queryset=Topic.objects.none(),
        to_field_name="slug",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(
        self, data=None, *, topic_counts: dict[int, int], beginner_left: int, levels=()
    ) -> None:
        super().__init__(data)
        self.topic_counts = topic_counts
        self.fields["drop_topics"].queryset = Topic.objects.filter(pk__in=topic_counts)
        self.fields["drop_topics"].label_from_instance = lambda topic: (
            f"{topic.name} ({topic_counts.get(topic.pk, 0)} left)"
        )
        self.plan_levels = list(levels)
        if not beginner_left:
            del self.fields["skip_beginner"]
        else:
            self.fields["skip_beginner"].label = f"Skip beginner questions ({beginner_left} left)"

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("skip_beginner") and not cleaned.get("drop_topics"):
            raise forms.ValidationError("Choose what to trim: beginner questions or some topics.")
        if cleaned.get("skip_beginner") and self.plan_levels == [Question.Level.BEGINNER]:
            raise forms.ValidationError(
                "The plan has only beginner questions: skipping them leaves nothing."
            )
        if set(self.topic_counts) and {t.pk for t in cleaned.get("drop_topics", [])} >= set(
            self.topic_counts
        ):
            raise forms.ValidationError("Keep at least one topic in the plan.")
        return cleaned

    def apply(self, plan: StudyPlan) -> None:
        data = self.cleaned_data
        if data.get("skip_beginner"):
            levels = plan.level_list or Question.Level.values
            plan.levels = ",".join(v for v in levels if v != Question.Level.BEGINNER)
            plan.save(update_fields=["levels"])
        if data.get("drop_topics"):
            dropped = {topic.pk for topic in data["drop_topics"]}
            current = set(plan.topics.values_list("pk", flat=True)) or set(self.topic_counts)
            plan.topics.set(current - dropped)
