from urllib.parse import urlencode

from django import forms
from django.contrib.auth.forms import UserCreationForm
from django.contrib.auth.models import User
from markdownx.widgets import MarkdownxWidget

from questions.models import Note, Question, Topic


class QuestionFilterForm(forms.Form):
    """The list page's level and topic filters, read from the query string."""

    level = forms.ChoiceField(choices=[("", "All levels"), *Question.Level.choices], required=False)
    topic = forms.ChoiceField(required=False)

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
