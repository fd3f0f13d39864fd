"""Browser tests drive Debian's Chromium (/usr/bin/chromium) through Playwright.

Playwright cannot download its own browser here, so the launch points at the system one;
`make test` installs it with apt-get when it is missing.
"""

import io
import os
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
# around it are still plain synchronous calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args():
    if not CHROMIUM.exists():
        pytest.fail(
            f"Browser tests need Chromium at {CHROMIUM}. Run `make test` (it installs Debian's "
            "chromium as root) or `apt-get install chromium`, or set CHROMIUM_PATH.",
            pytrace=False,
        )
    return {
        "executable_path": str(CHROMIUM),
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture
def site(live_server, transactional_db):
    """The live server with the real question bank loaded; returns its base URL."""
    call_command("load_content", stdout=io.StringIO())
    return live_server.url


@pytest.fixture(scope="session")
def axe():
    return Axe()


@pytest.fixture
def assert_accessible(axe):
    def check(page):
        results = axe.run(page)
        assert results.violations_count == 0, results.generate_report()

    return check


def tab_to(page, name: str, limit: int = 80) -> None:
    """Press Tab until the focused element's text contains `name`, as a keyboard user would."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        text = page.evaluate("document.activeElement ? document.activeElement.innerText : ''")
        if name in (text or ""):
            return
    raise AssertionError(f"could not reach {name!r} with the Tab key")


def log_in_to_admin(page, site: str) -> None:
    """Create a superuser, "editor", and sign in through admin's own login form."""
    from django.contrib.auth.models import User

    password = "a long passphrase for the admin"
    User.objects.create_superuser("editor", "editor@example.com", password)
    page.goto(site + "/admin/")
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
