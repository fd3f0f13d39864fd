"""Your data: the page that gathers every export, the Anki deck, the print sheet and the import.

Downloads and the print sheet are GETs that change nothing; the import is a POST.
"""

import tempfile

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from questions.models import Question
from study import anki, transfer
from study.data_forms import ImportForm, PrintForm, ScopeForm
from study.models import Note


def data_page(request: HttpRequest, anki_form=None, sheet_form=None, status=200) -> HttpResponse:
    return render(
        request,
        "study/your_data.html",
        {
            "anki_form": anki_form or ScopeForm(initial={"questions": "bookmarks"}),
            "print_form": sheet_form or PrintForm(),
        },
        status=status,
    )


@login_required
def your_data(request: HttpRequest) -> HttpResponse:
    return data_page(request)


def chosen_questions(request: HttpRequest, form: ScopeForm) -> QuerySet[Question] | None:
    """The form's questions, or None (with the form's error set) when there are none."""
    if not form.is_valid():
        return None
    questions = form.chosen(request.user)
    if not questions.exists():
        form.add_error("questions", "There are no questions there yet.")
        return None
    return questions


def notes_on(user, questions) -> dict[int, str]:
    """The learner's note on each of `questions` that has one, by question id."""
    return dict(
        Note.objects.for_user(user)
        .filter(question__in=questions)
        .values_list("question_id", "body")
    )


@login_required
def anki_deck(request: HttpRequest) -> HttpResponse:
    form = ScopeForm(request.GET)
    questions = chosen_questions(request, form)
    if questions is None:
        return data_page(request, anki_form=form, status=400)
    notes = notes_on(request.user, questions)
    deck = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes (and so deletes) it
    anki.write_deck(
        questions.prefetch_related("topics"),
        notes,
        lambda question: request.build_absolute_uri(question.get_absolute_url()),
        deck,
    )
    deck.seek(0)
    name = form.cleaned_data["questions"].replace(":", "-")
    return FileResponse(
        deck,
        as_attachment=True,
        filename=f"interview-prep-{name}.apkg",
        content_type="application/apkg",
    )


@login_required
def print_sheet(request: HttpRequest) -> HttpResponse:
    form = PrintForm(request.GET)
    questions = chosen_questions(request, form)
    if questions is None:
        return data_page(request, sheet_form=form, status=400)
    notes = notes_on(request.user, questions)
    sheet = [(question, notes.get(question.pk, "")) for question in questions]
    return render(
        request,
        "study/print_sheet.html",
        {
            "sheet": sheet,
            "title": form.title(),
            "one_per_page": form.cleaned_data["one_per_page"],
            "printed": timezone.now(),
        },
    )


@login_required
def data_export(request: HttpRequest) -> HttpResponse:
    """Everything, as the JSON document the import reads back."""
    response = HttpResponse(
        transfer.dump(transfer.export_data(request.user)),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="interview-prep-data.json"'
    return response


@login_required
def data_import(request: HttpRequest) -> HttpResponse:
    form = ImportForm(request.POST, request.FILES) if request.method == "POST" else ImportForm()
    if form.is_bound and form.is_valid():
        try:
            rows = transfer.parse_document(form.cleaned_data["file"].read())
        except ValidationError as error:
            form.add_error("file", error)
        else:
            report = transfer.import_data(request.user, rows)
            return render(request, "study/import_done.html", {"report": report})
    return render(request, "study/import_form.html", {"form": form})
