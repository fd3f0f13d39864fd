"""Rebuild the full-text search index from the questions, topics and notes in the database."""

import time

from django.core.management.base import BaseCommand
from django.db import connection

from search.index import rebuild_index


class Command(BaseCommand):
    help = (
        "Rebuild the search index (SQLite's FTS5 table, or PostgreSQL's QuestionDocument rows) "
        "from the database. Saves keep it current; this repairs it."
    )

    def handle(self, *args, **options) -> None:
        started = time.perf_counter()
        count = rebuild_index()
        self.stdout.write(
            f"Search index rebuilt on {connection.vendor}: {count} questions "
            f"in {time.perf_counter() - started:.1f} s."
        )
