"""Full-text search indexes, kept current by triggers so an admin edit is searchable at once.

SQLite: FTS5 external-content tables. Questions are indexed from a view that adds the question's
topic names; notes straight from questions_note. FTS5 removes a row by being given the exact
values it indexed, so every trigger rebuilds the *old* values (old.* plus the topic names as they
were) before indexing the new ones.

PostgreSQL: a tsvector column on questions_question with a GIN index, set by a trigger (a
generated column cannot read topic names from another table). Notes need no index: search reads
one learner's notes only.

questions/search.py queries these; `manage.py rebuild_search_index` repopulates them.
"""

# ruff: noqa: S608 - every SQL fragment here is a constant of this file; none holds input.
from django.db import migrations

# --- SQLite -------------------------------------------------------------------------------------

COLUMNS = [
    "prompt",
    "summary",
    "topics",
    "why_asked",
    "strong_answer_points",
    "tip",
    "follow_ups",
    "answer",
]
FTS_COLUMNS = ", ".join(COLUMNS)


def topic_names(question: str, *, names: str = "t.name", where: str = "") -> str:
    """SQL for a question's topic names joined by spaces (NULL when it has none)."""
    return (
        f"(SELECT group_concat({names}, ' ') FROM questions_question_topics qt "
        f"JOIN questions_topic t ON t.id = qt.topic_id WHERE qt.question_id = {question}{where})"
    )


def old_values(row: str, topics: str) -> str:
    """The values a question was indexed with: `row`'s text columns and the given topic names."""
    return ", ".join(topics if column == "topics" else f"{row}.{column}" for column in COLUMNS)


def reindex(question_ids: str, *, old_topics: str) -> str:
    """Remove questions' index entries (indexed with `old_topics`), then index them as they are."""
    return f"""
        INSERT INTO questions_question_fts(questions_question_fts, rowid, {FTS_COLUMNS})
            SELECT 'delete', q.id, {old_values("q", old_topics)}
            FROM questions_question q WHERE q.id IN ({question_ids});
        INSERT INTO questions_question_fts(rowid, {FTS_COLUMNS})
            SELECT id, {FTS_COLUMNS} FROM questions_question_search_source
            WHERE id IN ({question_ids});"""


TEXT_COLUMNS = ", ".join(column for column in COLUMNS if column != "topics")
TOPICS_WITHOUT_THE_NEW_ONE = topic_names("q.id", where=" AND qt.id <> new.id")
TOPICS_WITH_THE_REMOVED_ONE = (
    "(SELECT group_concat(name, ' ') FROM (SELECT t.name FROM questions_question_topics qt"
    " JOIN questions_topic t ON t.id = qt.topic_id WHERE qt.question_id = q.id"
    " UNION ALL SELECT name FROM questions_topic WHERE id = old.topic_id))"
)
RENAMED_TOPIC_QUESTIONS = (
    "SELECT question_id FROM questions_question_topics WHERE topic_id = new.id"
)
TOPICS_BEFORE_THE_RENAME = topic_names(
    "q.id", names="CASE WHEN t.id = new.id THEN old.name ELSE t.name END"
)

