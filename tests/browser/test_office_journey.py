"""The caseworker's back office in real Chromium: the whole loop without JavaScript,
and axe-core on its pages.

Elements are found by name attributes, values and classes only (texts are being
translated); where a label must be compared, it comes from the same gettext call.
"""

import os
from urllib.parse import urlsplit

import pytest
from django.utils import translation
from django_otp.oath import totp

from reporting.models import Case, CaseStatus
from reporting.services.reports import report_submit
from tests.browser.helpers import (
    NARRATIVES,
    log_in,
    path_of,
    staff_log_in,
    submit,
    submit_main_form,
    submit_report,
)
from tests.factories import submission
from tests.logins import STAFF_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

STAFF_MESSAGE = "Danke für Ihre Meldung. Dürfen wir Sie dazu anrufen?\nWir melden uns bald."
REPORTER_ANSWER = "Ja, gern – am besten nachmittags."


def label(status: CaseStatus) -> str:
    with translation.override("de"):
        return str(status.label)


def test_case_loop_without_javascript(new_context, live_server, caseworker):
    base = live_server.url

    # The reporter sends a report from the German form and keeps the code.
    reporter = new_context(javascript=False).new_page()
    code = submit_report(reporter, base, "de")
    reporter.fill("input[name=last_four]", code[-4:])
    assert submit(reporter, "/de/report/saved/").status == 200
    reporter.context.close()

    # The caseworker's browser really runs no script.
    office_context = new_context(javascript=False)
    office = office_context.new_page()
    office.set_content(
        "<p id=js>off</p><script>document.getElementById('js').textContent='on'</script>"
    )
    assert office.inner_text("#js") == "off"
    requests = []
    office.on("request", lambda request: requests.append(request.url))

    # Without a login the inbox sends to the login page.
    office.goto(f"{base}/de/office/")
    assert path_of(office) == "/de/office/login/"

    staff_log_in(office, base, caseworker)
    for cookie in office_context.cookies():
        assert cookie["httpOnly"], cookie["name"]

    # The inbox: the new case on top, marked as new.
    case = Case.objects.get()
    assert case.status == CaseStatus.NEW
    case_path = f"/de/office/cases/{case.pk}/"
    row = office.locator("table.cases tbody tr", has=office.locator(f'a[href="{case_path}"]'))
    assert row.count() == 1
    assert "unread" in (row.get_attribute("class") or "").split()
    assert row.locator("strong").count() == 1  # the "new" mark
    assert label(CaseStatus.NEW) in row.inner_text()

    # The case page shows the decrypted narrative.
    with office.expect_navigation():
        row.locator(f'a[href="{case_path}"]').click()
    assert path_of(office) == case_path
    narrative = office.locator(".timeline .narrative").inner_text()
    for line in NARRATIVES["de"].splitlines():
        assert line in narrative
    assert label(CaseStatus.NEW) in office.locator("h1").inner_text()

    # The side panel: status and assessment (one more ground, "yes, discrimination") in
    # one save; the classification unfolds without script.
    office.select_option("select[name=to_status]", "IN_REVIEW")
    office.locator("details.classification summary").click()
    assert office.is_checked("input[name=grounds][value=RACISM]")
    office.check("input[name=grounds][value=LANGUAGE]")
    office.select_option("select[name=is_discrimination]", "true")
    response = submit(office, f"{case_path}update/")
    assert response.status == 200
    assert path_of(office) == case_path
    assert office.locator(".error-summary").count() == 0
    assert office.locator(".messages[role=status]").count() == 1  # the confirmation
    assert label(CaseStatus.IN_REVIEW) in office.locator("h1").inner_text()
    case.refresh_from_db()
    assert case.status == CaseStatus.IN_REVIEW
    assert sorted(case.assessment.grounds) == ["LANGUAGE", "RACISM"]
    assert case.assessment.is_discrimination is True
    office.locator("details.classification summary").click()
    assert office.is_checked("input[name=grounds][value=LANGUAGE]")
    assert office.input_value("select[name=is_discrimination]") == "true"

    # Write to the reporter.
    office.fill("textarea[name=message-body]", STAFF_MESSAGE)
    response = submit(office, f"{case_path}message/")
    assert response.status == 200
    assert path_of(office) == case_path
    mine = office.locator(".thread .message.mine .body")
    assert mine.count() == 1
    assert mine.inner_text().splitlines() == STAFF_MESSAGE.splitlines()

    # The reporter logs in with the receipt code, reads the message and answers.
    reporter = new_context(javascript=False).new_page()
    assert log_in(reporter, base, "de", code).status == 200
    assert path_of(reporter) == "/de/receipt/status/"
    assert label(CaseStatus.IN_REVIEW) in reporter.locator(".status").inner_text()
    theirs = reporter.locator(".thread .message.theirs .body")
    assert theirs.count() == 1
    assert theirs.inner_text().splitlines() == STAFF_MESSAGE.splitlines()
    reporter.fill("textarea[name=body]", REPORTER_ANSWER)
    assert submit(reporter, "/de/receipt/status/").status == 200
    assert reporter.locator(".thread .message.mine .body").inner_text().strip() == REPORTER_ANSWER

    # The caseworker reloads the case page and sees the answer.
    response = office.reload()
    assert response.status == 200
    answer = office.locator(".thread .message.theirs .body")
    assert answer.count() == 1
    assert answer.inner_text().strip() == REPORTER_ANSWER
    assert office.locator(".thread .message.mine .body").count() == 1

    # Nothing was loaded from anywhere but this website.
    host = urlsplit(base).netloc
    assert any(urlsplit(url).path.endswith("/office.css") for url in requests), requests
    foreign = [url for url in requests if urlsplit(url).netloc != host]
    assert not foreign, f"requests to other hosts: {foreign}"


