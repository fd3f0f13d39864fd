"""Random and hostile input to every URL and every form: never a 500, never reflected unescaped.

The URLs come from the resolver, so a new page is fuzzed without anyone listing it here. Each
URL pattern is exercised at a real address found by using the site as a learner would (crawling
its links and submitting its forms once with the values they carry), and at addresses drawn
from the pattern's own regex. The form fields each URL receives are read off the forms that
post to it. Hypothesis runs derandomized, so every run sends the same requests.
"""

from collections import deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from itertools import product
from urllib.parse import quote, urlencode, urljoin, urlsplit

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import NoReverseMatch, Resolver404, URLResolver, get_resolver, resolve, reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from questions.models import Question
from tests.factories import BookmarkFactory, NoteFactory, QuestionFactory, TopicFactory

pytestmark = pytest.mark.django_db

# Each carries the marker 7331, so finding one verbatim in a page can only mean reflection.
HOSTILE = [
    "<script>alert('x7331')</script>",
    '"><img src=x onerror=alert(7331)>',
    "'><svg onload=alert(7331)>",
    "</textarea><script>alert(7331)</script>",
    "<a href=javascript:alert(7331)>x</a>",
    "javascript:alert(7331)",
    "' OR '1'='1' -- 7331",
    "1; DROP TABLE questions_question; -- 7331",
    "7331' UNION SELECT username, password FROM auth_user --",
    "{{ 7331 }}{% debug %}",
    "%3Cscript%3Ealert(7331)%3C%2Fscript%3E",
    "\x00nul7331\x00",
    "\u202e7331\u200b\ufeff",
    "\U0001d54f7331\U0001f4a5 \u00fcn\u00efc\u00f6d\u00e9 \u6d4b\u8bd5",
    "../../../../etc/passwd#7331",
    "7331\r\nSet-Cookie: injected=1",
]
REFLECTABLE = [payload for payload in HOSTILE if set(payload) & set("<>\"'")]
ODD = ["", " ", "0", "-1", "1.5", "1e309", "NaN", "99999999999999999999", "null", "[]", "{}"]
HUGE = ["A" * 100_000, "é" * 50_000, "<b>" * 20_000]
DANGEROUS_SCHEMES = ("javascript:", "vbscript:", "data:")
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data"}

hostile = st.one_of(
    st.sampled_from(HOSTILE),
    st.builds(
        lambda before, payload, after: before + payload + after,
        st.text(max_size=4),
        st.sampled_from(HOSTILE),
        st.text(max_size=4),
    ),
    st.text(max_size=40),
    st.sampled_from(ODD),
    st.integers().map(str),
    st.sampled_from(HUGE),
)
COMMON_KEYS = ["q", "page", "level", "topic", "status", "next", "sort", "format", "id", "pk"]
ADMIN_KEYS = ["q", "o", "p", "e", "all", "level__exact", "is_published__exact", "topics__id__exact",
              "_changelist_filters", "_to_field", "_popup"]  # fmt: skip


@dataclass
class Form:
    method: str
    action: str
    fields: dict[str, list[str]] = field(default_factory=dict)


class Page(HTMLParser):
    """The links and forms on a page, as a crawler sees them."""

    def __init__(self, path: str) -> None:
        super().__init__()
        self.path = path
        self.links: list[str] = []
        self.forms: list[Form] = []
        self.textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.links.append(urljoin(self.path, attrs["href"]))
        elif tag == "form":
            action = urljoin(self.path, attrs.get("action") or self.path)
            self.forms.append(Form((attrs.get("method") or "get").lower(), action))
        elif self.forms and tag in {"input", "button", "select", "option", "textarea"}:
            fields = self.forms[-1].fields
            if tag == "option":
                if self.select is not None:
                    fields[self.select].append(attrs.get("value") or "")
                return
            if tag == "select":
                self.select = attrs.get("name")
            if not attrs.get("name"):
                return
            values = fields.setdefault(attrs["name"], [])
            if tag == "textarea":
                self.textarea = attrs["name"]
            elif tag in {"input", "button"} and attrs.get("value") is not None:
                values.append(attrs["value"])

    select: str | None = None

    def handle_endtag(self, tag):
        if tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None

    def handle_data(self, data):
        if self.textarea and self.forms and data.strip():
            self.forms[-1].fields[self.textarea].append(data)


