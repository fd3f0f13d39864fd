"""Saving notes without losing words: a stale save is refused, never silently applied."""

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from questions.models import Question
from study.models import Note


class StaleNote(Exception):
    """The note changed since the editor loaded it (another tab, another device)."""

    def __init__(self, current: Note) -> None:
        super().__init__(f"note {current.pk} is at version {current.version}")
        self.current = current


def save_note(*, user, question: Question, body: str, base_version: int) -> Note:
    """Create or update `user`'s note on `question` from an editor opened at `base_version`.

    `base_version` 0 means the editor started from no note. Raises StaleNote when the stored
    note is not the one the editor started from, so the caller can show both texts.
    """
    notes = Note.objects.for_user(user).filter(question=question)
    if base_version == 0:
        try:
            with transaction.atomic():
                return Note.objects.create(user=user, question=question, body=body)
        except IntegrityError:
            raise StaleNote(notes.get()) from None
    # One conditional UPDATE: of two concurrent saves from the same version, exactly one wins.
    updated = notes.filter(version=base_version).update(
        body=body, version=F("version") + 1, updated_at=timezone.now()
    )
    current = notes.first()
    if current is None:  # deleted in another tab meanwhile: the text in hand is all there is
        return Note.objects.create(user=user, question=question, body=body)
    if not updated:
        raise StaleNote(current)
    return current
