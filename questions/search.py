"""Full-text search over the question bank and a learner's own notes.

    search_questions(text, *, level=None, topic=None) -> SearchResults  (Paginator-ready)
    search_notes(user, text) -> list[NoteHit]                           (that user's notes only)
    rebuild_index()                                     (what manage.py rebuild_search_index runs)

The user's text is parsed here into a small query (words, "phrases", prefix*, -excluded, OR)
and each backend writes that query in its own syntax, so raw input never reaches FTS5's MATCH
or PostgreSQL's to_tsquery. The backend follows the database vendor: SQLite FTS5 (bm25,
snippet) or PostgreSQL (websearch_to_tsquery, ts_rank, ts_headline, a GIN index). Both indexes
are kept current by triggers from questions/migrations/0003_search.py.

Excerpts come back from the database with control characters around each match; they are
HTML-escaped first and only then are those characters turned into <mark> elements.
"""

import re
from dataclasses import dataclass
from functools import reduce
from operator import and_, or_

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVector,
    SearchVectorField,
)
from django.db import NotSupportedError, connection
from django.db.models import F, TextField, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Concat
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from questions.models import Note, Question, Topic

MAX_QUERY_LENGTH = 200
NOTES_LIMIT = 20
START, STOP = "\x02", "\x03"  # around each match in an excerpt; never in cleaned input

# --- Parsing the user's text ---------------------------------------------------------------------

CONTROL = re.compile(r"[\x00-\x1f\x7f]+")
TOKEN = re.compile(r'(?P<minus>-?)(?:"(?P<phrase>[^"]*)"?(?P<star>\*?)|(?P<word>[^\s"]+))')
WORDY = re.compile(r"[^\W_]")  # a letter or digit: a chunk without one has nothing to find


@dataclass(frozen=True)
class Term:
    """A word or phrase as the user typed it (the backend's tokenizer splits it)."""

    text: str
    prefix: bool = False


@dataclass(frozen=True)
class Query:
    """Every group must match; a group matches when any of its terms does (OR)."""

    text: str
    groups: tuple[tuple[Term, ...], ...] = ()
    excluded: tuple[Term, ...] = ()
    truncated: bool = False

    def __bool__(self) -> bool:
        return bool(self.groups)


def parse_query(text: str) -> Query:
    text = " ".join(CONTROL.sub(" ", text or "").split())
    truncated = len(text) > MAX_QUERY_LENGTH
    text = text[:MAX_QUERY_LENGTH]
    groups: list[list[Term]] = []
    excluded: list[Term] = []
    joining = after_term = False
    for match in TOKEN.finditer(text):
        if match["word"] == "OR" and not match["minus"]:
            joining = after_term
            continue
        if match["word"] is not None:
            word = match["word"].lstrip("-+")
            term = Term(word.strip("*"), prefix=word.endswith("*"))
        else:
            term = Term(match["phrase"].strip(), prefix=bool(match["star"]))
        if not WORDY.search(term.text):
            continue
        if match["minus"]:
            excluded.append(term)
            joining = after_term = False
        elif joining:
            groups[-1].append(term)
            joining = False
        else:
            groups.append([term])
            after_term = True
    return Query(
        text=text,
        groups=tuple(tuple(group) for group in groups),
        excluded=tuple(excluded),
        truncated=truncated,
    )


# --- Results -------------------------------------------------------------------------------------

MARKED = re.compile(f"{START}([^{START}{STOP}]*){STOP}")
MARKDOWN_BLOCKS = re.compile(r"```\w*|^#+\s", re.MULTILINE)
MARKDOWN_INLINE = re.compile(r"\*\*|`")
SPACE = re.compile(r"\s+")


def plain(text: str) -> str:
    """Excerpt text without Markdown punctuation or stray match markers, on one line."""
    text = MARKDOWN_INLINE.sub("", MARKDOWN_BLOCKS.sub(" ", text))
    return SPACE.sub(" ", text.replace(START, "").replace(STOP, ""))


def marked_html(text: str) -> SafeString:
    """Escape an excerpt, then wrap each marked match in <mark>."""
    parts, position = [], 0
    for match in MARKED.finditer(text):
        parts.append(escape(plain(text[position : match.start()])))
        parts.append(f"<mark>{escape(plain(match[1]))}</mark>")
        position = match.end()
    parts.append(escape(plain(text[position:])))
    return mark_safe("".join(parts).strip())  # noqa: S308 - every part is escaped


def has_match(text: str) -> bool:
    return bool(MARKED.search(text))


@dataclass
class Hit:
    question: Question
    title: SafeString
    excerpt: SafeString


@dataclass
class NoteHit:
    note: Note
    excerpt: SafeString


