"""Checks for the code in content: every fenced block declares a language the suite can parse.

The convention (fixtures/README.md): code lives in fenced blocks inside the Markdown fields, each
with an info string naming its language. The suite parses each block with the language's own
parser and runs a question's Python blocks in order in one namespace, so a solution block and the
tests after it run together. A Python block opts out of running (never of parsing) with a first
line `# not run: <reason>`, which readers see.
"""

import ast
import json
import shutil
import subprocess
from dataclasses import dataclass

import yaml
from markdown_it import MarkdownIt

# Info string -> what checks it. SQL names are both the Pygments lexer and the dialect.
LANGUAGES = {
    "python": "Python, parsed with ast and run",
    "sql": "SQL (PostgreSQL dialect), parsed with pglast (PostgreSQL's own parser)",
    "postgresql": "PostgreSQL, parsed with pglast (PostgreSQL's own parser)",
    "mysql": "MySQL, parsed with sqlglot",
    "sqlite": "SQLite, parsed with sqlglot",
    "json": "JSON, parsed with json",
    "yaml": "YAML, parsed with PyYAML",
    "bash": "shell, checked with bash -n",
    "javascript": "JavaScript, parsed with esprima",
    "http": "an HTTP message: a request or status line, then headers",
    "text": "plain text (program output, a protocol trace): not code",
}
NOT_RUN_PREFIX = "# not run:"
POSTGRES = {"sql", "postgresql"}
SQL_DIALECTS = {"mysql": "mysql", "sqlite": "sqlite"}


@dataclass(frozen=True)
class CodeBlock:
    language: str
    code: str

    @property
    def runs(self) -> bool:
        return self.language == "python" and not self.code.lstrip().startswith(NOT_RUN_PREFIX)


def code_blocks(markdown: str) -> list[CodeBlock]:
    """The fenced and indented code blocks of a Markdown text, in order."""
    tokens = MarkdownIt("commonmark").parse(markdown)
    return [
        CodeBlock(token.info.strip().split(" ")[0].lower() if token.info else "", token.content)
        for token in tokens
        if token.type in ("fence", "code_block")
    ]


def block_errors(block: CodeBlock) -> str | None:
    """Why `block` does not parse in its language, or None when it does."""
    language, code = block.language, block.code
    if language not in LANGUAGES:
        return f"undeclared or unknown language {language!r} (one of {', '.join(LANGUAGES)})"
    try:
        if language == "python":
            ast.parse(code)
        elif language in POSTGRES:
            import pglast  # dev dependency: only the suite parses SQL

            pglast.parse_sql(code)
        elif language in SQL_DIALECTS:
            import sqlglot  # dev dependency

            sqlglot.parse(code, read=SQL_DIALECTS[language])
        elif language == "json":
            json.loads(code)
        elif language == "yaml":
            list(yaml.safe_load_all(code))
        elif language == "javascript":
            import esprima  # dev dependency

            esprima.parseModule(code)
        elif language == "bash":
            return _bash_errors(code)
        elif language == "http":
            return _http_errors(code)
    except Exception as error:  # each parser raises its own error type
        return f"{language} does not parse: {error}"
    return None


def _bash_errors(code: str) -> str | None:
    bash = shutil.which("bash")
    if bash is None:
        return "bash is not installed, so shell blocks cannot be checked"
    result = subprocess.run(  # noqa: S603 - fixed program, code on stdin
        [bash, "-n"], input=code, capture_output=True, text=True, check=False
    )
    return f"bash -n: {result.stderr.strip()}" if result.returncode else None


def _http_errors(code: str) -> str | None:
    lines = code.strip("\n").splitlines()
    first = lines[0] if lines else ""
    parts = first.split(" ")
    is_request = len(parts) == 3 and parts[0].isupper() and parts[2].startswith("HTTP/")
    is_status = len(parts) >= 2 and parts[0].startswith("HTTP/") and parts[1].isdigit()
    if not (is_request or is_status):
        return f"http: first line {first!r} is neither a request line nor a status line"
    for line in lines[1:]:
        if not line.strip():
            break  # the body follows the blank line
        if ":" not in line:
            return f"http: header line {line!r} has no colon"
    return None


def run_python(blocks: list[CodeBlock]) -> None:
    """Run the runnable Python blocks in order in one fresh namespace; raises what they raise."""
    namespace: dict = {"__name__": "__main__"}
    for block in blocks:
        if block.runs:
            exec(compile(block.code, "<content>", "exec"), namespace)  # noqa: S102 - our content
