"""Full-text search over the question bank and a learner's own notes.

    search_questions(text, *, level=None, topic=None) -> SearchResults  (Paginator-ready)
    search_notes(user, text) -> list[NoteHit]                           (that user's notes only)
    rebuild_index()                                     (what manage.py rebuild_search_index runs)

The user's text is parsed here into a small query (words, "phrases", prefix*, -excluded, OR)
and each backend writes that query in its own syntax, so raw input never reaches FTS5's MATCH
or PostgreSQL's to_tsquery. The backend follows the database vendor: SQLite FTS5 (bm25,
snippet) or PostgreSQL (websearch_to_tsquery, ts_rank, ts_headline, GIN indexes). Both are
kept current by triggers from questions/migrations/0003_search.py and 0005_search_filters.py;
docs/architecture.md ("Search") has the whole design.

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
from django.db.models import BooleanField, Expression, ExpressionWrapper, F, Q, TextField, Value
from django.db.models.functions import Concat
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from questions.models import Note, Question, Topic

MAX_QUERY_LENGTH = 200
# Counting stops here: "1,000+ questions" tells a learner as much as 48,213 and costs far less.
COUNT_LIMIT = 1_000
# On SQLite, questions that match only outside the prompt are ranked among their newest this
# many: bm25 reads every row it ranks, and a common word matches most of a big bank
# (docs/performance.md). At least COUNT_LIMIT, so every page the count promises is full.
RANK_LIMIT = 2_000
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

    @property
    def terms(self) -> list[Term]:
        return [term for group in self.groups for term in group] + list(self.excluded)


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
MARKDOWN_INLINE = re.compile(r"[*`]")  # emphasis, bold, inline code
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

    Paginator calls count() (one query) and slices one page: the ranked ids (one query, two on
    PostgreSQL when the page reaches past the prompt matches), then the questions with their
    excerpts and topics (three queries on SQLite, two on PostgreSQL). An empty query costs none.
    """

    def __init__(self, query: Query, *, level: str | None, topic: Topic | None) -> None:
        self.query, self.level, self.topic = query, level, topic
        self._count: int | None = None

    def count(self) -> int:
        """How many questions match, up to COUNT_LIMIT (see `more`)."""
        if self._count is None:
            limit = COUNT_LIMIT + 1
            self._count = (
                backend().count(self.query, self.level, self.topic, limit) if self.query else 0
            )
        return min(self._count, COUNT_LIMIT)

    @property
    def more(self) -> bool:
        """More questions match than count() says."""
        return self.count() < (self._count or 0)

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, page: slice) -> list[Hit]:
        if not self.query or page.stop <= page.start:
            return []
        engine = backend()
        ids = engine.ranked_ids(self.query, self.level, self.topic, page.start, page.stop)
        found = engine.questions(self.query, ids)
        return [
            Hit(question, *display(question, title, excerpt))
            for question, title, excerpt in (found[pk] for pk in ids if pk in found)
        ]


def listing():
    """What a hit shows of its question: two queries (the questions, their topics)."""
    return Question.objects.only("slug", "prompt", "summary", "level").prefetch_related("topics")


def display(question: Question, title: str, excerpt: str) -> tuple[SafeString, SafeString]:
    """Title and excerpt HTML: the excerpt when it shows a match, else the summary."""
    return marked_html(title), marked_html(excerpt if has_match(excerpt) else question.summary)


# --- SQLite FTS5 ---------------------------------------------------------------------------------