class SearchResults:
    """The hits for a query, best first, fetched a page at a time.

    Paginator calls count() (one query) and slices one page (three queries, plus two for the
    questions' sources and topics); an empty query costs none.
    """

    def __init__(self, query: Query, *, level: str | None, topic: Topic | None) -> None:
        self.query, self.level, self.topic = query, level, topic
        self._count: int | None = None

    def count(self) -> int:
        if self._count is None:
            self._count = backend().count(self.query, self.level, self.topic) if self.query else 0
        return self._count

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, page: slice) -> list[Hit]:
        if not self.query or page.stop <= page.start:
            return []
        engine = backend()
        ids = engine.ranked_ids(self.query, self.level, self.topic, page.start, page.stop)
        excerpts = engine.excerpts(self.query, ids)
        questions = Question.objects.for_listing().in_bulk(ids)
        hits = []
        for pk in ids:
            if question := questions.get(pk):
                title, excerpt = excerpts.get(pk, (question.prompt, ""))
                hits.append(Hit(question, *display(question, title, excerpt)))
        return hits


def display(question: Question, title: str, excerpt: str) -> tuple[SafeString, SafeString]:
    """Title and excerpt HTML: the excerpt when it shows a match, else the summary."""
    return marked_html(title), marked_html(excerpt if has_match(excerpt) else question.summary)


# --- SQLite FTS5 ---------------------------------------------------------------------------------


class SQLiteBackend:
    # Column order of questions_question_fts; bm25 weights: a prompt match counts ten answer ones.
    COLUMNS = {
        "prompt": 10.0,
        "summary": 5.0,
        "topics": 5.0,
        "why_asked": 2.0,
        "strong_answer_points": 2.0,
        "tip": 2.0,
        "follow_ups": 2.0,
        "answer": 1.0,
    }
    EXCERPT_COLUMNS = [
        "summary",
        "why_asked",
        "strong_answer_points",
        "tip",
        "follow_ups",
        "answer",
    ]
    EXCERPT_TOKENS = 28

    @staticmethod
    def phrase(term: Term) -> str:
        quoted = '"' + term.text.replace('"', '""') + '"'
        return quoted + " *" if term.prefix else quoted

    def match(self, query: Query) -> str:
        """The FTS5 expression: every term a quoted string, so nothing typed is an operator."""
        expression = " AND ".join(
            "(" + " OR ".join(map(self.phrase, group)) + ")" for group in query.groups
        )
        if query.excluded:
            excluded = " OR ".join(map(self.phrase, query.excluded))
            expression = f"({expression}) NOT ({excluded})"
        return expression

    def where(self, query: Query, level: str | None, topic: Topic | None):
        sql = "questions_question_fts MATCH %s AND q.is_published"
        params: list = [self.match(query)]
        if level:
            sql += " AND q.level = %s"
            params.append(level)
        if topic:
            sql += (
                " AND EXISTS (SELECT 1 FROM questions_question_topics qt"
                " WHERE qt.question_id = q.id AND qt.topic_id = %s)"
            )
            params.append(topic.pk)
        return sql, params

    FROM = "questions_question_fts JOIN questions_question q ON q.id = questions_question_fts.rowid"

    def count(self, query: Query, level: str | None, topic: Topic | None) -> int:
        where, params = self.where(query, level, topic)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT count(*) FROM {self.FROM} WHERE {where}", params)  # noqa: S608
            return cursor.fetchone()[0]

    def ranked_ids(self, query: Query, level, topic, start: int, stop: int) -> list[int]:
        where, params = self.where(query, level, topic)
        weights = ", ".join(str(weight) for weight in self.COLUMNS.values())
        sql = (
            f"SELECT q.id FROM {self.FROM} WHERE {where} "  # noqa: S608 - constants only
            f"ORDER BY bm25(questions_question_fts, {weights}), q.id LIMIT %s OFFSET %s"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [*params, stop - start, start])
            return [row[0] for row in cursor.fetchall()]

    def excerpts(self, query: Query, ids: list[int]) -> dict[int, tuple[str, str]]:
        """Per question: the prompt and the best excerpt, matches between START and STOP."""
        if not ids:
            return {}
        columns = list(self.COLUMNS)
        snippets = ", ".join(
            f"snippet(questions_question_fts, {columns.index(column)}, %s, %s, '…', "
            f"{self.EXCERPT_TOKENS})"
            for column in self.EXCERPT_COLUMNS
        )
        sql = (
            "SELECT rowid, highlight(questions_question_fts, 0, %s, %s), "  # noqa: S608
            f"{snippets} FROM questions_question_fts "
            f"WHERE questions_question_fts MATCH %s AND rowid IN ({', '.join(['%s'] * len(ids))})"
        )
        params = [START, STOP] * (1 + len(self.EXCERPT_COLUMNS)) + [self.match(query), *ids]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        result = {}
        for pk, title, *snippets in rows:
            # The column with the most matches; the earlier one (summary first) on a tie.
            result[pk] = (title, max(snippets, key=lambda snippet: snippet.count(START)))
        return result

    def notes(self, user, query: Query) -> list[NoteHit]:
        sql = (
            "SELECT n.id, snippet(questions_note_fts, 0, %s, %s, '…', %s) "
            "FROM questions_note_fts JOIN questions_note n ON n.id = questions_note_fts.rowid "
            "JOIN questions_question q ON q.id = n.question_id "
            "WHERE questions_note_fts MATCH %s AND n.user_id = %s AND q.is_published "
            "ORDER BY bm25(questions_note_fts), n.id LIMIT %s"
        )
        params = [START, STOP, self.EXCERPT_TOKENS, self.match(query), user.pk, NOTES_LIMIT]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            excerpts = dict(cursor.fetchall())
        notes = Note.objects.for_user(user).select_related("question").in_bulk(excerpts)
        return [NoteHit(notes[pk], marked_html(excerpt)) for pk, excerpt in excerpts.items()]

    def rebuild(self) -> None:
        with connection.cursor() as cursor:
            for table in ["questions_question_fts", "questions_note_fts"]:
                cursor.execute(f"INSERT INTO {table}({table}) VALUES ('rebuild')")  # noqa: S608
                cursor.execute(f"INSERT INTO {table}({table}) VALUES ('optimize')")  # noqa: S608


