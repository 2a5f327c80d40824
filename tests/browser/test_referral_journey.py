"""Passing a case on to a member organisation, in real Chromium without JavaScript:
reporter (consent), caseworker (suggestion, prefill, referral), partner (accept, close),
reporter again (passed on, withdrawal), and axe-core on the referral pages.

Elements are found by name attributes, values and classes only (texts are being
translated); where a label must be compared, it comes from the same gettext call.
"""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.utils import translation

from reporting.models import Case, Referral, Report
from reporting.selectors.receipts import reporter_access_for_code
from reporting.services.referrals import referral_consent_withdraw, referral_send
from reporting.services.reports import report_submit
from reporting.vocabulary.taxonomy import STORED_DISTRICTS
from tests.browser.helpers import (
    NARRATIVES,
    fill_report_form,
    log_in,
    path_of,
    read_receipt_code,
    staff_log_in,
    submit,
)
from tests.factories import submission

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DRESDEN, LEIPZIG = "14612", "14713"  # fill_report_form chooses Dresden
NEAR = "Antidiskriminierungsberatung Elbtal e. V."
FAR = "Beratungsnetz Pleiße e. V."
EDITED_SUMMARY = (
    "Wohnungssuche in Dresden, Absage am Telefon, am nächsten Tag wieder inseriert.\n"
    "Die meldende Person wünscht eine Beratung zu ihren Möglichkeiten."
)
PARTNER_UPDATE = "Erstgespräch für nächste Woche vereinbart."
CLOSING_NOTE = "Beratung durchgeführt, Beschwerdebrief besprochen."


@pytest.fixture
def members(make_member, caseworker):
    """One member organisation serving the report's district, one far away."""
    near = make_member(NEAR, districts=[DRESDEN], languages=["de"], grounds=["RACISM"])
    far = make_member(FAR, districts=[LEIPZIG], languages=["ar"])
    return near, far


def german(text) -> str:
    """A label (lazy) or a msgid (str) as German pages show it."""
    with translation.override("de"):
        return translation.gettext(text) if isinstance(text, str) else str(text)


def report_with_consent(page, base_url: str, narrative: str) -> str:
    """The German report form, with consent to passing on (not to naming); the code."""
    page.goto(f"{base_url}/de/report/")
    fill_report_form(page, narrative, district=DRESDEN)
    page.check("input[name=consent_referral]")
    assert not page.is_checked("input[name=consent_referral_naming]")
    assert submit(page, "/de/report/").status == 200
    code = read_receipt_code(page)
    page.fill("input[name=last_four]", code[-4:])
    assert submit(page, "/de/report/saved/").status == 200
    return code


def referral_section(page):
    return page.locator("section[aria-labelledby=referral-title]")


def pass_on(page, case_path: str, organisation, summary: str) -> None:
    """Fill the referral form on the case page and send it; back on the case page."""
    page.fill("textarea[name=summary]", summary)
    page.select_option("select[name=organisation]", str(organisation.pk))
    # The form's own button; the suggestions' buttons sit in its list.
    with page.expect_navigation() as navigation:
        page.locator(f'form[action="{case_path}refer/"] > button[type=submit]').click()
    response = navigation.value
    assert response.status == 200, response.status
    assert path_of(page) == case_path
    assert page.locator(".error-summary").count() == 0, page.locator(".error-summary").inner_text()


def referral_step(page, referral_path: str, *, status: str, outcome: str = "", text: str = ""):
    """Write the text, choose the outcome if there is one, press the step's button."""
    if outcome:
        page.select_option("select[name=outcome]", outcome)
    page.fill("textarea[name=text]", text)
    button = f'form[action="{referral_path}step/"] button[name=status][value="{status}"]'
    with page.expect_navigation() as navigation:
        page.locator(button).click()
    response = navigation.value
    assert response.status == 200, response.status
    assert path_of(page) == referral_path
    assert page.locator(".error-summary").count() == 0


