"""Linking across organisations in a browser without JavaScript (issue 19), German, on a
phone and a laptop: the association's caseworker links a shared case from the list of
shared cases; the association's case shows it by number; the member organisation's
caseworker sees the link on their case, nothing of the association's. Nothing wider
than the screen, no serious axe violation.

Set MELDESTELLE_SCREENSHOT_DIR to keep screenshots for a human look.
"""

import os
from pathlib import Path

import pytest

from reporting.models import Case
from reporting.services.reports import report_intake, report_submit
from reporting.services.shares import case_share
from reporting.vocabulary.roles import Role
from tests.browser.helpers import path_of, screenshot, staff_log_in
from tests.factories import submission

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SIZES = [{"width": 360, "height": 740}, {"width": 1366, "height": 768}]
OURS = "Fall des Vereins, fiktiv: Asdfg-271828."


def _panel_screenshot(page, name: str) -> None:
    directory = os.environ.get("MELDESTELLE_SCREENSHOT_DIR")
    if directory:
        page.locator("#links").screenshot(path=str(Path(directory) / f"{name}.png"))


def _fits(page, size) -> None:
    wide = page.evaluate("document.documentElement.scrollWidth")
    assert wide <= size["width"], f"{page.url}: {wide}px wide at {size['width']}px"


def test_linking_a_shared_case(
    new_context, live_server, axe_check, make_staff, make_member, make_member_caseworker
):
    org = make_member("Beratung A (Demo)", partner=False)
    worker = make_member_caseworker(org)
    report_intake(
        submission=submission(consent_referral=True),
        channel="PHONE",
        actor=worker,
        receipt=False,
        attachments=[],
        member_organisation=org,
    )
    theirs = Case.objects.get(member_organisation=org)
    case_share(case=theirs, actor=worker, summary="Wohnungssuche, Absage am Telefon (fiktiv).")
    ours = report_submit(submission=submission(narrative=OURS, consent_referral=True)).report.case
    caseworker = make_staff(Role.CASEWORKER)

    page = new_context(javascript=False, viewport=SIZES[0]).new_page()
    staff_log_in(page, live_server.url, caseworker)
    shared_url = f"{live_server.url}/de/office/shared/"
    page.goto(shared_url)
    for size in SIZES:
        page.set_viewport_size(size)
        _fits(page, size)
        screenshot(page, f"shared-before-de-{size['width']}")
    row = page.locator(f"li#shared-{theirs.pk}")
    row.locator("summary").click()
    row.locator("input[name=lead]").fill(f"#{ours.pk}")
    with page.expect_navigation():
        row.locator("button:has-text('Verknüpfen')").click()
    assert path_of(page) == "/de/office/shared/"
    assert f"denselben Vorfall wie Fall #{ours.pk}" in page.locator(".messages").inner_text()
    assert Case.objects.get(pk=theirs.pk).linked_to_id == ours.pk
    for size in SIZES:
        page.set_viewport_size(size)
        page.goto(shared_url)
        _fits(page, size)
        screenshot(page, f"shared-linked-de-{size['width']}")
        page.goto(f"{live_server.url}/de/office/cases/{ours.pk}/")
        _fits(page, size)
        assert "von einer Mitgliedsorganisation geteilt" in page.locator("#links").inner_text()
        _panel_screenshot(page, f"case-association-de-{size['width']}")

    member = new_context(javascript=False, viewport=SIZES[0]).new_page()
    staff_log_in(member, live_server.url, worker)
    for size in SIZES:
        member.set_viewport_size(size)
        member.goto(f"{live_server.url}/de/office/cases/{theirs.pk}/")
        _fits(member, size)
        panel = member.locator("#links").inner_text()
        assert "den der Verein erfasst hat" in panel and f"#{ours.pk}" not in panel
        assert OURS not in member.content()
        _panel_screenshot(member, f"case-member-de-{size['width']}")

    checked = new_context(javascript=True, viewport=SIZES[0])
    checked.add_cookies(page.context.cookies())
    shared = checked.new_page()
    shared.goto(shared_url)
    axe_check(shared)
