from urllib.parse import urlencode

from django import forms

from questions.models import Question, Topic
from study.models import Status


class NullStrippingCharField(forms.CharField):
    """Drops NUL characters (pasted from binaries or terminals) instead of refusing the text."""

    def to_python(self, value):
        return super().to_python(value.replace("\x00", "") if isinstance(value, str) else value)


class LevelTopicFilterForm(forms.Form):
    """Level, topic and round filters from the query string, shared by every list of questions.

    A bad value is reported and ignored: the page still lists, unfiltered by it.
    """

    level = forms.ChoiceField(choices=[("", "All levels"), *Question.Level.choices], required=False)
    topic = forms.ChoiceField(required=False)
    round = forms.ChoiceField(
        choices=[("", "All rounds"), *Question.RoundType.choices], required=False
    )

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
        """The valid filters as `name=value&...&`, ready to append a page number to."""
        self.is_valid()  # cleaned_data then holds the valid fields only
        params = {}
        for name, value in self.cleaned_data.items():
            if isinstance(value, Topic):
                value = value.slug
            elif value is True:
                value = "on"
            if value or name == "q":
                params[name] = value
        return urlencode(params) + "&" if params else ""


class QuestionFilterForm(LevelTopicFilterForm):
    """The question list's filters: level, topic and, for a learner, study status."""

    status = forms.ChoiceField(choices=[("", "Any status"), *Status.choices], required=False)