def open_only_referral(partner) -> str:
    """From the partner's list, open its single referral; the referral's path."""
    referral = Referral.objects.get()
    referral_path = f"/de/office/referrals/{referral.pk}/"
    rows = partner.locator("table.cases tbody tr")
    assert rows.count() == 1
    with partner.expect_navigation():
        rows.locator(f'a[href="{referral_path}"]').click()
    assert path_of(partner) == referral_path
    return referral_path


def test_referral_loop_without_javascript(new_context, live_server, caseworker, members):
    base = live_server.url
    near, far = members
    narrative = NARRATIVES["de"]

    # The reporter consents to passing on (not to naming) and keeps the code.
    reporter = new_context(javascript=False).new_page()
    code = report_with_consent(reporter, base, narrative)
    reporter.context.close()
    report = Report.objects.get()
    assert report.consent_referral and not report.consent_referral_naming
    case_path = f"/de/office/cases/{Case.objects.get().pk}/"

    # The caseworker opens the case: the organisation serving Dresden is suggested.
    office = new_context(javascript=False).new_page()
    staff_log_in(office, base, caseworker, lands_on="/de/office/")
    with office.expect_navigation():
        office.locator(f'table.cases a[href="{case_path}"]').click()
    section = referral_section(office)
    suggestions = section.locator("ol.suggestions li")
    assert suggestions.count() == 1, suggestions.all_inner_texts()
    assert suggestions.locator("strong").inner_text() == NEAR
    district = german(dict(STORED_DISTRICTS)[DRESDEN])
    assert german("serves %(district)s") % {"district": district} in suggestions.inner_text()
    assert FAR not in section.locator("ol.suggestions").inner_text()
    assert section.locator(".referral").count() == 0
    assert office.input_value("textarea[name=summary]") == ""
    for organisation in (near, far):  # every member organisation can be chosen
        option = f'select[name=organisation] option[value="{organisation.pk}"]'
        assert office.locator(option).count() == 1

    # Prefill the summary with the narrative (a GET form: works without JavaScript).
    section.locator("input[name=prefill][value=narrative]").check()
    with office.expect_navigation():
        section.locator("form[method=get] button[type=submit]").click()
    assert path_of(office) == case_path
    assert parse_qs(urlsplit(office.url).query) == {"prefill": ["narrative"]}
    prefilled = office.input_value("textarea[name=summary]")
    assert prefilled.startswith(f"{german('What happened')}: ")
    for line in narrative.splitlines():
        assert line in prefilled
    assert german("Where") + ":" not in prefilled  # only the parts ticked

    # The caseworker rewrites it without the narrative and passes the case on.
    pass_on(office, case_path, near, EDITED_SUMMARY)
    referral = Referral.objects.get()
    assert referral.organisation == near
    assert referral.status == Referral.Status.SENT
    assert referral.consent_version == report.consent_version
    sent = referral_section(office).locator(".referral")
    assert sent.count() == 1
    assert NEAR in sent.locator("h3").inner_text()
    assert german(Referral.Status.SENT.label) in sent.locator("h3").inner_text()

    # The partner logs in and lands on the referral list.
    partner = new_context(javascript=False).new_page()
    staff_log_in(partner, base, near.partner, lands_on="/de/office/referrals/")
    row = partner.locator("table.cases tbody tr")
    assert german(Referral.Status.SENT.label) in row.inner_text()
    referral_path = open_only_referral(partner)

    # Only the summary is passed on, never the whole report.
    summary = partner.locator("section[aria-labelledby=summary-title] .narrative")
    assert summary.inner_text().splitlines() == EDITED_SUMMARY.splitlines()
    page_text = partner.locator("main").inner_text()
    for line in narrative.splitlines():
        assert line not in page_text
    assert "Linie 7" not in page_text  # the place detail the reporter gave

    # Accept, then close with an outcome.
    referral_step(partner, referral_path, status="ACCEPTED")
    assert german(Referral.Status.ACCEPTED.label) in partner.locator("h1").inner_text()
    referral_step(partner, referral_path, status="CLOSED", outcome="COUNSELLING", text=CLOSING_NOTE)
    heading = partner.locator("h1").inner_text()
    assert german(Referral.Status.CLOSED.label) in heading
    assert german(Referral.Outcome.COUNSELLING.label) in partner.locator("main").inner_text()
    assert CLOSING_NOTE in partner.locator("ul.history").inner_text()
    assert partner.locator(f'form[action="{referral_path}step/"]').count() == 0
    referral.refresh_from_db()
    assert (referral.status, referral.outcome) == (Referral.Status.CLOSED, "COUNSELLING")
    assert [u.status for u in referral.updates.all()] == ["ACCEPTED", "CLOSED"]

    # The partner's list shows the outcome too.
    partner.goto(f"{base}/de/office/referrals/")
    assert german(Referral.Outcome.COUNSELLING.label) in partner.locator("tbody tr").inner_text()

    # The caseworker sees the partner's steps on the case page.
    assert office.reload().status == 200
    sent = referral_section(office).locator(".referral")
    assert german(Referral.Outcome.COUNSELLING.label) in sent.locator("h3").inner_text()
    assert CLOSING_NOTE in sent.locator("ul.history").inner_text()

    # The reporter sees that the report was passed on, but not to whom.
    reporter = new_context(javascript=False).new_page()
    assert log_in(reporter, base, "de", code).status == 200
    assert path_of(reporter) == "/de/receipt/status/"
    notice = reporter.locator("main p.notice")
    assert notice.count() == 1
    assert german("Your report was passed on to a member organisation.") in notice.inner_text()
    everything = reporter.content()
    assert NEAR not in everything
    assert FAR not in everything