def route_of(path: str) -> str | None:
    try:
        return resolve(urlsplit(path).path).route
    except Resolver404:
        return None


@dataclass
class Target:
    """One URL pattern: the route Django reports for it, its regex, and what we know of it."""

    route: str
    name: str | None
    regex: str
    params: list[str]
    paths: list[str] = field(default_factory=list)
    fields: dict[str, set[str]] = field(default_factory=dict)

    @property
    def is_admin(self) -> bool:
        return self.route.startswith("admin/")


def join_route(route: str, more: str) -> str:
    """As URLResolver joins routes, so they compare equal to ResolverMatch.route."""
    return route + more.removeprefix("^") if route else more


def url_targets(patterns=None, route="", regex="^", namespace="") -> list[Target]:
    """Every URL pattern the resolver knows, includes flattened."""
    targets = []
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        entry_route = join_route(route, str(entry.pattern))
        entry_regex = regex + entry.pattern.regex.pattern.removeprefix("^")
        if isinstance(entry, URLResolver):
            inner = ":".join(filter(None, [namespace, entry.namespace]))
            targets += url_targets(entry.url_patterns, entry_route, entry_regex, inner)
        else:
            name = ":".join(filter(None, [namespace, entry.name])) if entry.name else None
            params = list(entry.pattern.regex.groupindex)
            targets.append(Target(entry_route, name, entry_regex, params))
    return targets


@dataclass
class SiteMap:
    targets: list[Target]
    crawled: list[Form]


def crawl(client: Client, start: list[str], per_route: int = 2) -> tuple[list[str], list[Form]]:
    """GET pages breadth-first from `start`; at most `per_route` addresses per URL pattern."""
    queue, seen, visits, forms = deque(start), set(), {}, []
    while queue:
        path = urlsplit(queue.popleft())._replace(fragment="").geturl()
        route = route_of(path)
        if path in seen or route is None or route.startswith("admin/"):
            continue
        if not path.startswith("/") or path.startswith(("//", "/static/")):
            continue
        if visits.get(route, 0) >= per_route:
            continue
        seen.add(path)
        visits[route] = visits.get(route, 0) + 1
        response = client.get(path)
        if response.status_code in (301, 302):
            queue.append(urljoin(path, response["Location"]))
        if response.status_code != 200 or "text/html" not in response["Content-Type"]:
            continue
        page = Page(path)
        page.feed(response.content.decode())
        queue.extend(page.links)
        queue.extend(form.action for form in page.forms if form.method == "get")
        forms += page.forms
    return sorted(seen), forms


def submit_once(client: Client, forms: list[Form]) -> list[str]:
    """Post each distinct form with the values it carries; returns where they led."""
    done, landed = set(), []
    for form in forms:
        route = route_of(form.action)
        key = (route, tuple(sorted(form.fields)))
        if form.method != "post" or route is None or key in done or "logout" in form.action:
            continue
        done.add(key)
        data = {
            name: values[:1] or ["Seed text for the form."] for name, values in form.fields.items()
        }
        response = client.post(form.action, data)
        if response.status_code in (301, 302):
            landed.append(urljoin(form.action, response["Location"]))
    return landed


def fallback_paths(target: Target, objects: dict[str, list[str]]) -> list[str]:
    """Addresses for a pattern the crawl did not reach, by reversing it with known values."""
    if not target.name:
        return []
    for values in product(*(objects.get(param, ["1"]) for param in target.params)):
        try:
            return [reverse(target.name, kwargs=dict(zip(target.params, values, strict=True)))]
        except NoReverseMatch:
            continue
    return []