class SQLiteBackend:
    # Column order of questions_question_fts with bm25 weights: a prompt match counts ten answer
    # matches. `filters` holds "draft", the level and "topicN" tokens and never adds to a score.
    COLUMNS = {
        "prompt": 10.0,
        "summary": 5.0,
        "topics": 5.0,
        "why_asked": 2.0,
        "strong_answer_points": 2.0,
        "tip": 2.0,
        "follow_ups": 2.0,
        "answer": 1.0,
        "filters": 0.0,
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

    def expression(self, query: Query) -> str:
        """The FTS5 expression: every term a quoted string, so nothing typed is an operator."""
        expression = " AND ".join(
            "(" + " OR ".join(map(self.phrase, group)) + ")" for group in query.groups
        )
        if query.excluded:
            excluded = " OR ".join(map(self.phrase, query.excluded))
            expression = f"({expression}) NOT ({excluded})"
        return expression

    def match(self, query: Query, level, topic, *, within: str = "- {filters}") -> str:
        """The text columns must match; the filters column leaves out drafts and applies filters.

        Filtering inside the index costs nothing per row, where joining questions_question for
        is_published and level read each matching question's whole row.
        """
        match = f'({within} : ({self.expression(query)})) NOT {{filters}} : "draft"'
        if level:
            match += f" AND {{filters}} : {self.phrase(Term(level))}"
        if topic:
            match += f" AND {{filters}} : {self.phrase(Term(f'topic{topic.pk}'))}"
        return match

    COUNT = "SELECT count(*) FROM questions_question_fts WHERE questions_question_fts MATCH %s"
    COUNT_UP_TO = (
        "SELECT count(*) FROM (SELECT 1 FROM questions_question_fts "
        "WHERE questions_question_fts MATCH %s LIMIT %s)"
    )

    def count(self, query: Query, level, topic, limit: int) -> int:
        with connection.cursor() as cursor:
            cursor.execute(self.COUNT_UP_TO, [self.match(query, level, topic), limit])
            return cursor.fetchone()[0]

    BM25 = f"bm25(questions_question_fts, {', '.join(map(str, COLUMNS.values()))})"
    IN_PROMPT = (
        "SELECT rowid FROM (SELECT rowid FROM questions_question_fts "  # noqa: S608 - constants
        f"WHERE questions_question_fts MATCH %s ORDER BY {BM25}, rowid LIMIT %s OFFSET %s)"
    )
    OTHERS = (
        "SELECT rowid FROM (SELECT rowid FROM (SELECT rowid, "  # noqa: S608 - constants
        f"{BM25} AS score FROM questions_question_fts WHERE questions_question_fts MATCH %s "
        "ORDER BY rowid DESC LIMIT %s) ORDER BY score, rowid LIMIT %s OFFSET {offset})"
    )

    def ranked_ids(self, query: Query, level, topic, start: int, stop: int) -> list[int]:
        """Questions that match in the prompt first, then the others, each group by bm25.

        bm25 costs about a microsecond per row it ranks, so ranking every match of a common
        word in a big bank would take 50 ms. The prompt matches usually fill the first page;
        the others are ranked only when a page reaches them, and only the newest RANK_LIMIT.
        """
        in_prompt = self.match(query, level, topic, within="{prompt}")
        others = f"({self.match(query, level, topic)}) NOT ({in_prompt})"
        # The others start after the prompt matches on earlier pages; the first page starts
        # both groups at 0 and needs no count of the prompt matches.
        skip, skip_params = "%s", [0]
        if start:
            skip = f"max(0, %s - ({self.COUNT}))"
            skip_params = [start, in_prompt]
        sql = f"{self.IN_PROMPT} UNION ALL {self.OTHERS.format(offset=skip)} LIMIT %s"
        size = stop - start
        params = [in_prompt, size, start, others, RANK_LIMIT, size, *skip_params, size]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return [row[0] for row in cursor.fetchall()]

    def questions(self, query: Query, ids: list[int]) -> dict[int, tuple[Question, str, str]]:
        """Per id: the question, its prompt and its best excerpt, matches between START/STOP."""
        excerpts = self.excerpts(query, ids)
        return {
            pk: (question, *excerpts.get(pk, (question.prompt, "")))
            for pk, question in listing().in_bulk(ids).items()
        }

    def excerpts(self, query: Query, ids: list[int]) -> dict[int, tuple[str, str]]:
        if not ids:
            return {}
        columns = list(self.COLUMNS)
        snippets = ", ".join(
            f"snippet(questions_question_fts, {columns.index(column)}, %s, %s, '…', "
            f"{self.EXCERPT_TOKENS})"
            for column in self.EXCERPT_COLUMNS
        )
        ids_sql = ", ".join(["%s"] * len(ids))
        where, where_params = f"rowid IN ({ids_sql})", ids
        if any(term.prefix for term in query.terms):
            # FTS5 would expand the prefix ("conf*" to every word it starts) once per id;
            # one pass over the matches between the lowest and highest id expands it once.
            # The unary + keeps SQLite from handing the IN list to FTS5.
            where = f"rowid BETWEEN %s AND %s AND +rowid IN ({ids_sql})"
            where_params = [min(ids), max(ids), *ids]
        sql = (
            "SELECT rowid, highlight(questions_question_fts, 0, %s, %s), "  # noqa: S608
            f"{snippets} FROM questions_question_fts "
            f"WHERE questions_question_fts MATCH %s AND {where}"
        )
        params = [START, STOP] * (1 + len(self.EXCERPT_COLUMNS))
        params += [self.expression(query), *where_params]
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
        params = [START, STOP, self.EXCERPT_TOKENS, self.expression(query), user.pk, NOTES_LIMIT]
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


class StoredDocument(Expression):
    """questions_question.search_document, the tsvector a trigger keeps (0003_search).

    Not a model field, so Django never writes it and the admin never shows it; written with
    the query's own table alias so that it works inside subqueries too.
    """

    output_field = SearchVectorField()

    def as_sql(self, compiler, connection):
        alias = compiler.quote_name(compiler.query.get_initial_alias())
        return f"{alias}.search_document", ()


class PostgresBackend:
    CONFIG = "english"
    # ts_rank weights for D (answer), C (reasoning), B (summary, topics), A (prompt).
    WEIGHTS = [0.1, 0.2, 0.4, 1.0]
    DOCUMENT = StoredDocument()
    # The prompt's own vector, as the GIN index from 0005_search_filters is defined.
    PROMPT = SearchVector("prompt", config=CONFIG)
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

    def count(self, query: Query, level, topic, limit: int) -> int:
        return self.matching(query, level, topic).order_by()[:limit].count()

    def ranked_ids(self, query: Query, level, topic, start: int, stop: int) -> list[int]:
        """Questions that match in the prompt first, then the others, each group by ts_rank.

        As on SQLite: ranking reads each matching row's stored vector (several kilobytes), so
        a common word would cost hundreds of milliseconds ranked as one group. Prompt matches
        come from their own small GIN index (0005_search_filters) and usually fill page one.
        """
        search_query = self.search_query(query)
        in_prompt = Q(prompt_document=search_query)
        ranked = (
            self.matching(query, level, topic)
            .alias(prompt_document=self.PROMPT)
            .annotate(rank=SearchRank(F("document"), search_query, weights=self.WEIGHTS))
            .values_list("pk", flat=True)
        )
        ids = list(ranked.filter(in_prompt).order_by("-rank", "pk")[start:stop])
        if len(ids) == stop - start:
            return ids
        # The page reaches past the prompt matches: rank them all, prompt matches first. (No
        # RANK_LIMIT here: choosing the newest matches costs PostgreSQL as much as ranking.)
        first = ExpressionWrapper(in_prompt, output_field=BooleanField())
        return list(ranked.order_by(first.desc(), "-rank", "pk")[start:stop])

    def headline(self, expression, query: Query, **options) -> SearchHeadline:
        return SearchHeadline(
            expression,
            self.search_query(query),
            config=self.CONFIG,
            start_sel=START,
            stop_sel=STOP,
            **options,
        )

    def questions(self, query: Query, ids: list[int]) -> dict[int, tuple[Question, str, str]]:
        """Per id: the question, its prompt and its best excerpt, matches between START/STOP."""
        body = Concat(
            *(part for field in SQLiteBackend.EXCERPT_COLUMNS for part in (F(field), Value("\n"))),
            output_field=TextField(),
        )
        questions = (
            listing()
            .filter(pk__in=ids)
            .annotate(
                title=self.headline("prompt", query, highlight_all=True),
                excerpt=self.headline(body, query, max_words=30, min_words=15),
            )
        )
        return {question.pk: (question, question.title, question.excerpt) for question in questions}

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
            for index in ["questions_question_search_gin", "questions_question_prompt_search"]:
                cursor.execute(f"REINDEX INDEX {index}")


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
