"""The search backend for the database in use: SQLite FTS5 or PostgreSQL full-text search.

Both answer the same questions (how many published questions match, capped; which ids rank on a
page; each hit's title and excerpt with matches marked; which of a learner's notes match) and
both write the index (search.index calls `write_question` and friends).
"""

from django.db import NotSupportedError, connection

from search.documents import COUNT_LIMIT, Hit, Matches, NoteHit, question_text
from search.postgres import PostgresBackend
from search.sqlite import SQLiteBackend

__all__ = [
    "COUNT_LIMIT",
    "Hit",
    "Matches",
    "NoteHit",
    "PostgresBackend",
    "SQLiteBackend",
    "backend",
]
__all__ += ["question_text"]

BACKENDS = {"sqlite": SQLiteBackend(), "postgresql": PostgresBackend()}


def backend():
    try:
        return BACKENDS[connection.vendor]
    except KeyError:
        raise NotSupportedError(
            f"Search supports SQLite and PostgreSQL, not {connection.vendor}."
        ) from None