@pytest.fixture
def site_map(owner) -> SiteMap:
    topic = TopicFactory(slug="databases", name="Databases")
    questions = [QuestionFactory(topics=[topic], level=level) for level in Question.Level]
    note = NoteFactory(user=owner, question=questions[0], body="My **own** note.")
    BookmarkFactory(user=owner, question=questions[1])

    start = ["/", "/accounts/login/", "/accounts/signup/", "/accounts/password_reset/"]
    visitor = Client()
    anonymous_paths, anonymous_forms = crawl(visitor, start)
    learner = Client()
    learner.force_login(owner)
    learner_paths, learner_forms = crawl(learner, start)
    landed = submit_once(learner, learner_forms)
    learner.force_login(owner)  # in case a form logged it out
    more_paths, more_forms = crawl(learner, [*learner_paths, *landed])

    objects = {
        "slug": [questions[0].slug, topic.slug],
        "pk": [str(note.pk), str(questions[0].pk)],
        "object_id": [str(questions[0].pk)],
        "id": [str(questions[0].pk)],
        "content_type_id": [str(ContentType.objects.get_for_model(Question).pk)],
        "app_label": ["questions"],
        "uidb64": [urlsafe_base64_encode(force_bytes(owner.pk))],
        "token": [default_token_generator.make_token(owner)],
    }
    targets = {target.route: target for target in url_targets()}
    for path in [*anonymous_paths, *learner_paths, *more_paths]:
        if (route := route_of(path)) in targets and path not in targets[route].paths:
            targets[route].paths.append(path)
    for form in [*anonymous_forms, *learner_forms, *more_forms]:
        if (route := route_of(form.action)) in targets:
            for name, values in form.fields.items():
                targets[route].fields.setdefault(name, set()).update(values)
    for target in targets.values():
        target.paths = target.paths[:2] or fallback_paths(target, objects)
    return SiteMap(list(targets.values()), [*anonymous_forms, *learner_forms])


def path_strategy(target: Target):
    drawn = st.from_regex(target.regex, fullmatch=True).map(lambda path: "/" + quote(path))
    if target.paths:
        return st.one_of(st.sampled_from(target.paths), drawn)
    return drawn


def data_strategy(target: Target, *, with_files: bool = False):
    known = {
        name: st.one_of(st.sampled_from(sorted(values)), hostile) if values else hostile
        for name, values in target.fields.items()
    }
    value = st.one_of(hostile, st.lists(hostile, min_size=2, max_size=3))
    if with_files:
        upload = st.builds(lambda body: SimpleUploadedFile("x7331.txt", body.encode()), hostile)
        value = st.one_of(value, upload)
    keys = st.one_of(st.sampled_from(COMMON_KEYS), st.text(max_size=10))
    extra = st.dictionaries(keys, value, max_size=3)
    return st.tuples(st.fixed_dictionaries({}, optional=known), extra).map(
        lambda pair: {**pair[1], **pair[0]}
    )


def sent_text(data: dict) -> str:
    parts = []
    for value in data.values():
        for item in value if isinstance(value, list) else [value]:
            parts.append(item if isinstance(item, str) else "")
    return "\n".join(parts)


