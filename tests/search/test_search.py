"""Search: the same tests run on SQLite (FTS5) and on PostgreSQL (TEST_DATABASE_URL)."""

import copy
import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from questions.models import Question
from search.backends import SQLiteBackend, backend, question_text
from search.index import search_notes, search_questions
from search.models import QuestionDocument
from search.query import MAX_QUERY_LENGTH, Filters, parse_query
from tests.factories import NoteFactory, QuestionFactory, TopicFactory

pytestmark = pytest.mark.django_db


def found(text: str, **filters) -> list[str]:
    """The prompts of every question the search finds, best first."""
    results = search_questions(text, **filters)
    return [hit.question.prompt for hit in results[0 : results.count()]]


# Queries the search page's time limit adds inside a test's transaction on PostgreSQL: savepoint,
# read, set and restore of statement_timeout, release (a request outside a transaction adds one).
TIME_LIMIT_QUERIES = {"postgresql": 5}


def page_queries(count: int) -> int:
    return count + TIME_LIMIT_QUERIES.get(connection.vendor, 0)


def search_page(client, **params):
    return client.get(reverse("search"), params)


def assert_index_matches_the_data() -> None:
    """The index holds exactly one up-to-date entry per question (per published question on
    PostgreSQL), and nothing else."""
    questions = {q.pk: q for q in Question.objects.prefetch_related("topics")}
    if connection.vendor == "sqlite":
        columns = ", ".join(SQLiteBackend.COLUMNS)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT rowid, {columns} FROM search_questiontext WHERE rowid > 0")  # noqa: S608
            rows = {row[0]: list(row[1:-1]) for row in cursor.fetchall()}
        expected = {pk: list(question_text(q).values()) for pk, q in questions.items()}
        assert rows == expected
    else:
        documents = dict(QuestionDocument.objects.values_list("question_id", "excerpt_source"))
        assert set(documents) == {pk for pk, q in questions.items() if q.is_published}
        for pk in documents:
            text = question_text(questions[pk])
            assert documents[pk].startswith(text["summary"])


# --- What it finds -------------------------------------------------------------------------------


def test_caching_finds_cache():
    QuestionFactory(prompt="Where would you put a cache?")
    assert found("caching") == ["Where would you put a cache?"]


def test_a_word_with_a_star_finds_words_that_start_with_it():
    QuestionFactory(prompt="Why does idempotency matter for payments?")
    QuestionFactory(prompt="What is an identity provider?")
    assert found("idempot*") == ["Why does idempotency matter for payments?"]


def test_every_plain_word_must_appear():
    QuestionFactory(prompt="Shard a Postgres table", answer="Pick a shard key.")
    QuestionFactory(prompt="Tune Postgres vacuum", answer="Autovacuum settings.")
    assert found("postgres shard") == ["Shard a Postgres table"]


def test_a_quoted_phrase_must_appear_in_that_order():
    QuestionFactory(prompt="Explain rate limiting", answer="Tokens refill.")
    QuestionFactory(prompt="Limiting what, exactly?", answer="The rate of change.")
    assert found('"rate limiting"') == ["Explain rate limiting"]


def test_a_minus_word_leaves_out_questions_that_contain_it():
    QuestionFactory(prompt="Cache with Redis", answer="In memory.")
    QuestionFactory(prompt="Cache in the browser", answer="HTTP headers.")
    assert found("cache -redis") == ["Cache in the browser"]
    assert found('cache -"with redis"') == ["Cache in the browser"]


def test_or_finds_either_word():
    QuestionFactory(prompt="Kafka consumer groups", answer="Partitions.")
    QuestionFactory(prompt="RabbitMQ exchanges", answer="Routing keys.")
    QuestionFactory(prompt="Postgres vacuum", answer="Dead tuples.")
    assert sorted(found("kafka OR rabbitmq")) == ["Kafka consumer groups", "RabbitMQ exchanges"]


def test_or_joins_its_neighbours_before_the_other_words_must_match():
    QuestionFactory(prompt="Kafka consumer lag", answer="Partitions.")
    QuestionFactory(prompt="RabbitMQ consumer acks", answer="Prefetch.")
    QuestionFactory(prompt="Kafka retention", answer="Segments.")
    assert sorted(found("consumer kafka OR rabbitmq")) == [
        "Kafka consumer lag",
        "RabbitMQ consumer acks",
    ]


TEXT_FIELDS = ["prompt", "summary", "answer", "why_asked", "strong_answer_points", "tip"]
TEXT_FIELDS += ["follow_ups"]


