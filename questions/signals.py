"""Signals for changes Django's model signals do not announce."""

from django.dispatch import Signal

# Sent after QuerySet.update() changed questions (admin bulk actions), which sends no
# post_save. Arguments: sender=Question, pks=the ids that changed. The page cache and the
# search index listen.
questions_updated = Signal()
