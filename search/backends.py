"""The two search backends: SQLite FTS5 and PostgreSQL full-text search.

Both take a parsed Query (search.query) and answer the same four questions: how many published
questions match (capped), which ids rank on a page, each hit's title and excerpt with matches
marked, and which of a learner's notes match. Both also write the index (search.index calls
`write_question` and friends). `backend()` picks one from the database vendor.
"""

from dataclasses import dataclass
from functools import reduce
from operator import and_, or_

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVector
from django.db import NotSupportedError, connection
from django.db.models import F, Value
from django.utils.safestring import SafeString

from questions.models import Question
from search.models import QuestionDocument
from search.query import START, STOP, Filters, Query, Term, has_match, marked_html
from study.models import Note

# Counting stops here: "1,000+ questions" tells a learner as much as 48,213 and costs far less.
COUNT_LIMIT = 1_000
# Questions that match only outside the prompt are ranked among their newest this many: ranking
# reads every row it ranks, and a common word matches most of a big bank (docs/performance.md).
# At least COUNT_LIMIT, so every page the count promises is full.
RANK_LIMIT = 2_000
NOTES_LIMIT = 20
EXCERPT_SOURCE_CHARS = 3_000

# Column -> (PostgreSQL weight, SQLite bm25 weight). A prompt match counts ten answer matches.
WEIGHTS = {
    "prompt": ("A", 10.0),
    "summary": ("B", 5.0),
    "topics": ("B", 5.0),
    "reasoning": ("C", 2.0),
    "answer": ("D", 1.0),
}
HEAD_COLUMNS = ["prompt", "summary", "topics"]


@dataclass
class Hit:
    question: Question
    title: SafeString
    excerpt: SafeString


@dataclass
class NoteHit:
    note: Note
    excerpt: SafeString


def question_text(question: Question) -> dict[str, str]:
    """The text of each indexed column of `question` (its topics prefetched or fetched)."""
    return {
        "prompt": question.prompt,
        "summary": question.summary,
        "topics": " ".join(topic.name for topic in question.topics.all()),
        "reasoning": "\n".join(
            [question.why_asked, question.strong_answer_points, question.tip, question.follow_ups]
        ),
        "answer": question.answer,
    }


def round_token(round_type: str) -> str:
    """One FTS5 token per round type ("system_design" would split into two)."""
    return "round" + round_type.replace("_", "")


def filter_tokens(filters: Filters) -> list[str]:
    tokens = []
    if filters.level:
        tokens.append(filters.level)
    if filters.topic_id:
        tokens.append(f"topic{filters.topic_id}")
    if filters.round_type:
        tokens.append(round_token(filters.round_type))
    return tokens


def hit(question: Question, title: str, excerpt: str) -> Hit:
    """Title and excerpt HTML: the excerpt when it shows a match, else the summary."""
    return Hit(
        question,
        marked_html(title),
        marked_html(excerpt if has_match(excerpt) else question.summary),
    )


def listed_questions():
    """What a hit shows of its question: two queries (the questions, their topics)."""
    return Question.objects.only("slug", "prompt", "summary", "level").prefetch_related("topics")