class Audit(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.problems: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            cleaned = (value or "").translate({9: None, 10: None, 13: None}).strip().lower()
            if name in URL_ATTRIBUTES and cleaned.startswith(DANGEROUS_SCHEMES):
                self.problems.append(f"<{tag} {name}={value!r}>")


def check(response, sent: str, where: str) -> None:
    assert response.status_code < 500, where
    if "text/html" not in response.get("Content-Type", ""):
        return
    text = b"".join(response.streaming_content) if response.streaming else response.content
    text = text.decode("utf-8", "replace")
    for payload in REFLECTABLE:
        if payload in sent:
            assert payload not in text, f"{where} reflects {payload!r} unescaped"
    audit = Audit()
    audit.feed(text)
    assert audit.problems == [], where


def become(client: Client, persona: str, owner) -> None:
    logged_in = "_auth_user_id" in client.session
    if persona == "learner" and not logged_in:
        client.force_login(owner)
    elif persona == "anonymous" and logged_in:
        client.logout()


@pytest.fixture
def editor(db):
    from django.contrib.auth.models import User

    return User.objects.create_superuser("editor", "editor@example.com", "not used here")


FUZZ = settings(
    max_examples=6,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
ADMIN_FUZZ = settings(FUZZ, max_examples=2)  # for anyone but staff it is one redirect


def test_every_pattern_is_reached(site_map):
    """A new page whose address cannot be found or built would otherwise go unfuzzed."""
    unreached = [t.route for t in site_map.targets if not t.paths and t.name and not t.is_admin]
    assert unreached == []


def test_the_crawl_found_the_forms(site_map):
    actions = {route_of(form.action) for form in site_map.crawled if form.method == "post"}
    for route in ["accounts/login/", "accounts/signup/", "questions/<slug:slug>/bookmark/"]:
        assert route in actions


def fuzz(target: Target, strategy, send) -> None:
    """Run `send(*drawn)` on examples of `strategy` (a tuple strategy) for one URL pattern."""

    @(ADMIN_FUZZ if target.is_admin else FUZZ)
    @given(strategy)
    def run(drawn):
        send(*drawn)

    run()


@pytest.mark.parametrize("persona", ["anonymous", "learner"])
def test_hostile_query_parameters_never_break_a_page(client, owner, site_map, persona):
    def send(path, data):
        become(client, persona, owner)
        response = client.get(path, data)
        check(response, sent_text(data), f"GET {path} {data!r:.300} as {persona}")

    for target in site_map.targets:
        fuzz(target, st.tuples(path_strategy(target), data_strategy(target)), send)


def test_hostile_query_parameters_never_break_an_admin_page_for_staff(client, editor, site_map):
    """Admin's changelists take search, ordering, paging and filters from the query string."""

    def send(path, data):
        if "_auth_user_id" not in client.session:  # a drawn logout address ends the session
            client.force_login(editor)
        response = client.get(path, data)
        check(response, sent_text(data), f"GET {path} {data!r:.300} as staff")

    admin_keys = st.sampled_from(ADMIN_KEYS)
    data = st.dictionaries(st.one_of(admin_keys, st.text(max_size=10)), hostile, max_size=3)
    for target in site_map.targets:
        if target.is_admin:
            FUZZ(given(st.tuples(path_strategy(target), data))(lambda drawn: send(*drawn)))()


def post(client: Client, path: str, data: dict, encoding: str):
    if encoding == "multipart":
        return client.post(path, data)
    data = {key: value for key, value in data.items() if not isinstance(value, SimpleUploadedFile)}
    if encoding == "urlencoded":
        return client.post(path, urlencode(data, doseq=True), "application/x-www-form-urlencoded")
    return client.post(path, data, "application/json")


@pytest.mark.parametrize("persona", ["anonymous", "learner"])
def test_hostile_form_posts_never_break_a_page(client, owner, site_map, persona):
    def send(path, data, encoding):
        become(client, persona, owner)
        response = post(client, path, data, encoding)
        check(response, sent_text(data), f"POST {path} {data!r:.300} ({encoding}) as {persona}")

    encodings = st.sampled_from(["multipart", "urlencoded", "json"])
    for target in site_map.targets:
        strategy = st.tuples(
            path_strategy(target), data_strategy(target, with_files=True), encodings
        )
        fuzz(target, strategy, send)


def test_an_oversized_post_gets_a_clear_413_page(client):
    response = client.post(reverse("login"), {"username": "x" * (1024 * 1024 + 1)})
    assert response.status_code == 413
    assert "That was too much to send" in response.text
    assert "1024 KiB" in response.text


def test_an_oversized_upload_gets_a_413_too(owner_client):
    question = QuestionFactory()
    upload = SimpleUploadedFile("big.bin", b"\0" * (2 * 1024 * 1024))
    response = owner_client.post(reverse("note_edit", args=[question.slug]), {"file": upload})
    assert response.status_code == 413


def test_a_body_just_under_the_limit_is_read_normally(owner_client):
    response = owner_client.post(
        reverse("markdownx_markdownify"), {"content": "x" * (1024 * 1024 - 1024)}
    )
    assert response.status_code == 200
