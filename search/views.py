"""Search: the results page behind the header's search box."""

from contextlib import nullcontext

from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from questions.models import Question, Topic
from questions.pagecache import cache_anonymous_page
from search.deadline import SearchTimeout, time_limit
from search.forms import SearchForm
from search.index import search_notes, search_questions

PAGE_SIZE = 20


@cache_anonymous_page
def search(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET, topics=list(Topic.objects.all()))
    form.is_valid()  # bad filters are dropped from cleaned_data and reported; text never fails
    data = form.cleaned_data
    level, topic = data.get("level") or None, data.get("topic")
    round_type = data.get("round") or None
    results = search_questions(data.get("q", ""), level=level, topic=topic, round_type=round_type)
    with_notes = bool(data.get("notes")) and request.user.is_authenticated
    context = {
        "form": form,
        "query": results.query,
        "search_text": results.query.text,
        "level_label": Question.Level(level).label if level else "",
        "topic": topic,
        "with_notes": with_notes,
        "query_prefix": form.query_string_without_page(),
    }
    try:
        # The results are read while the page renders, so the limit covers the rendering too.
        with time_limit(settings.SEARCH_TIME_LIMIT) if results.query else nullcontext():
            page = Paginator(results, PAGE_SIZE).get_page(request.GET.get("page"))
            notes = search_notes(request.user, results.query.text) if with_notes else []
            context |= {"page": page, "more": results.more, "notes": notes}
            return render(request, "search/search.html", context)
    except SearchTimeout:
        response = render(request, "search/search.html", context | {"timed_out": True}, status=503)
        response["Retry-After"] = "5"
        return response