def test_withdrawn_consent_destroys_the_partners_copy(
    new_context, live_server, caseworker, members
):
    base = live_server.url
    near, _far = members
    narrative = "Im Bus wurde ich beschimpft.\nDer Fahrer hat nichts gesagt."

    reporter = new_context(javascript=False).new_page()
    code = report_with_consent(reporter, base, narrative)
    case_path = f"/de/office/cases/{Case.objects.get().pk}/"

    # The caseworker passes it on, with a summary written by hand.
    office = new_context(javascript=False).new_page()
    staff_log_in(office, base, caseworker, lands_on="/de/office/")
    office.goto(f"{base}{case_path}")
    pass_on(office, case_path, near, EDITED_SUMMARY)

    # The partner reads it and writes an update.
    partner = new_context(javascript=False).new_page()
    staff_log_in(partner, base, near.partner, lands_on="/de/office/referrals/")
    referral_path = open_only_referral(partner)
    assert EDITED_SUMMARY.splitlines()[0] in partner.locator("main").inner_text()
    referral_step(partner, referral_path, status="", text=PARTNER_UPDATE)
    assert PARTNER_UPDATE in partner.locator("ul.history").inner_text()

    # The reporter withdraws consent with the form on the status page.
    assert log_in(reporter, base, "de", code).status == 200
    assert path_of(reporter) == "/de/receipt/status/"
    reporter.locator('main form[action="/de/receipt/withdraw/"] input[name=confirm]').check()
    assert submit(reporter, "/de/receipt/withdraw/").status == 200
    assert path_of(reporter) == "/de/receipt/status/"
    report = Report.objects.get()
    assert not report.consent_referral and report.consent_referral_withdrawn_on
    assert reporter.reload().status == 200
    consent = reporter.locator("main dl.summary dd").last.inner_text()
    assert consent == german("No")

    # The partner reloads: withdrawn, summary and update text destroyed, no more steps.
    assert partner.reload().status == 200
    assert german(Referral.Status.WITHDRAWN.label) in partner.locator("h1").inner_text()
    section = partner.locator("section[aria-labelledby=summary-title]")
    assert section.locator(".narrative").count() == 0
    assert section.locator("p.notice").count() == 1
    page_text = partner.locator("main").inner_text()
    for line in [*EDITED_SUMMARY.splitlines(), PARTNER_UPDATE]:
        assert line not in page_text
    assert partner.locator(f'form[action="{referral_path}step/"]').count() == 0
    referral = Referral.objects.get()
    assert referral.status == Referral.Status.WITHDRAWN
    assert referral.summary is None
    assert all(u.body is None for u in referral.updates.all())

    # The caseworker sees the withdrawal and can no longer pass the case on.
    assert office.reload().status == 200
    section = referral_section(office)
    assert section.locator("p.notice").count() == 1
    assert section.locator(f'form[action="{case_path}refer/"]').count() == 0
    assert german(Referral.Status.WITHDRAWN.label) in section.locator(".referral h3").inner_text()


