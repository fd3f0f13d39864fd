import time

from django import forms
from markdownx.widgets import MarkdownxWidget

from questions.forms import NullStrippingCharField
from questions.models import Question, Topic
from study.models import MockInterview, Note, ReviewLog
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