@pytest.mark.parametrize("field", TEXT_FIELDS)
def test_it_searches_every_text_field(field):
    question = QuestionFactory(**{field: "Mentions the xylophone somewhere"})
    QuestionFactory()
    assert found("xylophone") == [question.prompt]


def test_topic_names_are_searchable_alone_and_with_other_words():
    topic = TopicFactory(name="Observability")
    QuestionFactory(prompt="What would you log?", answer="Request ids.", topics=[topic])
    QuestionFactory(prompt="Other", answer="Request ids.")
    assert found("observability") == ["What would you log?"]
    assert found("observability request") == ["What would you log?"]


def test_a_prompt_match_ranks_above_a_match_deep_in_an_answer():
    deep = "Some background first. " * 60 + "Then sharding, briefly. " + "More words. " * 40
    QuestionFactory(prompt="Talk about databases", answer=deep)
    QuestionFactory(prompt="When would you reach for sharding?", answer="It depends.")
    assert found("sharding") == ["When would you reach for sharding?", "Talk about databases"]


def test_matches_outside_the_prompt_are_ranked_by_relevance_not_age():
    """The real bank's searches have few matches: all of them are ranked, so the question about
    cache keys comes before a newer one that mentions a cache and a key in passing."""
    QuestionFactory(
        prompt="How do you keep a product page fast?",
        answer="Choose the cache key with care: a cache key names one cached value. "
        "Put the version in the cache key so a cache entry expires on every edit.",
    )
    QuestionFactory(
        prompt="How do you run a database migration safely?",
        answer="Add the column first. " * 30
        + "A key point: warm the cache afterwards. "
        + "Then backfill in batches. " * 30,
    )
    assert found("cache key") == [
        "How do you keep a product page fast?",
        "How do you run a database migration safely?",
    ]


def test_prompt_matches_come_first_and_pages_show_every_match_once():
    in_prompt = [QuestionFactory(prompt=f"Gecko question {n}").pk for n in range(25)]
    in_answer = [QuestionFactory(prompt=f"Other {n}", answer="A gecko.").pk for n in range(25)]
    results = search_questions("gecko")
    pages = [[hit.question.pk for hit in results[start : start + 20]] for start in (0, 20, 40)]
    everything = [pk for page in pages for pk in page]
    assert results.count() == 50
    assert sorted(everything[:25]) == sorted(in_prompt)
    assert sorted(everything[25:]) == sorted(in_answer)


def test_past_the_count_limit_prompt_matches_still_come_first_and_pages_show_each_once(
    monkeypatch,
):
    monkeypatch.setattr("search.index.COUNT_LIMIT", 5)
    in_prompt = [QuestionFactory(prompt=f"Gecko question {n}").pk for n in range(25)]
    in_answer = [QuestionFactory(prompt=f"Other {n}", answer="A gecko.").pk for n in range(25)]
    results = search_questions("gecko")
    assert results.count() == 5
    assert results.more
    pages = [[hit.question.pk for hit in results[start : start + 20]] for start in (0, 20, 40)]
    everything = [pk for page in pages for pk in page]
    assert sorted(everything[:25]) == sorted(in_prompt)
    assert sorted(everything[25:]) == sorted(in_answer)


def test_pages_past_the_ranked_head_matches_show_every_other_match_once(monkeypatch):
    monkeypatch.setattr("search.index.COUNT_LIMIT", 5)
    monkeypatch.setattr("search.postgres.RANK_LIMIT", 10)
    pks = [QuestionFactory(prompt=f"Gecko question {n}").pk for n in range(25)]
    pks += [QuestionFactory(prompt=f"Other {n}", answer="A gecko.").pk for n in range(25)]
    results = search_questions("gecko")
    results.count()
    pages = [[hit.question.pk for hit in results[start : start + 20]] for start in (0, 20, 40)]
    everything = [pk for page in pages for pk in page]
    assert sorted(everything) == sorted(pks)


def test_a_huge_match_count_stops_at_the_limit_and_says_so(client, make_questions, monkeypatch):
    monkeypatch.setattr("search.index.COUNT_LIMIT", 5)
    make_questions(12)
    response = search_page(client, q="design")
    assert response.context["page"].paginator.count == 5
    assert "5+ questions found" in response.text


def test_unpublished_questions_never_appear():
    QuestionFactory(prompt="Published zeppelin question")
    QuestionFactory(prompt="Draft zeppelin question", is_published=False)
    assert found("zeppelin") == ["Published zeppelin question"]
    assert search_questions("zeppelin").count() == 1