def test_reporter_withdraws_consent_on_the_status_page(
    new_context, live_server, association_keyring
):
    base = live_server.url
    submitted = report_submit(
        submission=submission(narrative=NARRATIVES["de"], district=DRESDEN, consent_referral=True)
    )
    reporter = new_context(javascript=False).new_page()
    assert log_in(reporter, base, "de", submitted.receipt_code).status == 200
    assert path_of(reporter) == "/de/receipt/status/"
    assert "<" not in reporter.title(), reporter.title()[:300]

    withdraw = reporter.locator('main form[action="/de/receipt/withdraw/"]')
    assert withdraw.count() == 1
    withdraw.locator("input[name=confirm]").check()
    assert submit(reporter, "/de/receipt/withdraw/").status == 200
    assert path_of(reporter) == "/de/receipt/status/"
    assert Report.objects.get().consent_referral_withdrawn_on is not None
    assert reporter.locator('form[action="/de/receipt/withdraw/"]').count() == 0
    notice = german("You withdrew your consent to passing on your report.")
    assert notice in reporter.locator("main").inner_text()


def test_referral_pages_have_no_serious_axe_violations(
    axe_check, new_context, live_server, caseworker, members
):
    base = live_server.url
    near, _far = members
    submitted = report_submit(
        submission=submission(narrative=NARRATIVES["de"], district=DRESDEN, consent_referral=True)
    )
    case = submitted.report.case
    case_path = f"/de/office/cases/{case.pk}/"
    referral = referral_send(case=case, organisation=near, summary=EDITED_SUMMARY, actor=caseworker)
    referral_path = f"/de/office/referrals/{referral.pk}/"

    # The case page: suggestions, a sent referral, the prefilled form, then a form error.
    office = new_context(javascript=True).new_page()
    staff_log_in(office, base, caseworker, lands_on="/de/office/")
    office.goto(f"{base}{case_path}?prefill=narrative&prefill=when&prefill=where")
    assert referral_section(office).locator("ol.suggestions li").count() == 1
    assert referral_section(office).locator(".referral").count() == 1
    axe_check(office)
    office.fill("textarea[name=summary]", "   ")  # passes `required`, not the server
    office.select_option("select[name=organisation]", str(near.pk))
    with office.expect_navigation() as navigation:
        office.locator(f'form[action="{case_path}refer/"] > button[type=submit]').click()
    assert navigation.value.status == 400
    assert office.locator("textarea[name=summary][aria-invalid=true]").count() == 1
    axe_check(office)

    # The caseworker's view of the referral (no step form).
    office.goto(f"{base}{referral_path}")
    assert office.locator("section[aria-labelledby=summary-title] .narrative").count() == 1
    axe_check(office)

    # The partner's list and referral page, and the step form with an error.
    partner = new_context(javascript=True).new_page()
    staff_log_in(partner, base, near.partner, lands_on="/de/office/referrals/")
    assert partner.locator("table.cases tbody tr").count() == 1
    axe_check(partner)
    partner.goto(f"{base}{referral_path}")
    axe_check(partner)
    decline = f'form[action="{referral_path}step/"] button[name=status][value=DECLINED]'
    with partner.expect_navigation() as declined:
        partner.locator(decline).click()  # a reason is required
    assert declined.value.status == 400
    assert partner.locator(".error-summary").count() >= 1
    axe_check(partner)

    # After the withdrawal: the destroyed summary on the partner's page.
    referral_consent_withdraw(access=reporter_access_for_code(submitted.receipt_code))
    assert partner.goto(f"{base}{referral_path}").status == 200
    assert partner.locator("section[aria-labelledby=summary-title] p.notice").count() == 1
    axe_check(partner)
