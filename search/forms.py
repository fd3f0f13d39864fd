from django import forms

from questions.forms import LevelTopicFilterForm, NullStrippingCharField


class SearchForm(LevelTopicFilterForm):
    """The search page's query and filters, read from the query string.

    The text is never refused (search.query reads anything); bad filters are reported and
    ignored, as on the list page.
    """

    q = NullStrippingCharField(label="Search for", required=False)
    notes = forms.BooleanField(label="Include my notes", required=False)

    field_order = ["q", "level", "topic", "notes"]
