import time
from urllib.parse import urlencode

from django import forms
from django.contrib.auth.forms import UserCreationForm
from django.contrib.auth.models import User
from markdownx.widgets import MarkdownxWidget

from questions.models import MockInterview, Note, Question, ReviewLog, Topic
from questions.scheduling import Status, suggested_rating


class QuestionFilterForm(forms.Form):
    """The list page's level and topic filters, read from the query string."""

    level = forms.ChoiceField(choices=[("", "All levels"), *Question.Level.choices], required=False)
    topic = forms.ChoiceField(required=False)
    status = forms.ChoiceField(choices=[("", "Any status"), *Status.CHOICES], required=False)

    def __init__(self, data=None, *, topics: list[Topic]) -> None:
        super().__init__(data)
        self.topics_by_slug = {topic.slug: topic for topic in topics}
        self.fields["topic"].choices = [("", "All topics")] + [
            (topic.slug, topic.name) for topic in topics
        ]

    def clean_topic(self) -> Topic | None:
        slug = self.cleaned_data["topic"]
        return self.topics_by_slug.get(slug) if slug else None

    def query_string_without_page(self) -> str:
        """The valid filters as `level=..&topic=..&`, ready to prepend a page number to."""
        if not self.is_valid():
            return ""
        params = {}
        if self.cleaned_data["level"]:
            params["level"] = self.cleaned_data["level"]
        if self.cleaned_data["topic"]:
            params["topic"] = self.cleaned_data["topic"].slug
        if self.cleaned_data["status"]:
            params["status"] = self.cleaned_data["status"]
        return urlencode(params) + "&" if params else ""


class NullStrippingCharField(forms.CharField):
    """Drops NUL characters (pasted from binaries or terminals) instead of refusing the text."""

    def to_python(self, value):
        return super().to_python(value.replace("\x00", "") if isinstance(value, str) else value)


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


class SignupForm(UserCreationForm):
    email = forms.EmailField(
        required=False, help_text="Optional; needed only to reset a forgotten password."
    )

    class Meta(UserCreationForm.Meta):
        model = User
        fields = ["username", "email"]


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


class RatingForm(forms.Form):
    """The reveal step: which strong-answer points the learner covered, and a rating."""

    AUTO = "auto"

    rating = forms.ChoiceField(
        choices=[(AUTO, "Rate from my checklist")]
        + [(str(value), label) for value, label in ReviewLog.Rating.choices]
    )
    points = forms.MultipleChoiceField(required=False, widget=forms.CheckboxSelectMultiple)
    reviewed_version = forms.CharField(max_length=40, widget=forms.HiddenInput)
    started = forms.FloatField(required=False, widget=forms.HiddenInput)

    def __init__(self, data=None, *, points: list[str]) -> None:
        super().__init__(data)
        self.total_points = len(points)
        self.fields["points"].choices = [(str(i), point) for i, point in enumerate(points)]

    @staticmethod
    def version_of(card) -> str:
        return card.last_review.isoformat() if card.last_review else "new"

    def covered(self) -> int:
        return len(self.cleaned_data["points"])

    def chosen_rating(self) -> int:
        if self.cleaned_data["rating"] == self.AUTO:
            return suggested_rating(self.covered(), self.total_points)
        return int(self.cleaned_data["rating"])

    def duration_ms(self) -> int | None:
        started = self.cleaned_data.get("started")
        if not started:
            return None
        elapsed = time.time() * 1000 - started
        return int(elapsed) if 0 <= elapsed <= 3_600_000 else None


class MockInterviewForm(forms.Form):
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
    question_count = forms.IntegerField(
        label="Number of questions", min_value=1, max_value=MockInterview.MAX_QUESTIONS, initial=3
    )
    minutes_per_question = forms.IntegerField(
        label="Minutes per question", min_value=1, max_value=30, initial=5
    )

    def matching_questions(self):
        questions = Question.objects.published()
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


class SearchForm(forms.Form):
    """The search page's query and filters, read from the query string.

    The text is never refused (questions/search.py reads anything); bad filters are reported
    and ignored, as on the list page.
    """

    q = NullStrippingCharField(label="Search for", required=False)
    level = forms.ChoiceField(choices=[("", "All levels"), *Question.Level.choices], required=False)
    topic = forms.ChoiceField(required=False)
    notes = forms.BooleanField(label="Include my notes", required=False)

    def __init__(self, data=None, *, topics: list[Topic]) -> None:
        super().__init__(data)
        self.topics_by_slug = {topic.slug: topic for topic in topics}
        self.fields["topic"].choices = [("", "All topics")] + [
            (topic.slug, topic.name) for topic in topics
        ]

    def clean_topic(self) -> Topic | None:
        slug = self.cleaned_data["topic"]
        return self.topics_by_slug.get(slug) if slug else None

    def query_string_without_page(self) -> str:
        """The search and its valid filters as `q=..&level=..&`, ready for a page number."""
        data = self.cleaned_data
        params = {"q": data.get("q", "")}
        if data.get("level"):
            params["level"] = data["level"]
        if data.get("topic"):
            params["topic"] = data["topic"].slug
        if data.get("notes"):
            params["notes"] = "on"
        return urlencode(params) + "&"