def test_level_and_topic_filters_narrow_the_results():
    caching = TopicFactory(slug="caching", name="Caching")
    wanted = QuestionFactory(prompt="Advanced gopher", level="advanced", topics=[caching])
    QuestionFactory(prompt="Beginner gopher", level="beginner", topics=[caching])
    QuestionFactory(prompt="Advanced gopher elsewhere", level="advanced")
    assert found("gopher", level="advanced", topic=caching) == [wanted.prompt]


# --- Kept current by the database ----------------------------------------------------------------


def test_an_edit_is_searchable_at_once_and_the_old_words_are_gone():
    question = QuestionFactory(prompt="About walruses")
    question.prompt = "About narwhals"
    question.save()
    assert found("narwhals") == ["About narwhals"]
    assert found("walruses") == []
    question.tip = "Mention the platypus."
    question.save(update_fields=["tip"])
    assert found("platypus") == ["About narwhals"]
    assert_index_matches_the_data()


def test_unpublishing_or_moving_a_question_to_another_level_applies_at_once():
    question = QuestionFactory(prompt="Moving marmot", level="beginner")
    question.level = "advanced"
    question.save()
    assert found("marmot", level="beginner") == []
    assert found("marmot", level="advanced") == ["Moving marmot"]
    question.refresh_from_db()
    question.is_published = False
    question.save()
    assert found("marmot") == []
    assert_index_matches_the_data()


def test_topic_changes_are_searchable_at_once():
    question = QuestionFactory(prompt="Some question")
    topic = TopicFactory(name="Telemetry")
    question.topics.add(topic)
    question.topics.add(topic)  # already there: Django's INSERT OR IGNORE must not unindex it
    assert found("telemetry") == ["Some question"]

    topic.name = "Tracing"
    topic.save()
    assert found("telemetry") == []
    assert found("tracing") == ["Some question"]

    question.topics.remove(topic)
    assert found("tracing") == []
    question.topics.add(topic)
    topic.delete()
    assert found("tracing") == []
    assert_index_matches_the_data()


def test_a_deleted_question_leaves_the_index():
    question = QuestionFactory(prompt="Ephemeral ocelot", topics=[TopicFactory()])
    question.delete()
    assert found("ocelot") == []
    assert_index_matches_the_data()


def test_rebuild_search_index_restores_a_wiped_index():
    QuestionFactory(prompt="Rebuilt quokka")
    backend().clear()
    assert found("quokka") == []

    out = io.StringIO()
    call_command("rebuild_search_index", stdout=out)

    assert found("quokka") == ["Rebuilt quokka"]
    assert "Search index rebuilt" in out.getvalue()
    assert_index_matches_the_data()


def test_search_is_answered_from_the_index_not_by_reading_the_table():
    QuestionFactory(prompt="Indexed ibis")
    engine, query = backend(), parse_query("ibis")
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            sql = (
                "EXPLAIN QUERY PLAN SELECT rowid FROM search_questiontext "
                "WHERE search_questiontext MATCH %s"
            )
            cursor.execute(sql, [engine.match(query, Filters())])
            assert "VIRTUAL TABLE INDEX" in str(cursor.fetchall())
            return
        cursor.execute("SET LOCAL enable_seqscan = off")  # a tiny table is otherwise scanned
    plan = QuestionDocument.objects.filter(vector=engine.search_query(query)).explain()
    assert "search_document_vector" in plan


@pytest.mark.django_db(transaction=True)
def test_a_migration_that_alters_a_question_column_keeps_search_working():
    # SQLite rebuilds the table to alter a column: the index is a table of its own, untouched.
    question = QuestionFactory(prompt="Before the migration")
    old = Question._meta.get_field("prompt")
    wider = copy.copy(old)
    wider.max_length = 400
    with connection.schema_editor() as editor:
        editor.alter_field(Question, old, wider)
    try:
        question.prompt = "After the migration"
        question.save()
        assert found("migration") == ["After the migration"]
        assert_index_matches_the_data()
    finally:
        with connection.schema_editor() as editor:
            editor.alter_field(Question, wider, old)


# --- Any input is safe ---------------------------------------------------------------------------

