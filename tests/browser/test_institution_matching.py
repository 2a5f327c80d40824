"""Issue 19 in the browser: two organisations each record a case naming the same
institution; the second caseworker sees the match and the first organisation's name,
never its content. Both sides work through their own office pages without JavaScript:
a member organisation's caseworker records an own case at the intake and names the
institution on its case page; then the association's caseworker does the same for theirs.
On a phone and a laptop, German and Arabic.

Set MELDESTELLE_SCREENSHOT_DIR to keep screenshots for a human look.
"""

import os
import re
from pathlib import Path

import pytest

from reporting.models import AuditEvent, Case, InstitutionMention
from reporting.services.institutions import matching_key_grants_write
from reporting.vocabulary.roles import Role
from tests.browser.helpers import fill_report_form, path_of, staff_log_in, submit_main_form

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SIZES = [{"width": 360, "height": 740}, {"width": 1366, "height": 768}]
MEMBER = "Beratung Nord (fiktiv)"
MEMBER_NARRATIVE = "Zyxwv-Bericht-der-Mitgliedsorganisation-1618"
OUR_NARRATIVE = "Die Hausverwaltung hat mir die Wohnung nicht gegeben."
MEMBER_SPELLING = "MUSTER WOHNBAU G.m.b.H. (fiktiv)"
OUR_SPELLING = "Muster-Wohnbau GmbH (fiktiv)"


def _panel_screenshot(page, name: str) -> None:
    directory = os.environ.get("MELDESTELLE_SCREENSHOT_DIR")
    if directory:
        page.locator("#institutions").screenshot(path=str(Path(directory) / f"{name}.png"))


def _intake(page, base: str, narrative: str) -> Case:
    """Record a phone report without a receipt code from the office menu; its case."""
    page.locator('nav a[href="/de/office/intake/"]').click()
    assert path_of(page) == "/de/office/intake/"
    page.select_option("select[name=channel]", "PHONE")
    page.select_option("select[name=language]", "de")
    fill_report_form(page, narrative)
    assert submit_main_form(page).status == 200
    match = re.fullmatch(r"/de/office/cases/(\d+)/", path_of(page))
    assert match, path_of(page)
    return Case.objects.get(pk=int(match[1]))


def _name_institution(page, name: str, district: str = "14713") -> str:
    page.fill("#id_institution_name", name)
    page.select_option("#id_institution_district", district)
    with page.expect_navigation():
        page.locator("#institutions button", has_text="Erfassen").click()
    return page.locator("#institutions").inner_text()


def test_the_second_organisation_sees_the_first_named_not_its_case(
    new_context,
    live_server,
    axe_check,
    make_staff,
    make_member,
    make_member_caseworker,
    association_keyring,
    association_private_key,
):
    base = live_server.url
    member = make_member(MEMBER, partner=False)
    member_worker = make_member_caseworker(member)
    # An administrator's session gave every organisation key the matching key.
    matching_key_grants_write(keys=[association_private_key])

    # The first organisation: its caseworker records an own case at the intake.
    first = new_context(javascript=False, viewport=SIZES[1]).new_page()
    staff_log_in(first, base, member_worker)
    theirs = _intake(first, base, MEMBER_NARRATIVE)
    assert theirs.member_organisation_id == member.pk
    assert MEMBER_NARRATIVE in first.content()
    text = _name_institution(first, MEMBER_SPELLING)
    assert path_of(first) == f"/de/office/cases/{theirs.pk}/"
    assert MEMBER_SPELLING in text
    assert "Kein Treffer im Netzwerk, der angezeigt werden darf." in text
    assert "Abgleich mit anderen Fällen" not in text  # the matching key is in the session
    assert InstitutionMention.objects.get(case=theirs).name_hash

    # The second: the association's caseworker, on a case of the association's own.
    caseworker = make_staff(Role.CASEWORKER)
    page = new_context(javascript=False, viewport=SIZES[0]).new_page()
    staff_log_in(page, base, caseworker)
    ours = _intake(page, base, OUR_NARRATIVE)
    assert ours.member_organisation_id is None
    case_url = f"{base}/de/office/cases/{ours.pk}/"
    panel = page.locator("#institutions")
    assert "Keine Institution erfasst." in panel.inner_text()

    # A name that is only a legal form: the error beside the field, the input kept.
    page.fill("#id_institution_name", "GmbH")
    with page.expect_navigation():
        panel.locator("button", has_text="Erfassen").click()
    assert "Geben Sie den Namen der Institution ein." in page.locator("#institutions").inner_text()
    assert page.input_value("#id_institution_name") == "GmbH"
    _panel_screenshot(page, "institutions-error-de-360")

    text = _name_institution(page, OUR_SPELLING)
    assert path_of(page) == f"/de/office/cases/{ours.pk}/"
    assert OUR_SPELLING in text
    assert "1 anderer Fall im Netzwerk nennt diese Institution." in text
    assert MEMBER in page.locator("#institutions .match").inner_text()
    # The first organisation's name, never its content, spelling or case number.
    content = page.content()
    assert MEMBER_NARRATIVE not in content and MEMBER_SPELLING not in content
    assert f"/office/cases/{theirs.pk}/" not in content
    assert f"#{theirs.pk}" not in page.locator("main").inner_text()
    assert AuditEvent.objects.filter(
        case=ours, actor=caseworker, verb=AuditEvent.Verb.INSTITUTION_MATCHED
    ).exists()
    # The member organisation's case stays closed to the association's caseworker.
    assert page.goto(f"{base}/de/office/cases/{theirs.pk}/").status == 404

    # And the first organisation now sees the association named, not the second case.
    first.reload()
    text = first.locator("#institutions").inner_text()
    assert "1 anderer Fall im Netzwerk nennt diese Institution." in text
    assert association_keyring.key.organisation.name in text
    assert OUR_SPELLING not in first.content() and OUR_NARRATIVE not in first.content()
    assert f"/office/cases/{ours.pk}/" not in first.content()

    for size in SIZES:
        for viewer, url in ((page, case_url), (first, f"{base}/de/office/cases/{theirs.pk}/")):
            viewer.set_viewport_size(size)
            for language in ("de", "ar"):
                assert viewer.goto(url.replace("/de/", f"/{language}/")).status == 200
                viewer.locator("#institutions").scroll_into_view_if_needed()
                wide = viewer.evaluate("document.documentElement.scrollWidth")
                assert wide <= size["width"], f"{language}: {wide}px wide at {size['width']}px"
                who = "member" if viewer is first else "association"
                _panel_screenshot(viewer, f"institutions-{who}-{language}-{size['width']}")

    # The same session with JavaScript on, for axe (a second login would reuse the TOTP).
    with_javascript = new_context(javascript=True, viewport=SIZES[0])
    with_javascript.add_cookies(first.context.cookies())
    checked = with_javascript.new_page()
    checked.goto(f"{base}/ar/office/cases/{theirs.pk}/")
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