def test_office_pages_have_no_serious_axe_violations(axe_check, js_page, live_server, caseworker):
    base = live_server.url
    submitted = report_submit(submission=submission(narrative=NARRATIVES["de"]))

    # Login page, empty and with an error.
    axe_check("/de/office/login/")
    js_page.goto(f"{base}/de/office/login/")
    js_page.fill("input[name=username]", caseworker.username)
    js_page.fill("input[name=password]", "not-the-password")
    assert submit_main_form(js_page).status == 200
    assert js_page.locator(".error-summary").is_visible()
    axe_check(js_page)

    # The second-factor page, then the inbox.
    js_page.fill("input[name=password]", STAFF_PASSWORD)
    js_page.fill("input[name=username]", caseworker.username)
    assert submit_main_form(js_page).status == 200
    assert path_of(js_page) == "/de/office/login/second-factor/"
    axe_check(js_page)
    device = caseworker.totpdevice_set.get()
    js_page.fill("input[name=code]", f"{totp(device.bin_key):06d}")
    assert submit_main_form(js_page).status == 200
    assert path_of(js_page) == "/de/office/"
    assert js_page.locator("table.cases tbody tr.unread").count() == 1
    axe_check(js_page)

    # The inbox with the filters open.
    js_page.locator("details.filters summary").click()
    axe_check(js_page)

    # The case page, with a message in the thread and an error in a form.
    case_path = f"/de/office/cases/{submitted.report.case.pk}/"
    js_page.goto(f"{base}{case_path}")
    assert js_page.locator(".timeline .narrative").count() == 1
    axe_check(js_page)
    js_page.fill("textarea[name=message-body]", STAFF_MESSAGE)
    assert submit(js_page, f"{case_path}message/").status == 200
    assert js_page.locator(".thread .message.mine").count() == 1
    axe_check(js_page)
    js_page.locator("details.more-forms summary").first.click()  # the note form unfolds
    js_page.fill("textarea[name=note-body]", "   ")  # passes `required`, not the server
    assert submit(js_page, f"{case_path}note/").status == 400
    assert js_page.locator("textarea[name=note-body][aria-invalid=true]").count() == 1
    axe_check(js_page)


