"""The caseworker's back office in real Chromium: the whole loop without JavaScript,
and axe-core on its pages.

Elements are found by name attributes, values and classes only (texts are being
translated); where a label must be compared, it comes from the same gettext call.
"""

from urllib.parse import urlsplit

import pytest
from django.utils import translation
from django_otp.oath import totp

from reporting.models import Case, CaseStatus
from reporting.services.reports import report_submit
from tests.browser.helpers import (
    NARRATIVES,
    log_in,
    submit,
    submit_report,
)
from tests.factories import submission

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "staff-password-123"
STAFF_MESSAGE = "Danke für Ihre Meldung. Dürfen wir Sie dazu anrufen?\nWir melden uns bald."
REPORTER_ANSWER = "Ja, gern – am besten nachmittags."


def label(status: CaseStatus) -> str:
    with translation.override("de"):
        return str(status.label)


def path_of(page) -> str:
    return urlsplit(page.url).path


def submit_main_form(page):
    """Submit the only form in <main> (the login forms post to their own URL)."""
    forms = page.locator("main form")
    assert forms.count() == 1, forms.count()
    with page.expect_navigation() as navigation:
        forms.locator("button[type=submit]").click()
    return navigation.value


def staff_log_in(page, base_url: str, user) -> None:
    """Password, then a TOTP code; ends on the inbox."""
    response = page.goto(f"{base_url}/de/office/login/")
    assert response.status == 200
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", PASSWORD)
    response = submit_main_form(page)
    assert response.status == 200, response.status
    assert path_of(page) == "/de/office/login/second-factor/"

    device = user.totpdevice_set.get()
    page.fill("input[name=code]", f"{totp(device.bin_key):06d}")
    response = submit_main_form(page)
    assert response.status == 200, response.status
    assert path_of(page) == "/de/office/", page.content()[:2000]


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
    narrative = office.locator("dd.narrative").inner_text()
    for line in NARRATIVES["de"].splitlines():
        assert line in narrative
    assert label(CaseStatus.NEW) in office.locator("h1").inner_text()

    # Change the status.
    office.select_option("select[name=to_status]", "IN_REVIEW")
    response = submit(office, f"{case_path}transition/")
    assert response.status == 200
    assert path_of(office) == case_path
    assert office.locator(".error-summary").count() == 0
    assert label(CaseStatus.IN_REVIEW) in office.locator("h1").inner_text()
    case.refresh_from_db()
    assert case.status == CaseStatus.IN_REVIEW

    # Save an assessment: one more ground, and "yes, discrimination".
    assert office.is_checked("input[name=grounds][value=RACISM]")
    office.check("input[name=grounds][value=LANGUAGE]")
    office.select_option("select[name=is_discrimination]", "true")
    response = submit(office, f"{case_path}assess/")
    assert response.status == 200
    assert path_of(office) == case_path
    assert office.locator(".error-summary").count() == 0
    case.refresh_from_db()
    assert sorted(case.assessment.grounds) == ["LANGUAGE", "RACISM"]
    assert case.assessment.is_discrimination is True
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
    js_page.fill("input[name=password]", PASSWORD)
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
    assert js_page.locator("dd.narrative").count() == 1
    axe_check(js_page)
    js_page.fill("textarea[name=message-body]", STAFF_MESSAGE)
    assert submit(js_page, f"{case_path}message/").status == 200
    assert js_page.locator(".thread .message.mine").count() == 1
    axe_check(js_page)
    js_page.fill("textarea[name=note-body]", "   ")  # passes `required`, not the server
    assert submit(js_page, f"{case_path}note/").status == 400
    assert js_page.locator("textarea[name=note-body][aria-invalid=true]").count() == 1
    axe_check(js_page)