HOSTILE = [
    "",
    "   ",
    "!!!",
    "?",
    "cache NEAR redis",
    "NEAR(cache redis)",
    "NEAR(cache redis, 2)",
    "*",
    "**",
    "cach**",
    "*cache",
    "^cache",
    "prompt:cache",
    "answer : cache",
    "{prompt answer}: cache",
    "cache:*",
    "'cache':*",
    "a & b | !c",
    "cache <-> redis",
    "!!cache",
    '"unbalanced quote',
    'un"balanced"quotes"',
    '""',
    '"" cache',
    "-",
    "--cache",
    "-cache",
    "- cache",
    "-cache -redis",
    "OR",
    "OR OR OR",
    "cache OR",
    "OR cache",
    "AND",
    "NOT cache",
    "cache NOT",
    "(cache",
    "cache)",
    "((cache OR redis) AND db)",
    "a" * 10_000,
    "cache " * 2_000,
    "'; DROP TABLE questions_question; --",
    "1' OR '1'='1",
    "cache\x00redis",
    "\x00",
    "\x02cache\x03",
    "😀",
    "🔥 caching 🔥",
    "ñandú café naïve",
    "缓存",
    "\u202ecache",
    "<script>alert(1)</script>",
    "%",
    "_",
    "%_%",
    "\\",
    "\\'",
    "'",
    "the",
    "a an the of",
    "_____",
    "C++ & C#",
    "node.js",
    "e-commerce",
    "select_related",
    "https://example.com/?q=cache&x=1",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_any_input_gets_results_or_a_clear_nothing_found(client, text):
    QuestionFactory(prompt="How would you cache with Redis?", answer="Cache aside. Node.js apps.")
    response = search_page(client, q=text)
    assert response.status_code == 200
    html = response.text
    assert "<script>alert(1)</script>" not in html
    assert (
        "found" in html
        or "Nothing found" in html
        or ("Type a word or phrase" in html and not parse_query(text))
    )


@pytest.mark.parametrize("text", HOSTILE)
def test_any_input_is_safe_for_notes_too(owner, text):
    NoteFactory(user=owner, body="Cache aside with Redis.")
    assert isinstance(search_notes(owner, text), list)


def test_a_long_query_is_cut_and_the_learner_is_told(client):
    response = search_page(client, q="cache " * 100)
    assert response.context["query"].truncated
    assert len(response.context["search_text"]) <= MAX_QUERY_LENGTH
    assert "were searched" in response.text


# --- The results page ----------------------------------------------------------------------------


@pytest.mark.parametrize("count", [10, 200])
def test_results_page_query_count_does_not_grow_with_the_bank(
    client, django_assert_max_num_queries, make_questions, count
):
    make_questions(count)
    with django_assert_max_num_queries(page_queries(6)):
        response = search_page(client, q="design system", level="beginner", page="2")
    assert response.status_code == 200
    assert response.context["page"].object_list


def test_a_page_reaching_past_the_prompt_matches_costs_no_more(
    client, django_assert_max_num_queries
):
    for n in range(25):
        QuestionFactory(prompt=f"Gecko question {n}", topics=[TopicFactory()])
        QuestionFactory(prompt=f"Other {n}", answer="A gecko.", topics=[TopicFactory()])
    with django_assert_max_num_queries(page_queries(6)):
        response = search_page(client, q="gecko", page="2")
    assert len(response.context["page"].object_list) == 20


def test_results_show_the_count_and_highlighted_matches_in_context(client):
    QuestionFactory(
        prompt="How would you add caching?",
        summary="Checks judgement.",
        answer="Start simple. Put a cache in front of the database, then measure hit rates.",
    )
    html = search_page(client, q="cache").text
    assert '<p class="result-count" role="status">' in html
    assert "1 question found" in html
    assert "How would you add <mark>caching</mark>?" in html
    assert "Put a <mark>cache</mark> in front of the database" in html


def test_the_summary_stands_in_when_only_the_title_matches(client):
    QuestionFactory(prompt="Explain quorum reads", summary="Probes consistency.")
    html = search_page(client, q="quorum").text
    assert "Explain <mark>quorum</mark> reads" in html
    assert '<p class="search-excerpt">Probes consistency.</p>' in html


def test_excerpts_escape_the_text_before_marking_matches(client):
    QuestionFactory(prompt="Escaping", answer="If x < 3 && y > 2, feed the beluga & co.")
    QuestionFactory(prompt="Tags", answer="Never echo <script>alert(1)</script> to a narwhal.")
    html = search_page(client, q="beluga").text
    assert "If x &lt; 3 &amp;&amp; y &gt; 2, feed the <mark>beluga</mark> &amp; co." in html
    html = search_page(client, q="narwhal").text
    assert "<script>alert(1)</script>" not in html
    assert "<mark>narwhal</mark>" in html


def test_results_are_paginated_and_page_links_keep_the_search(client, make_questions):
    make_questions(45)  # all on the "caching" topic
    response = search_page(client, q="design", topic="caching")
    assert response.context["page"].paginator.count == 45
    assert 'href="?q=design&amp;topic=caching&amp;page=2"' in response.text
    second = search_page(client, q="design", topic="caching", page="2")
    assert second.context["page"].number == 2
    assert len(second.context["page"].object_list) == 20


def test_nothing_found_suggests_what_to_do_next(client):
    QuestionFactory(level="beginner")
    html = search_page(client, q="quetzalcoatl", level="advanced").text
    assert "0 questions found" in html
    assert "Nothing found for “quetzalcoatl” with these filters." in html
    assert 'href="/search/?q=quetzalcoatl">Search every level and topic</a>' in html
    assert 'href="/questions/">browse all questions</a>' in html


def test_an_empty_search_explains_how_to_search_without_querying_the_index(
    client, django_assert_max_num_queries
):
    with django_assert_max_num_queries(1):  # the topic list for the filter
        html = search_page(client, q="  ").text
    assert "Type a word or phrase" in html
    assert '"exact phrase"' in html


def test_bad_filters_are_reported_and_ignored(client):
    QuestionFactory(prompt="Any kiwi question")
    response = search_page(client, q="kiwi", level="expert", topic="nope")
    assert response.status_code == 200
    assert "were not understood" in response.text
    assert "1 question found" in response.text


def test_every_page_has_the_labelled_search_box_in_its_header(client):
    for url in [reverse("home"), reverse("question_list"), reverse("faq")]:
        html = client.get(url).text
        assert 'role="search"' in html
        assert '<label for="site-search-q" class="visually-hidden">Search questions</label>' in html
        assert 'name="q"' in html
        assert 'aria-keyshortcuts="/"' in html


# --- Notes: the owner, another learner, a visitor ------------------------------------------------


def test_owner_finds_their_own_notes_when_they_ask(owner_client, owner):
    question = QuestionFactory(prompt="Some question")
    NoteFactory(user=owner, question=question, body="Remember the **lighthouse** analogy.")
    response = search_page(owner_client, q="lighthouse", notes="on")
    assert [hit.note.question for hit in response.context["notes"]] == [question]
    assert "Remember the <mark>lighthouse</mark> analogy." in response.text
    assert "1 of your notes" in response.text
    assert search_page(owner_client, q="lighthouse").context["notes"] == []


def test_another_learners_notes_never_appear(stranger_client, owner):
    NoteFactory(user=owner, body="My private lighthouse trick.")
    response = search_page(stranger_client, q="lighthouse", notes="on")
    assert response.context["notes"] == []
    assert "private" not in response.text


def test_a_visitor_gets_no_notes_and_no_notes_checkbox(client, owner):
    NoteFactory(user=owner, body="My private lighthouse trick.")
    response = search_page(client, q="lighthouse", notes="on")
    assert response.context["notes"] == []
    assert "Include my notes" not in response.text
    assert "private" not in response.text


def test_an_edited_note_is_searchable_at_once(owner):
    note = NoteFactory(user=owner, body="About herons.")
    note.body = "About pelicans."
    note.save()
    assert [hit.note for hit in search_notes(owner, "pelicans")] == [note]
    assert search_notes(owner, "herons") == []


def test_notes_on_unpublished_questions_stay_hidden(owner):
    NoteFactory(user=owner, question=QuestionFactory(is_published=False), body="Hidden heron.")
    assert search_notes(owner, "heron") == []


# --- Every query does bounded work (docs/security.md) ---------------------------------------------


def test_one_and_two_letter_prefixes_are_searched_as_plain_words():
    query = parse_query(" ".join(f"{letter}*" for letter in "abcdefghijklmnopqrstuvwxyz"))
    assert not any(term.prefix for term in query.terms)


def test_at_most_four_terms_expand_as_prefixes():
    query = parse_query("cache* index* queue* shard* replica* lock*")
    assert [term.prefix for term in query.terms] == [True, True, True, True, False, False]


def test_a_query_keeps_at_most_twelve_terms_and_says_so():
    query = parse_query(" ".join(f"word{n}" for n in range(30)))
    assert len(query.terms) == 12
    assert query.truncated


def test_the_results_page_says_when_a_query_was_cut_short(client):
    response = search_page(client, q=" ".join(f"word{n}" for n in range(30)))
    assert response.status_code == 200
    assert response.context["query"].truncated


def test_a_prefix_whose_last_word_is_short_is_searched_as_a_plain_phrase():
    # `per-e*` would expand `e` to every word that starts with an e.
    assert [term.prefix for term in parse_query("per-e* read-thr*").terms] == [False, True]
