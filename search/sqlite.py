"""The SQLite backend: one FTS5 table that stores its own text."""

from collections.abc import Sequence

from django.db import connection

from questions.models import Question
from search.documents import (
    COLUMN_WEIGHTS,
    NOTES_LIMIT,
    RANK_LIMIT,
    Hit,
    Matches,
    NoteHit,
    filter_tokens,
    hit,
    listed_questions,
    question_text,
    round_token,
)
from search.query import START, STOP, Filters, Query, Term, marked_html
from study.models import Note


class SQLiteBackend:
    """FTS5 table search_questiontext (search/migrations/0001_initial.py), text stored in it.

    rowid is the question's id for a question; a learner's note is stored at minus its id, with
    its body as the answer column and "note" and "user<id>" in the filters column. `filters`
    also holds "draft", the level, "round<type>" and "topic<id>" tokens; it never adds to a
    score, and filtering inside the index costs nothing per row.
    """

    TABLE = "search_questiontext"
    COLUMNS = [*COLUMN_WEIGHTS, "filters"]
    EXCERPT_COLUMNS = ["summary", "reasoning", "answer"]
    EXCERPT_TOKENS = 28
    BM25 = f"bm25({TABLE}, {', '.join(str(weight) for _, weight in COLUMN_WEIGHTS.values())}, 0)"

    # --- writing ---

    def row(self, question: Question) -> list:
        tokens = [
            question.level,
            round_token(question.round_type),
            *(f"topic{topic.pk}" for topic in question.topics.all()),
        ]
        if not question.is_published:
            tokens.append("draft")
        return [question.pk, *question_text(question).values(), " ".join(tokens)]

    def write_question(self, question: Question) -> None:
        self.write_questions([question])

    def write_questions(self, questions: Sequence[Question]) -> None:
        self.write([self.row(question) for question in questions])

    def delete_question(self, pk: int) -> None:
        self.delete(pk)

    def write_note(self, note: Note) -> None:
        self.write([[-note.pk, "", "", "", "", note.body, f"note user{note.user_id}"]])

    def delete_note(self, pk: int) -> None:
        self.delete(-pk)

    def write(self, rows: list[list]) -> None:
        """Replace the rows (rowid first, then a value per column), two statements in all."""
        columns = ", ".join(self.COLUMNS)
        marks = ", ".join(["%s"] * len(self.COLUMNS))
        with connection.cursor() as cursor:
            cursor.executemany(
                f"DELETE FROM {self.TABLE} WHERE rowid = %s",  # noqa: S608
                [[row[0]] for row in rows],
            )
            cursor.executemany(
                f"INSERT INTO {self.TABLE} (rowid, {columns}) VALUES (%s, {marks})",  # noqa: S608
                rows,
            )

    def delete(self, rowid: int) -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {self.TABLE} WHERE rowid = %s", [rowid])  # noqa: S608

    def clear(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {self.TABLE}")  # noqa: S608

    def optimize(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"INSERT INTO {self.TABLE}({self.TABLE}) VALUES ('optimize')")  # noqa: S608

    # --- reading ---

    @staticmethod
    def phrase(term: Term) -> str:
        quoted = '"' + term.text.replace('"', '""') + '"'
        return quoted + " *" if term.prefix else quoted

    def expression(self, query: Query) -> str:
        """The FTS5 expression: every term a quoted string, so nothing typed is an operator."""
        expression = " AND ".join(
            "(" + " OR ".join(map(self.phrase, group)) + ")" for group in query.groups
        )
        if query.excluded:
            excluded = " OR ".join(map(self.phrase, query.excluded))
            expression = f"({expression}) NOT ({excluded})"
        return expression

    def match(self, query: Query, filters: Filters, *, within: str = "- {filters}") -> str:
        """The text columns must match; the filters column keeps published questions of the
        chosen level, topic and round (notes carry "note" in it, and are left out that way)."""
        match = (
            f'({within} : ({self.expression(query)})) NOT {{filters}} : "draft" '
            f'NOT {{filters}} : "note"'
        )
        for token in filter_tokens(filters):
            match += f" AND {{filters}} : {self.phrase(Term(token))}"
        return match

    def count(self, query: Query, filters: Filters, limit: int) -> int:
        sql = (
            f"SELECT count(*) FROM (SELECT 1 FROM {self.TABLE} "  # noqa: S608
            f"WHERE {self.TABLE} MATCH %s LIMIT %s)"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [self.match(query, filters), limit])
            return cursor.fetchone()[0]

    def matches(self, query: Query, filters: Filters, limit: int) -> Matches:
        return Matches(self.count(query, filters, limit))

    def ranked_ids(
        self, query: Query, filters: Filters, start: int, stop: int, matches: Matches
    ) -> list[int]:
        """Questions that match in the prompt first, by bm25; then the others.

        bm25 costs about a microsecond per row it ranks (more for a phrase, whose positions it
        checks). The others are ranked by bm25 too when there are at most RANK_LIMIT matches
        in all (every search of the real bank); past that they are read newest first: FTS5
        walks its index backwards and stops when the page is full, as the PostgreSQL backend
        does.
        """
        table, bm25 = self.TABLE, self.BM25
        in_prompt = self.match(query, filters, within="{prompt}")
        others = f"({self.match(query, filters)}) NOT ({in_prompt})"
        others_order = f"{bm25}, rowid" if matches.count <= RANK_LIMIT else "rowid DESC"
        # The others start after the prompt matches on earlier pages.
        skip, skip_params = "%s", [0]
        if start:
            skip = f"max(0, %s - (SELECT count(*) FROM {table} WHERE {table} MATCH %s))"  # noqa: S608
            skip_params = [start, in_prompt]
        sql = (
            f"SELECT rowid FROM (SELECT rowid FROM {table} WHERE {table} MATCH %s "  # noqa: S608
            f"ORDER BY {bm25}, rowid LIMIT %s OFFSET %s) "
            f"UNION ALL SELECT rowid FROM (SELECT rowid FROM {table} WHERE {table} MATCH %s "
            f"ORDER BY {others_order} LIMIT %s OFFSET {skip}) LIMIT %s"
        )
        size = stop - start
        params = [in_prompt, size, start, others, size, *skip_params, size]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return [row[0] for row in cursor.fetchall()]

    def hits(self, query: Query, ids: list[int]) -> list[Hit]:
        """The questions `ids`, in that order, with their prompt and best excerpt marked."""
        excerpts = self.excerpts(query, ids)
        found = listed_questions().in_bulk(ids)
        return [
            hit(found[pk], *excerpts.get(pk, (found[pk].prompt, ""))) for pk in ids if pk in found
        ]

    def excerpts(self, query: Query, ids: list[int]) -> dict[int, tuple[str, str]]:
        if not ids:
            return {}
        table = self.TABLE
        snippets = ", ".join(
            f"snippet({table}, {self.COLUMNS.index(column)}, %s, %s, '…', {self.EXCERPT_TOKENS})"
            for column in self.EXCERPT_COLUMNS
        )
        ids_sql = ", ".join(["%s"] * len(ids))
        # FTS5 looks each id up with its own pass over the query, which expands a prefix each
        # time (20 times 8 ms for `trans*`); `+rowid` makes it one pass over the matches instead.
        rowid = "+rowid" if any(term.prefix for term in query.terms) else "rowid"
        sql = (
            f"SELECT rowid, highlight({table}, 0, %s, %s), {snippets} "  # noqa: S608
            f"FROM {table} WHERE {table} MATCH %s AND {rowid} IN ({ids_sql})"
        )
        params = [START, STOP] * (1 + len(self.EXCERPT_COLUMNS))
        params += [self.expression(query), *ids]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        # The column with the most matches; the earlier one (summary first) on a tie.
        return {
            pk: (title, max(snippets, key=lambda snippet: snippet.count(START)))
            for pk, title, *snippets in rows
        }

    def notes(self, user, query: Query) -> list[NoteHit]:
        table = self.TABLE
        answer = self.COLUMNS.index("answer")
        sql = (
            f"SELECT -rowid, snippet({table}, {answer}, %s, %s, '…', %s) "  # noqa: S608
            f"FROM {table} WHERE {table} MATCH %s ORDER BY {self.BM25}, rowid LIMIT %s"
        )
        match = f'{{answer}} : ({self.expression(query)}) AND {{filters}} : "user{user.pk}"'
        params = [START, STOP, self.EXCERPT_TOKENS, match, NOTES_LIMIT]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            excerpts = dict(cursor.fetchall())
        notes = (
            Note.objects.for_user(user)
            .filter(question__is_published=True)
            .select_related("question")
            .in_bulk(excerpts)
        )
        return [
            NoteHit(notes[pk], marked_html(excerpt))
            for pk, excerpt in excerpts.items()
            if pk in notes
        ]
