"""A referral outside the network from the case page, and a partner's own directory
entry, without JavaScript, on a phone and a laptop, in German and Arabic: nothing wider
than the screen, the summary shown once to hand over.

Set MELDESTELLE_SCREENSHOT_DIR to keep screenshots for a human look.
"""

import os
from pathlib import Path

import pytest

from reporting.models import ExternalReferral
from reporting.services.reports import report_submit
from reporting.vocabulary.roles import Role
from tests.browser.helpers import path_of, staff_log_in
from tests.factories import submission

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SIZES = [{"width": 360, "height": 740}, {"width": 1366, "height": 768}]


def _shot(locator, name: str) -> None:
    directory = os.environ.get("MELDESTELLE_SCREENSHOT_DIR")
    if directory:
        locator.screenshot(path=str(Path(directory) / f"{name}.png"))


def _fits(page, size, language) -> None:
    wide = page.evaluate("document.documentElement.scrollWidth")
    assert wide <= size["width"], f"{language}: {wide}px wide at {size['width']}px"


def test_external_referral_from_the_case_page(new_context, live_server, make_staff, axe_check):
    caseworker = make_staff(Role.CASEWORKER)
    case = report_submit(submission=submission(consent_referral=True)).report.case
    page = new_context(javascript=False, viewport=SIZES[0]).new_page()
    staff_log_in(page, live_server.url, caseworker)
    case_url = f"{live_server.url}/de/office/cases/{case.pk}/"
    for size in SIZES:
        page.set_viewport_size(size)
        for language in ("de", "ar"):
            page.goto(case_url.replace("/de/", f"/{language}/"))
            page.locator("#external-referral").scroll_into_view_if_needed()
            _fits(page, size, language)
            _shot(page.locator("#external-referral"), f"external-form-{language}-{size['width']}")

    page.set_viewport_size(SIZES[0])
    page.goto(case_url)
    page.fill("#id_external-body_name", "Landesweite Beratung (fiktiv)")
    page.fill("#id_external-summary", "Beratung zu einer Kündigung gewünscht.")
    with page.expect_navigation():
        page.click("text=Erfassen und Zusammenfassung zeigen")
    assert path_of(page) == f"/de/office/cases/{case.pk}/external-referral/"
    assert "Beratung zu einer Kündigung gewünscht." in page.locator("main").inner_text()
    assert ExternalReferral.objects.filter(case=case).exists()
    _fits(page, SIZES[0], "de")
    _shot(page, "external-handover-de-360")
    _axe(new_context, page, axe_check, case_url.replace("/de/", "/ar/"))


def _axe(new_context, page, axe_check, url) -> None:
    """The same session with JavaScript on (a second login would reuse the TOTP)."""
    with_javascript = new_context(javascript=True, viewport=SIZES[0])
    with_javascript.add_cookies(page.context.cookies())
    checked = with_javascript.new_page()
    checked.goto(url)
    axe_check(checked)


def test_partner_keeps_the_organisation_entry(new_context, live_server, make_member, axe_check):
    org = make_member("Beratung Ost (fiktiv)")
    page = new_context(javascript=False, viewport=SIZES[0]).new_page()
    staff_log_in(page, live_server.url, org.partner, lands_on="/de/office/referrals/")
    page.goto(f"{live_server.url}/de/office/organisation/")
    page.check("#id_is_paused")
    page.fill("#id_opening_hours", "Mo–Do 9–16 Uhr")
    with page.expect_navigation():
        page.click("main button[type=submit]")
    assert "Ihre Organisation ist pausiert" in page.locator("main").inner_text()
    for size in SIZES:
        page.set_viewport_size(size)
        for language in ("de", "ar"):
            page.goto(f"{live_server.url}/{language}/office/organisation/")
            _fits(page, size, language)
            _shot(page, f"organisation-{language}-{size['width']}")
    org.refresh_from_db()
    assert org.is_paused and org.opening_hours == "Mo–Do 9–16 Uhr"
    for language in ("de", "ar"):
        _axe(new_context, page, axe_check, f"{live_server.url}/{language}/office/organisation/")