# --- PostgreSQL ----------------------------------------------------------------------------------


class PostgresBackend:
    CONFIG = "english"
    # ts_rank weights for D (answer), C (reasoning), B (summary, topics), A (prompt).
    WEIGHTS = [0.1, 0.2, 0.4, 1.0]
    # The trigger-maintained column from the migration; not a model field, so Django never
    # writes it and the admin never shows it.
    DOCUMENT = RawSQL(
        '"questions_question"."search_document"', (), output_field=SearchVectorField()
    )
    NOT_QUERY_SYNTAX = re.compile(r"['\\]")

    def term(self, term: Term) -> SearchQuery:
        if term.prefix:
            # to_tsquery is the only way to say "starts with"; the text is one quoted lexeme
            # with the characters that could end the quoting removed.
            lexeme = self.NOT_QUERY_SYNTAX.sub(" ", term.text)
            return SearchQuery(f"'{lexeme}':*", search_type="raw", config=self.CONFIG)
        return SearchQuery(f'"{term.text}"', search_type="websearch", config=self.CONFIG)

    def search_query(self, query: Query):
        expression = reduce(and_, (reduce(or_, map(self.term, group)) for group in query.groups))
        for term in query.excluded:
            expression &= ~self.term(term)
        return expression

    def matching(self, query: Query, level: str | None, topic: Topic | None):
        questions = Question.objects.published().alias(document=self.DOCUMENT)
        if level:
            questions = questions.for_level(level)
        if topic:
            questions = questions.for_topic(topic)
        return questions.filter(document=self.search_query(query))

    def count(self, query: Query, level: str | None, topic: Topic | None) -> int:
        return self.matching(query, level, topic).count()

    def ranked_ids(self, query: Query, level, topic, start: int, stop: int) -> list[int]:
        rank = SearchRank(F("document"), self.search_query(query), weights=self.WEIGHTS)
        return list(
            self.matching(query, level, topic)
            .annotate(rank=rank)
            .order_by("-rank", "pk")
            .values_list("pk", flat=True)[start:stop]
        )

    def headline(self, expression, query: Query, **options) -> SearchHeadline:
        return SearchHeadline(
            expression,
            self.search_query(query),
            config=self.CONFIG,
            start_sel=START,
            stop_sel=STOP,
            **options,
        )

    def excerpts(self, query: Query, ids: list[int]) -> dict[int, tuple[str, str]]:
        """Per question: the prompt and the best excerpt, matches between START and STOP."""
        body = Concat(
            *(part for field in SQLiteBackend.EXCERPT_COLUMNS for part in (F(field), Value("\n"))),
            output_field=TextField(),
        )
        rows = (
            Question.objects.filter(pk__in=ids)
            .annotate(
                title=self.headline("prompt", query, highlight_all=True),
                excerpt=self.headline(body, query, max_words=30, min_words=15),
            )
            .values_list("pk", "title", "excerpt")
        )
        return {pk: (title, excerpt) for pk, title, excerpt in rows}

    def notes(self, user, query: Query) -> list[NoteHit]:
        # One learner's notes are few: a vector computed on the fly needs no index.
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

    def rebuild(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE questions_question q "
                "SET search_document = questions_question_search_document(q)"
            )
            cursor.execute("REINDEX INDEX questions_question_search_gin")


BACKENDS = {"sqlite": SQLiteBackend(), "postgresql": PostgresBackend()}


def backend():
    try:
        return BACKENDS[connection.vendor]
    except KeyError:
        raise NotSupportedError(
            f"Search supports SQLite and PostgreSQL, not {connection.vendor}."
        ) from None


# --- The interface -------------------------------------------------------------------------------


def search_questions(
    text: str, *, level: str | None = None, topic: Topic | None = None
) -> SearchResults:
    """Published questions matching `text`, best first; `results.query` is what was searched."""
    return SearchResults(parse_query(text), level=level, topic=topic)


def search_notes(user, text: str) -> list[NoteHit]:
    """`user`'s own notes matching `text`, best first (at most NOTES_LIMIT); none for visitors."""
    query = parse_query(text)
    if not query or not user.is_authenticated:
        return []
    return backend().notes(user, query)


def rebuild_index() -> None:
    """Re-index every question and note (the triggers keep them current; this repairs)."""
    backend().rebuild()
