"""Real Chromium through Playwright against pytest-django's live server.

Public pages must work without JavaScript, so the `page` fixture turns it off.
Accessibility checks need JavaScript for axe-core and run in separate contexts.
Never let Playwright download a browser: Debian's Chromium is used.
"""

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in the test thread; without this,
# Django refuses ORM access from that thread (SynchronousOnlyOperation).
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SERIOUS_IMPACTS = {"serious", "critical"}
DEFAULT_TIMEOUT_MS = 10_000


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        reason = (
            f"Chromium not found at {CHROMIUM}: install Debian's chromium package "
            "(set MELDESTELLE_REQUIRE_BROWSER=1 to fail instead of skipping)"
        )
        if os.environ.get("MELDESTELLE_REQUIRE_BROWSER") == "1":
            pytest.fail(reason, pytrace=False)
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def new_context(browser) -> Iterator[Callable]:
    """Factory for browser contexts; every context is closed after the test."""
    contexts = []

    def make(*, javascript: bool, **options):
        context = browser.new_context(java_script_enabled=javascript, **options)
        context.set_default_timeout(DEFAULT_TIMEOUT_MS)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_context, live_server, association_keyring):
    """A page for public pages, as a visitor without JavaScript sees them."""
    return new_context(javascript=False).new_page()


@pytest.fixture
def js_page(new_context, live_server, association_keyring):
    """A page in its own context with JavaScript on (for axe)."""
    return new_context(javascript=True).new_page()


def format_violations(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(
            f"[{violation.get('impact')}] {violation['id']}: {violation['help']}"
            f" ({violation.get('helpUrl', '')})"
        )
        for node in violation.get("nodes", []):
            lines.append(f"    at {node.get('target')}: {node.get('html', '')[:200]}")
            summary = (node.get("failureSummary") or "").replace("\n", "\n        ")
            if summary:
                lines.append(f"        {summary}")
    return "\n".join(lines)


@pytest.fixture
def axe_check(new_context, live_server, association_keyring) -> Callable:
    """`axe_check(url_or_page)`: no serious or critical axe-core violation.

    A URL (absolute, or a path on the live server) is opened in a fresh context
    with JavaScript on; a Page (which must have JavaScript on) is checked as it is.
    """
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()

    def check(target) -> list[dict]:
        if isinstance(target, str):
            url = target if "://" in target else f"{live_server.url}{target}"
            checked = new_context(javascript=True).new_page()
            response = checked.goto(url)
            assert response is not None and response.ok, f"{url} answered {response}"
        else:
            checked = target
        results = axe.run(checked)
        violations = results.response["violations"]
        serious = [v for v in violations if v.get("impact") in SERIOUS_IMPACTS]
        assert not serious, (
            f"axe-core found serious/critical violations on {checked.url}:\n"
            + format_violations(serious)
        )
        return violations

    return check


@pytest.fixture
def caseworker(make_staff):
    """A caseworker of the association (staff_create recreates role groups that a
    transactional test's flush removed)."""
    from reporting.vocabulary.roles import Role

    user = make_staff(Role.CASEWORKER)
    assert user.groups.filter(name=Role.CASEWORKER.value).exists()
    return user
