from urllib.parse import urlencode

from django import forms

from questions.models import Question, Topic


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
