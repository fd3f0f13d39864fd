"""Markdown: GitHub's rendering, sanitized, and linear in its input (docs/security.md)."""

import time

import pytest

from questions.markdown import render_content, render_markdown

PATHOLOGICAL = {
    "brackets": "[" * 20_000,
    "image brackets": "![" * 20_000,
    "stars": "*" * 20_000,
    "underscores": "_a" * 10_000,
    "backticks": "`" * 20_000,
    "angle brackets": "<" * 20_000,
    "nested quotes": ">" * 20_000 + "x",
    "nested lists": "\n".join("  " * depth + "- x" for depth in range(2_000)),
    "long table": "|a|b|\n|-|-|\n" + "|1|2|\n" * 20_000,
    "link soup": "[a](" * 10_000,
}


@pytest.mark.parametrize("text", PATHOLOGICAL.values(), ids=PATHOLOGICAL.keys())
def test_pathological_input_renders_in_well_under_a_few_seconds(text):
    started = time.perf_counter()
    render_markdown(text)
    assert time.perf_counter() - started < 2.0  # Python-Markdown took 46-90 s on some of these


def test_a_list_right_after_a_paragraph_is_a_list_as_on_github():
    html = render_markdown("Steps:\n- one\n- two")
    assert "<ul>" in html
    assert "<li>one</li>" in html


def test_tables_fenced_code_and_smart_quotes():
    html = render_markdown('| a | b |\n|--:|---|\n| 1 | 2 |\n\n```python\nx = 1\n```\n"q"')
    assert '<th align="right">a</th>' in html
    assert '<div class="highlight" tabindex="0">' in html
    assert '<span class="n">x</span>' in html
    assert "“q”" in html


@pytest.mark.parametrize(
    "hostile",
    [
        "<script>alert(1)</script>",
        "[x](javascript:alert(1))",
        '<img src=x onerror="alert(1)">',
        "![x](data:text/html;base64,PHNjcmlwdD4=)",
        '<a href="https://e.com" onclick="alert(1)">x</a>',
    ],
)
def test_nothing_executable_survives(hostile):
    html = render_markdown(hostile).lower()
    for needle in ("<script", "javascript:", "onerror", "onclick", "data:"):
        assert needle not in html


def test_content_renders_are_cached_by_text_and_learner_text_is_not(django_assert_num_queries):
    text = "Some **content**"
    assert render_content(text) == render_markdown(text)
    assert render_content(text) is not None  # second call from the cache


def test_markdown_nested_deeper_than_anyone_writes_is_shown_as_text():
    html = render_markdown(">" * 500 + " <b>deep</b>")
    assert html.startswith("<pre>")
    assert "&lt;b&gt;deep&lt;/b&gt;" in html
