"""The case page's deadlines and follow-up without JavaScript, on a phone and a laptop,
in German and Arabic: recorded through the form, an error kept with its input, overdue
marked, nothing wider than the screen, no serious axe violation.

Set MELDESTELLE_SCREENSHOT_DIR to keep full-page screenshots for a human look.
"""

import datetime
import os
from pathlib import Path

import pytest

from reporting.services import deadlines as services
from reporting.services.reports import report_submit
from reporting.vocabulary.roles import Role
from tests.browser.helpers import path_of, staff_log_in
from tests.browser.test_phone_layout import screenshot
from tests.factories import submission

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SIZES = [{"width": 360, "height": 740}, {"width": 1366, "height": 768}]
D = datetime.date


def _panel_screenshot(page, name: str) -> None:
    """The panel alone: the whole case page is too long to look at."""
    directory = os.environ.get("MELDESTELLE_SCREENSHOT_DIR")
    if directory:
        page.locator("#deadlines").screenshot(path=str(Path(directory) / f"{name}.png"))


def test_deadlines_on_the_case_page(new_context, live_server, axe_check, make_staff):
    caseworker = make_staff(Role.CASEWORKER)
    case = report_submit(submission=submission()).report.case
    overdue = services.deadline_record(
        case=case, actor=caseworker, kind="OBJECTION", starts_on=D(2026, 5, 1)
    )
    paused = services.deadline_record(
        case=case, actor=caseworker, kind="AGG_CLAIM", starts_on=D(2026, 5, 20)
    )
    services.deadline_pause(deadline=paused, actor=caseworker, on=D(2026, 6, 1))
    services.follow_up_set(
        case=case, actor=caseworker, due_on=D(2026, 6, 17), note="Anwältin zurückrufen."
    )
    page = new_context(javascript=False, viewport=SIZES[0]).new_page()
    staff_log_in(page, live_server.url, caseworker)
    case_url = f"{live_server.url}/de/office/cases/{case.pk}/"

    # Recorded through the form, without JavaScript: back on the case, at the panel.
    page.goto(case_url)
    page.select_option("#id_deadline_kind", "COURT_ACTION")
    page.fill("#id_deadline_starts_on", "2026-06-10")
    with page.expect_navigation():
        page.click("text=Frist erfassen")
    assert path_of(page) == f"/de/office/cases/{case.pk}/"
    assert page.locator(".deadline").count() == 3
    assert page.locator(".deadline.overdue").count() == 1
    assert page.locator(".deadline.overdue .flag").inner_text() == "Überfällig"

    # A day before the start: the error beside the deadline, the typed day kept.
    page.fill(f"#id_deadline{overdue.pk}_on", "2026-04-01")
    with page.expect_navigation():
        page.locator(".deadline.overdue button", has_text="Hemmen").click()
    assert "bevor sie zu laufen begann" in page.locator("#deadlines").inner_text()
    assert page.input_value(f"#id_deadline{overdue.pk}_on") == "2026-04-01"
    _panel_screenshot(page, "deadlines-error-de-360")

    for size in SIZES:
        page.set_viewport_size(size)
        for language in ("de", "ar"):
            page.goto(case_url.replace("/de/", f"/{language}/"))
            page.locator("#deadlines").scroll_into_view_if_needed()
            wide = page.evaluate("document.documentElement.scrollWidth")
            assert wide <= size["width"], f"{language}: {wide}px wide at {size['width']}px"
            screenshot(page, f"case-{language}-{size['width']}")
            _panel_screenshot(page, f"deadlines-{language}-{size['width']}")
    # The inbox filtered to overdue deadlines, its rows marked, in both directions.
    for language in ("de", "ar"):
        page.set_viewport_size(SIZES[0])
        page.goto(f"{live_server.url}/{language}/office/?due=OVERDUE")
        assert page.locator("table.cases tbody tr").count() == 1
        assert page.locator("table.cases .due").count() == 1
        assert page.evaluate("document.documentElement.scrollWidth") <= SIZES[0]["width"]
        screenshot(page, f"inbox-overdue-{language}-360")

    # The same session with JavaScript on, for axe (a second login would reuse the TOTP).
    with_javascript = new_context(javascript=True, viewport=SIZES[0])
    with_javascript.add_cookies(page.context.cookies())
    checked = with_javascript.new_page()
    checked.goto(case_url.replace("/de/", "/ar/"))
    axe_check(checked)
