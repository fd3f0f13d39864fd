"""Pages of questions in study order, found through the `question_study_order` index.

A page is asked for by where it starts, not by its number: "after this row" (Next), "before
this row" (Previous), the first page or the last. Each is one indexed query of PAGE_SIZE + 1
rows, however deep the page, where an OFFSET would read every row before it. A row is named by
its key in the index, `level_rank.position.pk` (e.g. `2.1534.99870`), compared as one row value
`(level_rank, position, id) > (2, 1534, 99870)`, which SQLite and PostgreSQL both answer with a
range scan of the index.

The page's place in the list ("page 3 of 40", the numbers of its rows) rides along in the links
as `start`, the number of its first row: showing it costs nothing, and a wrong `start` in a
hand-made link only misnumbers the rows. Old `?page=N` links still work for the first
MAX_PAGE_NUMBER pages (a bounded OFFSET), and `page=last` is the reversed first page.
"""

import math
import re
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django import forms
from django.db.models import F, Func, IntegerField, Value

from questions.models import STUDY_ORDER, Question

PAGE_SIZE = 20
MAX_PAGE_NUMBER = 50
KEY = re.compile(r"^(\d{1,2})\.(\d{1,10})\.(\d{1,18})$")


class Row(Func):
    """A row value, `(a, b, c)`, to compare several columns at once."""

    template = "(%(expressions)s)"
    output_field = IntegerField()


def row_key(question: Question) -> str:
    return f"{question.level_rank}.{question.position}.{question.pk}"


class PageForm(forms.Form):
    """Where a page starts, from the query string. A bad value is reported and the first page
    is shown instead."""

    page = forms.RegexField(
        regex=r"^(\d{1,9}|last)$",
        required=False,
        error_messages={"invalid": "Give a page number or “last”."},
    )
    after = forms.RegexField(regex=KEY, required=False)
    before = forms.RegexField(regex=KEY, required=False)
    start = forms.IntegerField(min_value=1, max_value=10**9, required=False)

    def clean_page(self) -> str:
        page = self.cleaned_data["page"]
        if page not in ("", "last") and not 1 <= int(page) <= MAX_PAGE_NUMBER:
            raise forms.ValidationError(
                f"Pages go by number up to {MAX_PAGE_NUMBER}: use Next and Last to go further."
            )
        return page


@dataclass
class Page:
    """One page of a list in study order; the template reads it like Django's Page."""

    object_list: list[Question]
    count: int
    start: int
    query_prefix: str
    has_previous: bool
    has_next: bool
    size: int = PAGE_SIZE
    links: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.object_list:
            self.has_previous = self.has_next = False
        prefix = self.query_prefix
        if self.has_previous:
            self.links["first"] = f"?{prefix}".rstrip("&?") or "?"
            previous = {"before": row_key(self.object_list[0])}
            previous["start"] = max(self.start - self.size, 1)
            self.links["previous"] = f"?{prefix}{urlencode(previous)}"
        if self.has_next:
            following = {"after": row_key(self.object_list[-1])}
            following["start"] = self.start + len(self.object_list)
            self.links["next"] = f"?{prefix}{urlencode(following)}"
            self.links["last"] = f"?{prefix}page=last"

    @property
    def num_pages(self) -> int:
        return max(math.ceil(self.count / self.size), 1)

    @property
    def number(self) -> int:
        return min((self.start - 1) // self.size + 1, self.num_pages)

    @property
    def start_index(self) -> int:
        return self.start

    @property
    def end_index(self) -> int:
        return self.start + len(self.object_list) - 1

    @property
    def has_other_pages(self) -> bool:
        return self.has_previous or self.has_next


def study_order_page(questions, form: PageForm, *, count: int, query_prefix: str = "") -> Page:
    """The page of `questions` (filtered, unordered) that `form` asks for: one query, two when
    a Previous link finds itself at the top of the list or a Next link past the end."""
    wanted = form.cleaned_data if form.is_valid() else {}
    ordered = questions.alias(key=Row(*(F(name) for name in STUDY_ORDER)))
    reverse = ordered.order_by(*(F(name).desc() for name in STUDY_ORDER))
    ordered = ordered.order_by(*STUDY_ORDER)
    page = {"query_prefix": query_prefix, "count": count}
    if not count:  # nothing to find: no scan of the index for it
        return Page([], start=1, has_previous=False, has_next=False, **page)

    if before := wanted.get("before"):
        rows = list(reverse.filter(key__lt=key_value(before))[: PAGE_SIZE + 1])
        if len(rows) > PAGE_SIZE:
            start = max(wanted.get("start") or 1, 2)
            rows = rows[:PAGE_SIZE][::-1]
            return Page(rows, start=start, has_previous=True, has_next=True, **page)
        wanted = {}  # at the top of the list: the first page, full
    if after := wanted.get("after"):
        rows = list(ordered.filter(key__gt=key_value(after))[: PAGE_SIZE + 1])
        if rows:
            start = wanted.get("start") or PAGE_SIZE + 1
            has_next = len(rows) > PAGE_SIZE
            return Page(rows[:PAGE_SIZE], start=start, has_previous=True, has_next=has_next, **page)
        wanted = {"page": "last"}  # past the end (rows deleted since the link was made)
    if wanted.get("page") == "last":
        size = count - (math.ceil(count / PAGE_SIZE) - 1) * PAGE_SIZE
        rows = list(reverse[:size])[::-1]
        start = max(count - len(rows) + 1, 1)
        return Page(rows, start=start, has_previous=count > len(rows), has_next=False, **page)
    offset = (int(wanted["page"]) - 1) * PAGE_SIZE if wanted.get("page") else 0
    if offset >= count:
        offset = max(math.ceil(count / PAGE_SIZE) - 1, 0) * PAGE_SIZE  # as Paginator.get_page
    rows = list(ordered[offset : offset + PAGE_SIZE + 1])
    return Page(
        rows[:PAGE_SIZE],
        start=offset + 1,
        has_previous=offset > 0,
        has_next=len(rows) > PAGE_SIZE,
        **page,
    )


def key_value(key: str) -> Row:
    return Row(*(Value(int(part)) for part in KEY.match(key).groups()))
