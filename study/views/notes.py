"""Learners' markdown notes on answers: edit, delete, list, export, live preview."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from accounts import throttle
from questions.markdown import render_markdown
from questions.models import Question
from study.forms import NoteForm
from study.models import Note
from study.notes import StaleNote, save_note

PREVIEW_LIMIT = Note.MAX_LENGTH


@login_required
def note_edit(request: HttpRequest, slug: str) -> HttpResponse:
    question = get_object_or_404(Question.objects.published(), slug=slug)
    note = Note.objects.for_user(request.user).filter(question=question).first()
    initial = {"body": note.body if note else "", "version": note.version if note else 0}
    form = NoteForm(request.POST or None, initial=initial)
    if form.is_valid():
        try:
            save_note(
                user=request.user,
                question=question,
                body=form.cleaned_data["body"],
                base_version=form.cleaned_data["version"],
            )
        except StaleNote as stale:
            return render_conflict(request, question, stale.current, form.cleaned_data["body"])
        messages.success(request, "Note saved.")
        return redirect(f"{question.get_absolute_url()}#my-note")
    return render(
        request, "study/note_form.html", {"question": question, "note": note, "form": form}
    )


def render_conflict(request: HttpRequest, question: Question, current: Note, mine: str):
    """Both texts side by side; the editor holds the learner's text, ready to merge and save."""
    form = NoteForm(initial={"body": mine, "version": current.version})
    return render(
        request,
        "study/note_conflict.html",
        {"question": question, "current": current, "mine": mine, "form": form},
        status=409,
    )


@require_POST
@login_required
def note_delete(request: HttpRequest, pk: int) -> HttpResponse:
    note = get_object_or_404(Note.objects.select_related("question"), pk=pk, user=request.user)
    note.delete()
    messages.success(request, "Note deleted.")
    return redirect(note.question.get_absolute_url())


@login_required
def note_list(request: HttpRequest) -> HttpResponse:
    notes = Note.objects.for_user(request.user).select_related("question")
    return render(request, "study/note_list.html", {"notes": notes})


@require_POST
@login_required
def markdown_preview(request: HttpRequest) -> HttpResponse:
    """The markdownx live preview, through the same sanitizing renderer as saved notes."""
    if wait := throttle.hit(throttle.PREVIEW, f"user{request.user.pk}"):
        return throttle.too_many_requests(request, throttle.PREVIEW, wait)
    content = request.POST.get("content", "")[:PREVIEW_LIMIT]
    return HttpResponse(render_markdown(content))
