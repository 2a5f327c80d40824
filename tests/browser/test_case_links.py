"""The case page's panel of linked reports without JavaScript, on a phone and a laptop, in
German and Arabic: linked through the form with a confirmation, a wrong number kept with
its error, the linked cases listed as links on the lead's page, nothing wider than the
screen, no serious axe violation.

Set MELDESTELLE_SCREENSHOT_DIR to keep screenshots for a human look.
"""

import os
from pathlib import Path

import pytest

from reporting.models import Case
from reporting.services.reports import report_submit
from reporting.vocabulary.roles import Role
from tests.browser.helpers import path_of, staff_log_in
from tests.factories import submission

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SIZES = [{"width": 360, "height": 740}, {"width": 1366, "height": 768}]


def _panel_screenshot(page, name: str) -> None:
    directory = os.environ.get("MELDESTELLE_SCREENSHOT_DIR")
    if directory:
        page.locator("#links").screenshot(path=str(Path(directory) / f"{name}.png"))


def test_linking_on_the_case_page(new_context, live_server, axe_check, make_staff):
    caseworker = make_staff(Role.CASEWORKER)
    lead, witness = (report_submit(submission=submission()).report.case for _ in range(2))
    page = new_context(javascript=False, viewport=SIZES[0]).new_page()
    staff_log_in(page, live_server.url, caseworker)
    case_url = f"{live_server.url}/de/office/cases/{witness.pk}/"

    # A number that is no case the user may see: the error beside it, the input kept.
    page.goto(case_url)
    page.click("#links summary")
    page.fill("#id_link_lead", "999999")
    with page.expect_navigation():
        page.click("#links button:has-text('Verknüpfen')")
    assert "Es gibt keinen Fall mit dieser Nummer" in page.locator("#links").inner_text()
    assert page.input_value("#id_link_lead") == "999999"
    _panel_screenshot(page, "links-error-de-360")

    # Linked as the same incident, without JavaScript: back on the case, confirmed.
    page.goto(case_url)
    page.click("#links summary")
    page.check("#id_link_kind_0")
    page.fill("#id_link_lead", f"#{lead.pk}")
    with page.expect_navigation():
        page.click("#links button:has-text('Verknüpfen')")
    assert path_of(page) == f"/de/office/cases/{witness.pk}/"
    assert f"betrifft denselben Vorfall wie Fall #{lead.pk}" in page.inner_text("body")
    assert Case.objects.get(pk=witness.pk).linked_to_id == lead.pk

    for size in SIZES:
        page.set_viewport_size(size)
        for language in ("de", "ar"):
            for case in (witness, lead):
                page.goto(f"{live_server.url}/{language}/office/cases/{case.pk}/")
                page.locator("#links").scroll_into_view_if_needed()
                wide = page.evaluate("document.documentElement.scrollWidth")
                assert wide <= size["width"], f"{language}: {wide}px wide at {size['width']}px"
                role = "lead" if case is lead else "linked"
                _panel_screenshot(page, f"links-{role}-{language}-{size['width']}")
    assert page.locator(f"#links a[href$='/cases/{witness.pk}/']").count() == 1

    # The history of each case names the other one.
    for size in SIZES:
        page.set_viewport_size(size)
        for language in ("de", "ar"):
            page.goto(f"{live_server.url}/{language}/office/cases/{witness.pk}/history/")
            assert f"· #{lead.pk}" in page.locator("ul.history:not(.openings)").inner_text()
            assert page.evaluate("document.documentElement.scrollWidth") <= size["width"]
            directory = os.environ.get("MELDESTELLE_SCREENSHOT_DIR")
            if directory:
                name = f"history-{language}-{size['width']}.png"
                page.screenshot(path=str(Path(directory) / name))

    # Removed from the lead's page.
    page.goto(f"{live_server.url}/de/office/cases/{lead.pk}/")
    with page.expect_navigation():
        page.click("#links button:has-text('Verknüpfung entfernen')")
    assert Case.objects.get(pk=witness.pk).linked_to_id is None

    with_javascript = new_context(javascript=True, viewport=SIZES[0])
    with_javascript.add_cookies(page.context.cookies())
    checked = with_javascript.new_page()
    checked.goto(case_url.replace("/de/", "/ar/"))
    axe_check(checked)
