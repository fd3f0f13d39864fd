"""Faster search for words that match much of the bank (measured in docs/performance.md).

SQLite: 0003_search indexed the text only, so search joined questions_question for
is_published and level, which read each matching question's whole row (20 ms for a word in
10,000 questions). The question index is rebuilt with a `filters` column ("draft", the level, a
"topicN" per topic) that search matches inside FTS5 instead.

PostgreSQL: a GIN index on the prompt's own vector, so the prompt matches, which rank first,
are found without reading every matching row's full document.
"""

# ruff: noqa: S608 - every SQL fragment here is a constant of this file; none holds input.
from importlib import import_module

from django.db import migrations

# --- SQLite -------------------------------------------------------------------------------------

DROP = [
    "DROP TRIGGER IF EXISTS questions_topic_fts_rename",
    "DROP TRIGGER IF EXISTS questions_question_topics_fts_delete",
    "DROP TRIGGER IF EXISTS questions_question_topics_fts_insert",
    "DROP TRIGGER IF EXISTS questions_question_fts_delete",
    "DROP TRIGGER IF EXISTS questions_question_fts_update",
    "DROP TRIGGER IF EXISTS questions_question_fts_insert",
    "DROP TABLE IF EXISTS questions_question_fts",
    "DROP VIEW IF EXISTS questions_question_search_source",
]

# The text columns, then `filters`: "draft" for an unpublished question, its level and a
# "topicN" per topic, so search filters inside the index instead of joining questions_question.
COLUMNS = ["prompt", "summary", "topics", "why_asked", "strong_answer_points", "tip", "follow_ups"]
COLUMNS += ["answer", "filters"]
FTS_COLUMNS = ", ".join(COLUMNS)
TRIGGERING_COLUMNS = ", ".join(
    [column for column in COLUMNS if column not in {"topics", "filters"}]
    + ["is_published", "level"]
)
NAME, TOKEN = "t.name", "'topic' || t.id"


def per_topic(question: str, item: str, *, where: str = "", plus: str = "") -> str:
    """SQL: `item` for each of the question's topics, joined by spaces; `plus` adds one more."""
    rows = (
        f"SELECT {item} AS item FROM questions_question_topics qt JOIN questions_topic t "
        f"ON t.id = qt.topic_id WHERE qt.question_id = {question}{where}"
    )
    if plus:
        rows += f" UNION ALL {plus}"
    return f"(SELECT group_concat(item, ' ') FROM ({rows}))"


def indexed(row: str, *, name: str = NAME, where: str = "", plus: tuple[str, str] = ("", "")):
    """SQL: the values question `row` is indexed with, in column order.

    `name`, `where` and `plus` describe its topics as they were when it was indexed, for the
    triggers that run after a topic was added, removed or renamed.
    """
    tokens = per_topic(f"{row}.id", TOKEN, where=where, plus=plus[1])
    values = {
        column: f"{row}.{column}" for column in COLUMNS if column not in {"topics", "filters"}
    }
    values["topics"] = per_topic(f"{row}.id", name, where=where, plus=plus[0])
    values["filters"] = (
        f"(CASE WHEN {row}.is_published THEN '' ELSE 'draft ' END) || {row}.level || ' ' "
        f"|| coalesce({tokens}, '')"
    )
    return ", ".join(values[column] for column in COLUMNS)


def index_now(question_ids: str) -> str:
    return f"""INSERT INTO questions_question_fts(rowid, {FTS_COLUMNS})
            SELECT id, {FTS_COLUMNS} FROM questions_question_search_source
            WHERE id IN ({question_ids});"""


def reindex(question_ids: str, **was) -> str:
    """Remove questions' entries (indexed with topics as in `was`), then index them as they are."""
    return f"""
        INSERT INTO questions_question_fts(questions_question_fts, rowid, {FTS_COLUMNS})
            SELECT 'delete', q.id, {indexed("q", **was)}
            FROM questions_question q WHERE q.id IN ({question_ids});
        {index_now(question_ids)}"""


