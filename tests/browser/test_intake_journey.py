"""Intake in real Chromium without JavaScript: a caseworker records a phone report with a
receipt code, and the person opens it with that code."""

import pytest

from reporting.models import Report
from tests.browser.helpers import fill_report_form, log_in, read_receipt_code
from tests.browser.test_office_journey import path_of, staff_log_in, submit_main_form

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NARRATIVE = "Telefonisch: Beim Amt wurde sie weggeschickt, weil sie kein Deutsch spreche."


def test_a_phone_report_with_a_receipt_code_opens_for_the_person(
    new_context, live_server, caseworker
):
    base = live_server.url
    office = new_context(javascript=False).new_page()
    staff_log_in(office, base, caseworker)
    office.locator('nav a[href="/de/office/intake/"]').click()
    assert path_of(office) == "/de/office/intake/"

    office.select_option("select[name=channel]", "PHONE")
    office.select_option("select[name=language]", "de")
    fill_report_form(office, NARRATIVE)
    office.check("input[name=receipt]")
    response = submit_main_form(office)
    assert response.status == 200
    code = read_receipt_code(office)
    assert Report.objects.get().channel == "PHONE"

    person = new_context(javascript=False).new_page()
    assert log_in(person, base, "de", code).status == 200
    assert path_of(person) == "/de/receipt/status/"
    assert NARRATIVE in person.content()
