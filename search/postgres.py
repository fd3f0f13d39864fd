"""The PostgreSQL backend: QuestionDocument rows with GIN indexes; notes matched on the fly."""

from collections.abc import Sequence
from functools import reduce
from operator import and_, or_

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVector
from django.db.models import F, Q, Value

from questions.models import Question
from search.documents import (
    COLUMN_WEIGHTS,
    EXCERPT_SOURCE_CHARS,
    HEAD_COLUMNS,
    NOTES_LIMIT,
    RANK_LIMIT,
    Hit,
    Matches,
    NoteHit,
    hit,
    listed_questions,
    question_text,
)
from search.models import QuestionDocument
from search.query import START, STOP, Filters, Query, Term, marked_html
from study.models import Note


class PostgresBackend:
    """search.models.QuestionDocument with GIN indexes; notes are matched on the fly."""

    CONFIG = "english"
    # ts_rank weights for D, C, B, A (search.documents.COLUMN_WEIGHTS letters).
    RANK_WEIGHTS = [0.1, 0.2, 0.4, 1.0]
    QUOTE_BREAKERS = str.maketrans({"'": " ", "\\": " "})

    # --- writing ---

    def vector(self, text: dict[str, str], columns) -> SearchVector:
        parts = [
            SearchVector(Value(text[column]), weight=COLUMN_WEIGHTS[column][0], config=self.CONFIG)
            for column in columns
        ]
        return reduce(lambda left, right: left + right, parts)

    def document(self, question: Question) -> QuestionDocument:
        text = question_text(question)
        return QuestionDocument(
            question=question,
            vector=self.vector(text, COLUMN_WEIGHTS),
            head=self.vector(text, HEAD_COLUMNS),
            excerpt_source="\n".join([text["summary"], text["reasoning"], text["answer"]])[
                :EXCERPT_SOURCE_CHARS
            ],
            level=question.level,
            round_type=question.round_type,
        )

    def write_question(self, question: Question) -> None:
        self.write_questions([question])

    def write_questions(self, questions: Sequence[Question]) -> None:
        """One INSERT ... ON CONFLICT UPDATE for the lot (the vectors are computed in it).

        Only published questions have a document: a search need not join the questions to
        leave drafts out.
        """
        drafts = [question.pk for question in questions if not question.is_published]
        if drafts:
            QuestionDocument.objects.filter(question_id__in=drafts).delete()
        QuestionDocument.objects.bulk_create(
            [self.document(question) for question in questions if question.is_published],
            update_conflicts=True,
            unique_fields=["question"],
            update_fields=["vector", "head", "excerpt_source", "level", "round_type"],
        )

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

    def matching(self, query: Query, filters: Filters, *, field: str = "vector"):
        """Documents whose `field` matches (drafts have none), narrowed by the filters."""
        documents = QuestionDocument.objects.filter(**{field: self.search_query(query)})
        if filters.level:
            documents = documents.filter(level=filters.level)
        if filters.round_type:
            documents = documents.filter(round_type=filters.round_type)
        if filters.topic_id:
            documents = documents.filter(question__topics=filters.topic_id)
        return documents

    def in_head(self, query: Query, filters: Filters):
        """The matches in the head. The head is the vector's first columns, positions included,
        so a head match is a match unless a minus word is elsewhere: the long vector is read
        only for a query with minus words."""
        in_head = self.matching(query, filters, field="head")
        if query.excluded:
            in_head = in_head.filter(vector=self.search_query(query))
        return in_head

    def count(self, query: Query, filters: Filters, limit: int) -> int:
        return self.matching(query, filters)[:limit].count()

    def matches(self, query: Query, filters: Filters, limit: int) -> Matches:
        """How many questions match, up to `limit`, and which when that is all of them.

        Checking a match may read the question's whole vector from out-of-line storage (a
        phrase needs its word positions; a common word is checked row by row), so it is done
        once: the ids found here order every page. A common word is counted in the small head
        vectors alone when they hold `limit` matches.
        """
        if not query.excluded and self.in_head(query, filters)[:limit].count() == limit:
            return Matches(limit)
        ids = list(self.matching(query, filters).values_list("question_id", flat=True)[:limit])
        return Matches(len(ids), ids if len(ids) < limit else None)

    def ranked_ids(
        self, query: Query, filters: Filters, start: int, stop: int, matches: Matches
    ) -> list[int]:
        """Matches in the head (prompt, summary, topics) first; then the rest.

        - At most RANK_LIMIT matches (their ids known): all ranked in one query, the others by
          their whole vector.
        - More, but every id known (up to COUNT_LIMIT): head matches ranked by the small head
          vector; the others newest first, so no long vector is read again.
        - Past COUNT_LIMIT (a common word in a big bank): the newest RANK_LIMIT head matches,
          found through the head's GIN index, ranked; the others newest first.
        """
        search_query = self.search_query(query)
        rank = SearchRank(F("head"), search_query, weights=self.RANK_WEIGHTS)
        if matches.ids is not None and len(matches.ids) <= RANK_LIMIT:
            # Few matches (every search of the real bank): all ranked, in one query, the head
            # matches first, the others by the whole vector.
            return list(
                QuestionDocument.objects.filter(question_id__in=matches.ids)
                .annotate(
                    in_head=Q(head=search_query),
                    head_rank=rank,
                    rank=SearchRank(F("vector"), search_query, weights=self.RANK_WEIGHTS),
                )
                .order_by("-in_head", "-head_rank", "-rank", "-question_id")
                .values_list("question_id", flat=True)[start:stop]
            )
        if matches.ids is not None:
            ranked = list(
                QuestionDocument.objects.filter(question_id__in=matches.ids, head=search_query)
                .annotate(rank=rank)
                .order_by("-rank", "-question_id")
                .values_list("question_id", flat=True)
            )
            found = set(ranked)
            others = sorted((pk for pk in matches.ids if pk not in found), reverse=True)
            return (ranked + others)[start:stop]
        # The newest head matches with their ranks, sorted here: in one query, PostgreSQL
        # would join them back to the table by scanning it.
        newest_in_head = (
            self.in_head(query, filters)
            .order_by("-question_id")
            .annotate(rank=rank)
            .values_list("question_id", "rank")[:RANK_LIMIT]
        )
        ranked = [pk for pk, _ in sorted(newest_in_head, key=lambda row: (-row[1], -row[0]))]
        ids = ranked[start:stop]
        if len(ids) == stop - start:
            return ids
        # The page reaches past the ranked matches: the others follow them, newest first.
        skip = max(0, start - len(ranked))
        others = (
            self.matching(query, filters)
            .exclude(question_id__in=ranked)
            .order_by("-question_id")
            .values_list("question_id", flat=True)
        )
        return ids + list(others[skip : skip + (stop - start) - len(ids)])

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