def test_triage_takes_at_most_six_page_loads(new_context, live_server, caseworker, make_member):
    """Log in → open the new case → assign to me and set a status → write to the reporter
    → refer, with JavaScript off (issue 21). Counted from the login form on: its two
    submissions (password, second factor) are page loads too."""
    base = live_server.url
    member = make_member("Leipzig hilft (Test)", districts=["14713"], languages=["de"])
    case = report_submit(
        submission=submission(narrative=NARRATIVES["de"], consent_referral=True, district="14713")
    ).report.case
    office = new_context(javascript=False, viewport=DESKTOP).new_page()
    office.goto(f"{base}/de/office/login/")
    loads = []
    office.on("framenavigated", lambda frame: frame.parent_frame or loads.append(frame.url))

    staff_log_in_from_form(office, caseworker)  # two loads
    case_path = f"/de/office/cases/{case.pk}/"
    with office.expect_navigation():
        office.locator(f'table.cases a[href="{case_path}"]').click()
    office.select_option("select[name=to_status]", "IN_REVIEW")
    office.select_option("select[name=assignee]", str(caseworker.pk))
    assert submit(office, f"{case_path}update/").status == 200
    office.fill("textarea[name=message-body]", STAFF_MESSAGE)
    assert submit(office, f"{case_path}message/").status == 200
    office.fill("textarea[name=summary]", "Wohnungssuche in Leipzig, bitte melden.")
    with office.expect_navigation():
        office.locator(f'button[name=suggested][value="{member.pk}"]').click()

    assert office.locator(".error-summary").count() == 0
    case.refresh_from_db()
    assert (case.status, case.assignee) == (CaseStatus.REFERRED, caseworker)
    assert case.messages.count() == 1 and case.referrals.get().organisation == member
    assert len(loads) <= 6, loads


DESKTOP = {"width": 1366, "height": 768}
PHONE = {"width": 360, "height": 740}


def staff_log_in_from_form(page, user) -> None:
    """The login form is open: password, then a TOTP code; ends on the inbox."""
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", STAFF_PASSWORD)
    submit_main_form(page)
    page.fill("input[name=code]", f"{totp(user.totpdevice_set.get().bin_key):06d}")
    submit_main_form(page)
    assert path_of(page) == "/de/office/"


def _in_view(page, selector: str) -> dict:
    box = page.locator(selector).bounding_box()
    return {
        "top": box["y"],
        "bottom": box["y"] + box["height"],
        "height": page.viewport_size["height"],
    }


@pytest.mark.parametrize("language", ["de", "ar"])
def test_case_page_and_inbox_fit_and_show_the_report_and_newest_message(
    new_context, live_server, axe_check, caseworker, make_member, language
):
    from reporting.services.cases import note_add, staff_message_send

    make_member("Leipzig hilft (Test)", districts=["14713"], languages=[language])
    make_member("Ohne Schlüssel (Test)", districts=["14713"], partner=False)
    case = report_submit(
        submission=submission(narrative=NARRATIVES[language], consent_referral=True,
                              language=language, district="14713")
    ).report.case  # fmt: skip
    for index in range(4):
        staff_message_send(case=case, actor=caseworker, body=f"Nachricht {index}: " + "Text " * 30)
        note_add(case=case, actor=caseworker, body=f"Notiz {index}")
    staff_message_send(case=case, actor=caseworker, body="Die neueste Nachricht.")
    context = new_context(javascript=True, viewport=DESKTOP)
    page = context.new_page()
    page.goto(f"{live_server.url}/de/office/login/")
    staff_log_in_from_form(page, caseworker)
    shots = os.environ.get("MELDESTELLE_SHOTS")  # where to keep screenshots to look at
    for size in (DESKTOP, PHONE):
        page.set_viewport_size(size)
        for path in (f"/{language}/office/cases/{case.pk}/", f"/{language}/office/"):
            assert page.goto(f"{live_server.url}{path}").status == 200
            wide = page.evaluate("document.documentElement.scrollWidth")
            assert wide <= size["width"], f"{path} is {wide}px wide at {size['width']}px"
            if size is DESKTOP:
                axe_check(page)
            if shots:
                name = "case" if "cases" in path else "inbox"
                shot = f"{shots}/{name}-{language}-{size['width']}"
                page.screenshot(path=f"{shot}.png")
                page.screenshot(path=f"{shot}-full.png", full_page=True)
        page.goto(f"{live_server.url}/{language}/office/cases/{case.pk}/")
        if size is DESKTOP:
            # Without scrolling: the report's text and the newest message, whole.
            for selector in (".timeline .narrative", ".timeline > li.message:last-child"):
                box = _in_view(page, selector)
                assert box["top"] >= 0 and box["bottom"] <= box["height"], (selector, box)
            assert (
                "Die neueste Nachricht." in page.locator(".timeline > li:last-child").inner_text()
            )