class SQLiteBackend:
    """FTS5 table search_questiontext (search/migrations/0001_initial.py), text stored in it.

    rowid is the question's id for a question; a learner's note is stored at minus its id, with
    its body as the answer column and "note" and "user<id>" in the filters column. `filters`
    also holds "draft", the level, "round<type>" and "topic<id>" tokens; it never adds to a
    score, and filtering inside the index costs nothing per row.
    """

    TABLE = "search_questiontext"
    COLUMNS = [*WEIGHTS, "filters"]
    EXCERPT_COLUMNS = ["summary", "reasoning", "answer"]
    EXCERPT_TOKENS = 28
    BM25 = f"bm25({TABLE}, {', '.join(str(weight) for _, weight in WEIGHTS.values())}, 0)"

    # --- writing ---

    def write_question(self, question: Question) -> None:
        text = question_text(question)
        tokens = [
            question.level,
            round_token(question.round_type),
            *(f"topic{topic.pk}" for topic in question.topics.all()),
        ]
        if not question.is_published:
            tokens.append("draft")
        self.write(question.pk, [*text.values(), " ".join(tokens)])

    def delete_question(self, pk: int) -> None:
        self.delete(pk)

    def write_note(self, note: Note) -> None:
        self.write(-note.pk, ["", "", "", "", note.body, f"note user{note.user_id}"])

    def delete_note(self, pk: int) -> None:
        self.delete(-pk)

    def write(self, rowid: int, values: list[str]) -> None:
        columns = ", ".join(self.COLUMNS)
        marks = ", ".join(["%s"] * len(values))
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {self.TABLE} WHERE rowid = %s", [rowid])  # noqa: S608
            cursor.execute(
                f"INSERT INTO {self.TABLE} (rowid, {columns}) VALUES (%s, {marks})",  # noqa: S608
                [rowid, *values],
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

    def ranked_ids(self, query: Query, filters: Filters, start: int, stop: int) -> list[int]:
        """Questions that match in the prompt first, then the others, each group by bm25.

        bm25 costs about a microsecond per row it ranks, so ranking every match of a common
        word in a big bank would take 50 ms. The prompt matches usually fill the first page;
        the others are ranked only when a page reaches them, and only the newest RANK_LIMIT.
        """
        table, bm25 = self.TABLE, self.BM25
        in_prompt = self.match(query, filters, within="{prompt}")
        others = f"({self.match(query, filters)}) NOT ({in_prompt})"
        # The others start after the prompt matches on earlier pages.
        skip, skip_params = "%s", [0]
        if start:
            skip = f"max(0, %s - (SELECT count(*) FROM {table} WHERE {table} MATCH %s))"  # noqa: S608
            skip_params = [start, in_prompt]
        sql = (
            f"SELECT rowid FROM (SELECT rowid FROM {table} WHERE {table} MATCH %s "  # noqa: S608
            f"ORDER BY {bm25}, rowid LIMIT %s OFFSET %s) "
            f"UNION ALL SELECT rowid FROM (SELECT rowid FROM (SELECT rowid, {bm25} AS score "
            f"FROM {table} WHERE {table} MATCH %s ORDER BY rowid DESC LIMIT %s) "
            f"ORDER BY score, rowid LIMIT %s OFFSET {skip}) LIMIT %s"
        )
        size = stop - start
        params = [in_prompt, size, start, others, RANK_LIMIT, size, *skip_params, size]
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
        sql = (
            f"SELECT rowid, highlight({table}, 0, %s, %s), {snippets} "  # noqa: S608
            f"FROM {table} WHERE {table} MATCH %s AND rowid IN ({ids_sql})"
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


class PostgresBackend:
    """search.models.QuestionDocument with GIN indexes; notes are matched on the fly."""

    CONFIG = "english"
    # ts_rank weights for D, C, B, A (search.index.WEIGHTS letters).
    RANK_WEIGHTS = [0.1, 0.2, 0.4, 1.0]
    QUOTE_BREAKERS = str.maketrans({"'": " ", "\\": " "})

    # --- writing ---

    def vector(self, text: dict[str, str], columns) -> SearchVector:
        parts = [
            SearchVector(Value(text[column]), weight=WEIGHTS[column][0], config=self.CONFIG)
            for column in columns
        ]
        return reduce(lambda left, right: left + right, parts)

    def write_question(self, question: Question) -> None:
        text = question_text(question)
        document = {
            "vector": self.vector(text, WEIGHTS),
            "head": self.vector(text, HEAD_COLUMNS),
            "excerpt_source": "\n".join([text["summary"], text["reasoning"], text["answer"]])[
                :EXCERPT_SOURCE_CHARS
            ],
        }
        if not QuestionDocument.objects.filter(question=question).update(**document):
            QuestionDocument.objects.create(question=question, **document)

    def delete_question(self, pk: int) -> None:
        QuestionDocument.objects.filter(question_id=pk).delete()

    def write_note(self, note: Note) -> None:
        """Notes are matched on the fly (one learner's notes are few): nothing to write."""

    def delete_note(self, pk: int) -> None:
        """Nothing is stored for notes."""

    def clear(self) -> None:
        QuestionDocument.objects.all().delete()

    def optimize(self) -> None:
        """PostgreSQL's autovacuum keeps the GIN indexes in shape."""

    # --- reading ---

    def term(self, term: Term) -> SearchQuery:
        if term.prefix:
            # to_tsquery is the only way to say "starts with"; the text is one quoted lexeme
            # with the characters that could end the quoting removed.
            lexeme = term.text.translate(self.QUOTE_BREAKERS)
            return SearchQuery(f"'{lexeme}':*", search_type="raw", config=self.CONFIG)
        return SearchQuery(f'"{term.text}"', search_type="websearch", config=self.CONFIG)

    def search_query(self, query: Query):
        expression = reduce(and_, (reduce(or_, map(self.term, group)) for group in query.groups))
        for term in query.excluded:
            expression &= ~self.term(term)
        return expression

    def matching(self, query: Query, filters: Filters):
        documents = QuestionDocument.objects.filter(
            question__is_published=True, vector=self.search_query(query)
        )
        if filters.level:
            documents = documents.filter(question__level=filters.level)
        if filters.topic_id:
            documents = documents.filter(question__topics=filters.topic_id)
        if filters.round_type:
            documents = documents.filter(question__round_type=filters.round_type)
        return documents

    def count(self, query: Query, filters: Filters, limit: int) -> int:
        return self.matching(query, filters).order_by()[:limit].count()

    def ranked_ids(self, query: Query, filters: Filters, start: int, stop: int) -> list[int]:
        """Matches ranked by their small head vector (prompt, summary, topics), best first.

        Ranking the head reads a few hundred bytes per match instead of the whole answer's
        vector; a match only in the answer ranks 0 and falls back to newest first.
        """
        ranked = (
            self.matching(query, filters)
            .annotate(
                rank=SearchRank(F("head"), self.search_query(query), weights=self.RANK_WEIGHTS)
            )
            .order_by("-rank", "-question_id")
            .values_list("question_id", flat=True)
        )
        return list(ranked[start:stop])

    def headline(self, expression, query: Query, **options) -> SearchHeadline:
        return SearchHeadline(
            expression,
            self.search_query(query),
            config=self.CONFIG,
            start_sel=START,
            stop_sel=STOP,
            **options,
        )

    def hits(self, query: Query, ids: list[int]) -> list[Hit]:
        questions = (
            listed_questions()
            .filter(pk__in=ids)
            .annotate(
                title=self.headline("prompt", query, highlight_all=True),
                excerpt=self.headline(
                    "search_document__excerpt_source", query, max_words=30, min_words=15
                ),
            )
        )
        found = {question.pk: question for question in questions}
        return [hit(found[pk], found[pk].title, found[pk].excerpt) for pk in ids if pk in found]

    def notes(self, user, query: Query) -> list[NoteHit]:
        search_query = self.search_query(query)
        notes = (
            Note.objects.for_user(user)
            .filter(question__is_published=True)
            .annotate(document=SearchVector("body", config=self.CONFIG))
            .filter(document=search_query)
            .annotate(
                rank=SearchRank(F("document"), search_query),
                excerpt=self.headline("body", query, max_words=30, min_words=15),
            )
            .select_related("question")
            .order_by("-rank", "pk")[:NOTES_LIMIT]
        )
        return [NoteHit(note, marked_html(note.excerpt)) for note in notes]


BACKENDS = {"sqlite": SQLiteBackend(), "postgresql": PostgresBackend()}


def backend():
    try:
        return BACKENDS[connection.vendor]
    except KeyError:
        raise NotSupportedError(
            f"Search supports SQLite and PostgreSQL, not {connection.vendor}."
        ) from None
