"""The PostgreSQL search index: one row per published question, written by search.index.

On SQLite the index is the FTS5 table `search_questiontext` instead (migrations/0001_initial.py),
and this table does not exist there: search.routers.SearchRouter keeps it to PostgreSQL.
"""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models

from questions.models import Question


class QuestionDocument(models.Model):
    # DO_NOTHING and no database constraint: deleting a question must not make Django look for
    # this table on SQLite, where it does not exist. search.index deletes the row instead.
    question = models.OneToOneField(
        Question,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        primary_key=True,
        related_name="search_document",
    )
    # Every column, weighted (search.documents.COLUMN_WEIGHTS): what a query must match.
    vector = SearchVectorField()
    # Prompt, summary and topics only: small enough to stay in the row, so ranking a page of
    # matches never reads the answer's long vector from out-of-line storage.
    head = SearchVectorField()
    # The reasoning and the answer's opening, bounded (EXCERPT_SOURCE_CHARS): what an excerpt
    # is cut from, so ts_headline never parses a whole answer.
    excerpt_source = models.TextField()
    # The question's level and round, copied so that a filtered search reads no other table.
    level = models.CharField(max_length=12, choices=Question.Level.choices)
    round_type = models.CharField(max_length=16, choices=Question.RoundType.choices)

    class Meta:
        indexes = [
            GinIndex(fields=["vector"], name="search_document_vector"),
            GinIndex(fields=["head"], name="search_document_head"),
        ]

    def __str__(self) -> str:
        return f"Search document of question {self.question_id}"