REMOVED_TOPIC = (
    "SELECT name FROM questions_topic WHERE id = old.topic_id",
    "SELECT 'topic' || old.topic_id",
)
NAME_BEFORE_THE_RENAME = "CASE WHEN t.id = new.id THEN old.name ELSE t.name END"
RENAMED_TOPIC_QUESTIONS = (
    "SELECT question_id FROM questions_question_topics WHERE topic_id = new.id"
)

FORWARD = [
    *DROP,
    f"""CREATE VIEW questions_question_search_source(id, {FTS_COLUMNS}) AS
        SELECT q.id, {indexed("q")} FROM questions_question q""",
    f"""CREATE VIRTUAL TABLE questions_question_fts USING fts5(
        {FTS_COLUMNS},
        content='questions_question_search_source', content_rowid='id',
        tokenize='porter unicode61 remove_diacritics 2')""",
    f"""CREATE TRIGGER questions_question_fts_insert AFTER INSERT ON questions_question BEGIN
        {index_now("new.id")}
    END""",
    # A question's own columns changed, not its topics: the current topics are the old ones.
    f"""CREATE TRIGGER questions_question_fts_update
        AFTER UPDATE OF {TRIGGERING_COLUMNS} ON questions_question BEGIN
        INSERT INTO questions_question_fts(questions_question_fts, rowid, {FTS_COLUMNS})
            VALUES ('delete', old.id, {indexed("old")});
        {index_now("new.id")}
    END""",
    f"""CREATE TRIGGER questions_question_fts_delete AFTER DELETE ON questions_question BEGIN
        INSERT INTO questions_question_fts(questions_question_fts, rowid, {FTS_COLUMNS})
            VALUES ('delete', old.id, {indexed("old")});
    END""",
    # AFTER triggers only: Django adds topics with INSERT OR IGNORE, and an ignored row fires
    # no AFTER trigger, so the index is touched only when a row really arrived or left.
    f"""CREATE TRIGGER questions_question_topics_fts_insert
        AFTER INSERT ON questions_question_topics BEGIN
        {reindex("new.question_id", where=" AND qt.id <> new.id")}
    END""",
    f"""CREATE TRIGGER questions_question_topics_fts_delete
        AFTER DELETE ON questions_question_topics BEGIN
        {reindex("old.question_id", plus=REMOVED_TOPIC)}
    END""",
    f"""CREATE TRIGGER questions_topic_fts_rename AFTER UPDATE OF name ON questions_topic
        WHEN old.name IS NOT new.name BEGIN
        {reindex(RENAMED_TOPIC_QUESTIONS, name=NAME_BEFORE_THE_RENAME)}
    END""",
    "INSERT INTO questions_question_fts(questions_question_fts) VALUES ('rebuild')",
]


def backward_statements() -> list[str]:
    """0003's question index again (its notes index was never touched)."""
    search = import_module("questions.migrations.0003_search")
    return DROP + [sql for sql in search.SQLITE_FORWARD if "questions_note" not in sql]


# --- PostgreSQL ---------------------------------------------------------------------------------

# Must read exactly as PostgresBackend.PROMPT in questions/search.py (Django's SearchVector),
# or the planner ignores it.
POSTGRES_FORWARD = [
    "CREATE INDEX questions_question_prompt_search ON questions_question "
    "USING gin (to_tsvector('english'::regconfig, COALESCE(prompt, '')))"
]
POSTGRES_BACKWARD = ["DROP INDEX IF EXISTS questions_question_prompt_search"]


def run(statements: dict[str, list[str]], schema_editor) -> None:
    for statement in statements.get(schema_editor.connection.vendor, []):
        schema_editor.execute(statement, params=None)


def forward(apps, schema_editor) -> None:
    run({"sqlite": FORWARD, "postgresql": POSTGRES_FORWARD}, schema_editor)


def backward(apps, schema_editor) -> None:
    run({"sqlite": backward_statements(), "postgresql": POSTGRES_BACKWARD}, schema_editor)


class Migration(migrations.Migration):
    dependencies = [("questions", "0004_study_loop")]

    operations = [migrations.RunPython(forward, backward, elidable=False)]
