"""Issue 19 in the browser: two organisations each record a case naming the same
institution; the second caseworker sees the match and the first organisation's name,
never its content. Without JavaScript, on a phone and a laptop, German and Arabic.

The first organisation is a member organisation whose case and mention are made through
the services (its own office pages are built in parallel, issue 19 part 1); the second
is the association, whose caseworker records through the case page. After integration,
the member side can go through the member caseworker's case page the same way.

Set MELDESTELLE_SCREENSHOT_DIR to keep screenshots for a human look.
"""

import os
from pathlib import Path

import pytest

from reporting.models import AuditEvent, Case, InstitutionMention
from reporting.selectors.institutions import session_matching_key
from reporting.services.institutions import (
    institution_mention_record,
    matching_key_grants_write,
)
from reporting.services.reports import report_submit
from reporting.vocabulary.roles import Role
from tests.browser.helpers import path_of, staff_log_in
from tests.factories import submission

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SIZES = [{"width": 360, "height": 740}, {"width": 1366, "height": 768}]
MEMBER = "Beratung Nord (fiktiv)"
MEMBER_NARRATIVE = "Zyxwv-Bericht-der-Mitgliedsorganisation-1618"
MEMBER_SPELLING = "MUSTER WOHNBAU G.m.b.H. (fiktiv)"
OUR_SPELLING = "Muster-Wohnbau GmbH (fiktiv)"


def _panel_screenshot(page, name: str) -> None:
    directory = os.environ.get("MELDESTELLE_SCREENSHOT_DIR")
    if directory:
        page.locator("#institutions").screenshot(path=str(Path(directory) / f"{name}.png"))


def test_the_second_organisation_sees_the_first_named_not_its_case(
    new_context, live_server, axe_check, make_staff, make_member, association_private_key
):
    # An administrator's session gave the member organisation the matching key.
    member = make_member(MEMBER, partner=False)
    matching_key_grants_write(keys=[association_private_key])
    # The first organisation: its own case, the institution recorded in its spelling
    # with the matching key its session opens from the grant.
    theirs = report_submit(submission=submission(narrative=MEMBER_NARRATIVE)).report.case
    Case.objects.filter(pk=theirs.pk).update(member_organisation=member)
    theirs.refresh_from_db()
    institution_mention_record(
        case=theirs,
        actor=None,
        name=MEMBER_SPELLING,
        district="14713",
        matching_key=session_matching_key([member.private_key]),
    )

    # The second: the association's caseworker, on the association's own case.
    caseworker = make_staff(Role.CASEWORKER)
    ours = report_submit(submission=submission()).report.case
    page = new_context(javascript=False, viewport=SIZES[0]).new_page()
    staff_log_in(page, live_server.url, caseworker)
    case_url = f"{live_server.url}/de/office/cases/{ours.pk}/"
    page.goto(case_url)
    panel = page.locator("#institutions")
    assert "Keine Institution erfasst." in panel.inner_text()

    # A name that is only a legal form: the error beside the field, the input kept.
    page.fill("#id_institution_name", "GmbH")
    with page.expect_navigation():
        panel.locator("button", has_text="Erfassen").click()
    assert "Geben Sie den Namen der Institution ein." in page.locator("#institutions").inner_text()
    assert page.input_value("#id_institution_name") == "GmbH"
    _panel_screenshot(page, "institutions-error-de-360")

    page.fill("#id_institution_name", OUR_SPELLING)
    page.select_option("#id_institution_district", "14713")
    with page.expect_navigation():
        page.locator("#institutions button", has_text="Erfassen").click()
    assert path_of(page) == f"/de/office/cases/{ours.pk}/"
    text = page.locator("#institutions").inner_text()
    assert OUR_SPELLING in text
    assert "1 anderer Fall im Netzwerk nennt diese Institution." in text
    assert MEMBER in page.locator("#institutions .match").inner_text()
    content = page.content()
    assert MEMBER_NARRATIVE not in content and MEMBER_SPELLING not in content
    assert f"/office/cases/{theirs.pk}/" not in content
    assert InstitutionMention.objects.filter(case=ours).get().name_hash
    assert AuditEvent.objects.filter(
        case=ours, actor=caseworker, verb=AuditEvent.Verb.INSTITUTION_MATCHED
    ).exists()
    # The member organisation's case stays closed to the association's caseworker.
    assert page.goto(f"{live_server.url}/de/office/cases/{theirs.pk}/").status == 404

    for size in SIZES:
        page.set_viewport_size(size)
        for language in ("de", "ar"):
            page.goto(case_url.replace("/de/", f"/{language}/"))
            page.locator("#institutions").scroll_into_view_if_needed()
            wide = page.evaluate("document.documentElement.scrollWidth")
            assert wide <= size["width"], f"{language}: {wide}px wide at {size['width']}px"
            _panel_screenshot(page, f"institutions-{language}-{size['width']}")

    # The same session with JavaScript on, for axe (a second login would reuse the TOTP).
    with_javascript = new_context(javascript=True, viewport=SIZES[0])
    with_javascript.add_cookies(page.context.cookies())
    checked = with_javascript.new_page()
    checked.goto(case_url.replace("/de/", "/ar/"))
    axe_check(checked)


def test_an_administrator_gives_the_matching_key_on_the_keys_page(
    new_context, live_server, make_staff, make_member
):
    from reporting.models import MatchingKeyGrant

    make_member(MEMBER, partner=False)
    administrator = make_staff(Role.ADMINISTRATOR)
    page = new_context(javascript=False, viewport=SIZES[0]).new_page()
    staff_log_in(page, live_server.url, administrator)
    page.goto(f"{live_server.url}/de/office/keys/")
    section = page.locator("section", has=page.locator("#matching-title"))
    assert MEMBER in section.inner_text()
    for size in SIZES:
        page.set_viewport_size(size)
        wide = page.evaluate("document.documentElement.scrollWidth")
        assert wide <= size["width"], f"{wide}px wide at {size['width']}px"
        directory = os.environ.get("MELDESTELLE_SCREENSHOT_DIR")
        if directory:
            page.screenshot(path=str(Path(directory) / f"keys-de-{size['width']}.png"))
    with page.expect_navigation():
        section.locator("button[name=matching]").click()
    assert path_of(page) == "/de/office/keys/"
    assert MatchingKeyGrant.objects.get().organisation_key.organisation.name == MEMBER
    assert "Jeder Organisationsschlüssel hat den Abgleichschlüssel." in page.content()