SQLITE_FORWARD = [
    f"""CREATE VIEW questions_question_search_source AS
        SELECT q.id, q.prompt, q.summary, {topic_names("q.id")} AS topics, q.why_asked,
               q.strong_answer_points, q.tip, q.follow_ups, q.answer
        FROM questions_question q""",
    f"""CREATE VIRTUAL TABLE questions_question_fts USING fts5(
        {FTS_COLUMNS},
        content='questions_question_search_source', content_rowid='id',
        tokenize='porter unicode61 remove_diacritics 2')""",
    f"""CREATE TRIGGER questions_question_fts_insert AFTER INSERT ON questions_question BEGIN
        INSERT INTO questions_question_fts(rowid, {FTS_COLUMNS})
            SELECT id, {FTS_COLUMNS} FROM questions_question_search_source WHERE id = new.id;
    END""",
    # Topic names do not change with the question's own columns: the current ones are the old.
    f"""CREATE TRIGGER questions_question_fts_update
        AFTER UPDATE OF {TEXT_COLUMNS} ON questions_question BEGIN
        INSERT INTO questions_question_fts(questions_question_fts, rowid, {FTS_COLUMNS})
            VALUES ('delete', old.id, {old_values("old", topic_names("old.id"))});
        INSERT INTO questions_question_fts(rowid, {FTS_COLUMNS})
            SELECT id, {FTS_COLUMNS} FROM questions_question_search_source WHERE id = new.id;
    END""",
    f"""CREATE TRIGGER questions_question_fts_delete AFTER DELETE ON questions_question BEGIN
        INSERT INTO questions_question_fts(questions_question_fts, rowid, {FTS_COLUMNS})
            VALUES ('delete', old.id, {old_values("old", topic_names("old.id"))});
    END""",
    # AFTER triggers only: Django adds topics with INSERT OR IGNORE, and an ignored row fires
    # no AFTER trigger, so the index is touched only when a row really arrived or left.
    f"""CREATE TRIGGER questions_question_topics_fts_insert
        AFTER INSERT ON questions_question_topics BEGIN
        {reindex("new.question_id", old_topics=TOPICS_WITHOUT_THE_NEW_ONE)}
    END""",
    f"""CREATE TRIGGER questions_question_topics_fts_delete
        AFTER DELETE ON questions_question_topics BEGIN
        {reindex("old.question_id", old_topics=TOPICS_WITH_THE_REMOVED_ONE)}
    END""",
    f"""CREATE TRIGGER questions_topic_fts_rename AFTER UPDATE OF name ON questions_topic
        WHEN old.name IS NOT new.name BEGIN
        {reindex(RENAMED_TOPIC_QUESTIONS, old_topics=TOPICS_BEFORE_THE_RENAME)}
    END""",
    "INSERT INTO questions_question_fts(questions_question_fts) VALUES ('rebuild')",
    """CREATE VIRTUAL TABLE questions_note_fts USING fts5(
        body, content='questions_note', content_rowid='id',
        tokenize='porter unicode61 remove_diacritics 2')""",
    """CREATE TRIGGER questions_note_fts_insert AFTER INSERT ON questions_note BEGIN
        INSERT INTO questions_note_fts(rowid, body) VALUES (new.id, new.body);
    END""",
    """CREATE TRIGGER questions_note_fts_update AFTER UPDATE OF body ON questions_note BEGIN
        INSERT INTO questions_note_fts(questions_note_fts, rowid, body)
            VALUES ('delete', old.id, old.body);
        INSERT INTO questions_note_fts(rowid, body) VALUES (new.id, new.body);
    END""",
    """CREATE TRIGGER questions_note_fts_delete AFTER DELETE ON questions_note BEGIN
        INSERT INTO questions_note_fts(questions_note_fts, rowid, body)
            VALUES ('delete', old.id, old.body);
    END""",
    "INSERT INTO questions_note_fts(questions_note_fts) VALUES ('rebuild')",
]

SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS questions_note_fts_delete",
    "DROP TRIGGER IF EXISTS questions_note_fts_update",
    "DROP TRIGGER IF EXISTS questions_note_fts_insert",
    "DROP TABLE IF EXISTS questions_note_fts",
    "DROP TRIGGER IF EXISTS questions_topic_fts_rename",
    "DROP TRIGGER IF EXISTS questions_question_topics_fts_delete",
    "DROP TRIGGER IF EXISTS questions_question_topics_fts_insert",
    "DROP TRIGGER IF EXISTS questions_question_fts_delete",
    "DROP TRIGGER IF EXISTS questions_question_fts_update",
    "DROP TRIGGER IF EXISTS questions_question_fts_insert",
    "DROP TABLE IF EXISTS questions_question_fts",
    "DROP VIEW IF EXISTS questions_question_search_source",
]

# --- PostgreSQL ---------------------------------------------------------------------------------

