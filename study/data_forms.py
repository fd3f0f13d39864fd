"""The forms of the "Your data" page: which questions to take away, and the file to bring back."""

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db.models import QuerySet
from django.template.defaultfilters import filesizeformat

from questions.models import Question, Topic
from study.models import Bookmark


class ScopeForm(forms.Form):
    """Which questions: my bookmarks, everything, a level or a topic (one select, by GET)."""

    questions = forms.ChoiceField(label="Questions")

    def __init__(self, *args, levels: bool = True, everything: bool = True, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        choices: list = [("bookmarks", "My bookmarks")]
        if everything:
            choices.append(("all", "Every question"))
        if levels:
            choices.append(
                ("Levels", [(f"level:{v}", label) for v, label in Question.Level.choices])
            )
        topics = Topic.objects.order_by("position", "name").values_list("slug", "name")
        choices.append(("Topics", [(f"topic:{slug}", name) for slug, name in topics]))
        self.fields["questions"].choices = choices

    def chosen(self, user) -> QuerySet[Question]:
        """The published questions chosen, in study order (after is_valid())."""
        kind, _, value = self.cleaned_data["questions"].partition(":")
        questions = Question.objects.published()
        if kind == "bookmarks":
            questions = questions.filter(bookmarks__in=Bookmark.objects.for_user(user))
        elif kind == "level":
            questions = questions.for_level(value)
        elif kind == "topic":
            questions = questions.filter(topics__slug=value)
        return questions.in_study_order()

    def title(self) -> str:
        value = self.cleaned_data["questions"]
        for choice, label in self.fields["questions"].choices:
            if isinstance(label, list):
                for inner, inner_label in label:
                    if inner == value:
                        return f"{choice[:-1]}: {inner_label}"
            elif choice == value:
                return label
        return value


class PrintForm(ScopeForm):
    """My bookmarks or a topic (everything would be a book), compact or one question a page."""

    one_per_page = forms.BooleanField(
        label="Start each question on a new page", label_suffix="", required=False
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, levels=False, everything=False, prefix="print", **kwargs)


class ImportForm(forms.Form):
    file = forms.FileField(
        label="Your data file (JSON)",
        help_text="The file “Everything (JSON)” downloads, from this site or another copy of it.",
        widget=forms.FileInput(attrs={"accept": ".json,application/json"}),
    )

    def clean_file(self) -> UploadedFile:
        upload = self.cleaned_data["file"]
        limit = settings.DATA_IMPORT_MAX_SIZE
        if upload.size > limit:
            raise forms.ValidationError(
                f"This file is {filesizeformat(upload.size)}; the limit is {filesizeformat(limit)}."
            )
        return upload
