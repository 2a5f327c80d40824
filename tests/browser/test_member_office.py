"""Issue 19: a member organisation's office as its caseworker walks it, without
JavaScript, on a phone and a laptop, in German and Arabic: every menu page answers, none
scrolls sideways, the case page offers what a member caseworker can use (no referral to
a member organisation) with the main column closed up beside the tall side column, and a
case shared with the association reaches the association's "shared" page as the
organisation's name and the summary, never the narrative.

Set MELDESTELLE_SCREENSHOT_DIR to keep screenshots for a human look.
"""

import re

import pytest

from reporting.models import Case
from reporting.vocabulary.roles import Role
from tests.browser.helpers import (
    fill_report_form,
    path_of,
    screenshot,
    staff_log_in,
    submit_main_form,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SIZES = [{"width": 360, "height": 740}, {"width": 1366, "height": 768}]
MEMBER = "Beratung Süd (fiktiv)"
NARRATIVE = "Zyxwv-Bericht-nur-fuer-die-Organisation-2718"
SUMMARY = "Absage nach Namensnennung, Beratung läuft (fiktiv)."
MENU = [
    "/de/office/",
    "/de/office/intake/",
    "/de/office/figures/",
    "/de/office/statistics/export/",
    "/de/office/password/",
]


def test_a_member_caseworker_walks_their_office(
    new_context, live_server, make_staff, make_member, make_member_caseworker
):
    base = live_server.url
    member = make_member(MEMBER, partner=False)
    worker = make_member_caseworker(member)
    page = new_context(javascript=False, viewport=SIZES[1]).new_page()
    staff_log_in(page, base, worker)
    menu = [a.get_attribute("href") for a in page.locator("header nav a").all()]
    assert sorted(menu) == sorted(MENU), menu
    assert not any(
        h.startswith(("/de/office/keys/", "/de/office/referrals/", "/de/office/shared/"))
        for h in menu
    ), menu

    # An own case at the intake, the person agreeing to a summary for the association.
    page.goto(f"{base}/de/office/intake/")
    assert "Zusammenfassung meiner Meldung mit dem Verein teilen" in page.content()
    page.select_option("select[name=channel]", "PHONE")
    page.select_option("select[name=language]", "de")
    fill_report_form(page, NARRATIVE)
    page.check("input[name=consent_referral]")
    assert submit_main_form(page).status == 200
    found = re.fullmatch(r"/de/office/cases/(\d+)/", path_of(page))
    assert found, path_of(page)
    case = Case.objects.get(pk=int(found[1]))
    assert case.member_organisation_id == member.pk
    case_url = f"{base}/de/office/cases/{case.pk}/"

    # The case page: the side panels a member caseworker uses, no referral.
    for panel in ("#links", "#institutions", "#deadlines"):
        assert page.locator(panel).count() == 1, panel
    assert page.locator("#referral-title").count() == 0
    # The share section follows the timeline, not pushed down by the side column.
    gap = page.evaluate(
        """() => {
        const timeline = document.querySelector('section[aria-labelledby=timeline-title]');
        const share = document.querySelector('section[aria-labelledby=share-title]');
        return share.getBoundingClientRect().top - timeline.getBoundingClientRect().bottom;
    }"""
    )
    assert gap < 100, f"{gap}px between the timeline and the share section"

    # The narrative keeps its own direction on an Arabic page (its full stop on the right).
    page.goto(case_url.replace("/de/", "/ar/"))
    bidi = page.evaluate("getComputedStyle(document.querySelector('.timeline .body')).unicodeBidi")
    assert bidi == "plaintext"
    page.goto(case_url)

    page.fill("#share textarea", SUMMARY)
    with page.expect_navigation():
        page.locator("#share button[type=submit]").click()
    assert path_of(page) == f"/de/office/cases/{case.pk}/"
    assert SUMMARY in page.locator("section[aria-labelledby=share-title]").inner_text()

    # Every page of the menu and the case, both sizes, German and Arabic.
    pages = [*MENU, case_url.removeprefix(base)]
    pages.append(f"/de/office/cases/{case.pk}/history/")
    for size in SIZES:
        page.set_viewport_size(size)
        for language in ("de", "ar"):
            for path in pages:
                url = f"{base}{path.replace('/de/', f'/{language}/', 1)}"
                response = page.goto(url)
                assert response.status == 200, (url, response.status)
                wide = page.evaluate("document.documentElement.scrollWidth")
                assert wide <= size["width"], f"{url}: {wide}px wide at {size['width']}px"
                name = path.strip("/").replace("/", "-")
                screenshot(page, f"member-{name}-{language}-{size['width']}")

    # The association's caseworker reads the organisation's name and the summary only.
    caseworker = make_staff(Role.CASEWORKER)
    association = new_context(javascript=False, viewport=SIZES[0]).new_page()
    staff_log_in(association, base, caseworker)
    association.locator('header nav a[href="/de/office/shared/"]').click()
    text = association.locator("main").inner_text()
    assert MEMBER in text and SUMMARY in text
    assert NARRATIVE not in association.content()
    assert f"/office/cases/{case.pk}/" not in association.content()
    for size in SIZES:
        association.set_viewport_size(size)
        for language in ("de", "ar"):
            association.goto(f"{base}/{language}/office/shared/")
            wide = association.evaluate("document.documentElement.scrollWidth")
            assert wide <= size["width"], f"{language}: {wide}px wide at {size['width']}px"
            screenshot(association, f"shared-{language}-{size['width']}")
    assert association.goto(case_url).status == 404