# No trigger names a column (UPDATE OF, WHEN): PostgreSQL would then refuse to alter that
# column's type in a later migration. The functions compare old and new values instead.
POSTGRES_FORWARD = [
    "ALTER TABLE questions_question ADD COLUMN search_document tsvector",
    # Weights: A the prompt, B the summary and topic names, C the reasoning, D the answer.
    """CREATE FUNCTION questions_question_search_document(q questions_question)
    RETURNS tsvector LANGUAGE sql STABLE AS $$
        SELECT setweight(to_tsvector('english', coalesce(q.prompt, '')), 'A')
            || setweight(to_tsvector('english', concat_ws(' ', q.summary,
                (SELECT string_agg(t.name, ' ') FROM questions_question_topics qt
                 JOIN questions_topic t ON t.id = qt.topic_id WHERE qt.question_id = q.id))), 'B')
            || setweight(to_tsvector('english', concat_ws(' ', q.why_asked,
                q.strong_answer_points, q.tip, q.follow_ups)), 'C')
            || setweight(to_tsvector('english', coalesce(q.answer, '')), 'D')
    $$""",
    """CREATE FUNCTION questions_question_search_row() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'INSERT' OR (NEW.prompt, NEW.summary, NEW.why_asked,
                NEW.strong_answer_points, NEW.tip, NEW.follow_ups, NEW.answer)
            IS DISTINCT FROM (OLD.prompt, OLD.summary, OLD.why_asked,
                OLD.strong_answer_points, OLD.tip, OLD.follow_ups, OLD.answer) THEN
            NEW.search_document := questions_question_search_document(NEW);
        END IF;
        RETURN NEW;
    END $$""",
    """CREATE TRIGGER questions_question_search BEFORE INSERT OR UPDATE ON questions_question
        FOR EACH ROW EXECUTE FUNCTION questions_question_search_row()""",
    """CREATE FUNCTION questions_question_search_topics() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_TABLE_NAME = 'questions_topic' THEN
            IF NEW.name IS DISTINCT FROM OLD.name THEN
                UPDATE questions_question q
                SET search_document = questions_question_search_document(q)
                WHERE q.id IN (SELECT question_id FROM questions_question_topics
                               WHERE topic_id = NEW.id);
            END IF;
        ELSIF TG_OP = 'DELETE' THEN
            UPDATE questions_question q SET search_document = questions_question_search_document(q)
            WHERE q.id = OLD.question_id;
        ELSE
            UPDATE questions_question q SET search_document = questions_question_search_document(q)
            WHERE q.id = NEW.question_id;
        END IF;
        RETURN NULL;
    END $$""",
    """CREATE TRIGGER questions_question_topics_search AFTER INSERT OR DELETE
        ON questions_question_topics FOR EACH ROW
        EXECUTE FUNCTION questions_question_search_topics()""",
    """CREATE TRIGGER questions_topic_search AFTER UPDATE ON questions_topic
        FOR EACH ROW EXECUTE FUNCTION questions_question_search_topics()""",
    "UPDATE questions_question q SET search_document = questions_question_search_document(q)",
    "CREATE INDEX questions_question_search_gin ON questions_question USING gin (search_document)",
]

POSTGRES_BACKWARD = [
    "DROP TRIGGER IF EXISTS questions_topic_search ON questions_topic",
    "DROP TRIGGER IF EXISTS questions_question_topics_search ON questions_question_topics",
    "DROP TRIGGER IF EXISTS questions_question_search ON questions_question",
    "DROP FUNCTION IF EXISTS questions_question_search_topics()",
    "DROP FUNCTION IF EXISTS questions_question_search_row()",
    "DROP FUNCTION IF EXISTS questions_question_search_document(questions_question)",
    "ALTER TABLE questions_question DROP COLUMN IF EXISTS search_document",
]

STATEMENTS = {
    "sqlite": (SQLITE_FORWARD, SQLITE_BACKWARD),
    "postgresql": (POSTGRES_FORWARD, POSTGRES_BACKWARD),
}


def run(statements: list[str], schema_editor) -> None:
    for statement in statements:
        schema_editor.execute(statement, params=None)


def forward(apps, schema_editor) -> None:
    # Other databases have no index and questions/search.py refuses them with a clear error.
    if schema_editor.connection.vendor in STATEMENTS:
        run(STATEMENTS[schema_editor.connection.vendor][0], schema_editor)


def backward(apps, schema_editor) -> None:
    if schema_editor.connection.vendor in STATEMENTS:
        run(STATEMENTS[schema_editor.connection.vendor][1], schema_editor)


class Migration(migrations.Migration):
    dependencies = [("questions", "0002_user_study_data")]

    operations = [migrations.RunPython(forward, backward, elidable=False)]
