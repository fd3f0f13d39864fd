"""Rebuild the full-text search index from the questions, topics and notes in the database."""

import time

from django.core.management.base import BaseCommand
from django.db import connection, transaction

from questions.search import rebuild_index


class Command(BaseCommand):
    help = (
        "Rebuild the search index (SQLite FTS5 tables, or PostgreSQL's tsvector column and GIN "
        "index) from the database. Triggers keep it current; this repairs it."
    )

    def handle(self, *args, **options) -> None:
        started = time.perf_counter()
        with transaction.atomic():
            rebuild_index()
        self.stdout.write(
            f"Search index rebuilt on {connection.vendor} in {time.perf_counter() - started:.1f} s."
        )
