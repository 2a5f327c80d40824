"""Intake and translation in real Chromium without JavaScript: a caseworker records a
phone report in Arabic with a receipt code, the person opens it with that code, a second
caseworker who reads no Arabic finds it under "needs translation" and sends it to an
interpreter, who adds the translation and then no longer sees the text."""

import os

import pytest

from reporting.models import Report
from reporting.models.translations import Translation
from reporting.vocabulary.roles import Role
from tests.browser.helpers import (
    NARRATIVES,
    fill_report_form,
    log_in,
    path_of,
    read_receipt_code,
    staff_log_in,
    submit_main_form,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TRANSLATION = "Der Vermieter sagte am Telefon, die Wohnung sei schon weg."


def test_phone_report_receipt_needs_translation_and_an_interpreter(
    new_context, live_server, caseworker, make_staff
):
    base = live_server.url
    office = new_context(javascript=False).new_page()
    staff_log_in(office, base, caseworker)
    office.locator('nav a[href="/de/office/intake/"]').click()
    assert path_of(office) == "/de/office/intake/"
    office.select_option("select[name=channel]", "PHONE")
    office.select_option("select[name=language]", "ar")
    fill_report_form(office, NARRATIVES["ar"])
    office.check("input[name=receipt]")
    assert submit_main_form(office).status == 200
    code = read_receipt_code(office)
    case = Report.objects.get(channel="PHONE").case

    person = new_context(javascript=False).new_page()
    assert log_in(person, base, "ar", code).status == 200
    assert path_of(person) == "/ar/receipt/status/"
    assert NARRATIVES["ar"].splitlines()[0] in person.content()

    second = new_context(javascript=False).new_page()
    staff_log_in(second, base, make_staff(Role.CASEWORKER))
    second.goto(f"{base}/de/office/?needs_translation=on")
    assert second.locator(f'a[href="/de/office/cases/{case.pk}/"]').count() == 1
    interpreter = make_staff(Role.INTERPRETER, grant=False)
    second.goto(f"{base}/de/office/cases/{case.pk}/")
    # The panel links to a page of its own (the case page does not read the interpreters).
    with second.expect_navigation():
        second.locator(".translations a[href$='/interpreter/']").click()
    assert path_of(second) == f"/de/office/cases/{case.pk}/interpreter/"
    for size in ({"width": 360, "height": 740}, {"width": 1366, "height": 768}):
        second.set_viewport_size(size)
        assert second.evaluate("document.documentElement.scrollWidth") <= size["width"]
        if os.environ.get("MELDESTELLE_SHOTS"):
            second.screenshot(
                path=f"{os.environ['MELDESTELLE_SHOTS']}/interpreter-{size['width']}.png"
            )
    second.select_option("select[name=interpreter-interpreter]", str(interpreter.pk))
    with second.expect_navigation():
        second.locator('form[action$="/interpreter/"] button[type=submit]').click()
    assert path_of(second) == f"/de/office/cases/{case.pk}/"

    desk = new_context(javascript=False).new_page()
    staff_log_in(desk, base, interpreter, lands_on="/de/office/translations/")
    desk.locator("main ul a").first.click()
    job_url = desk.url
    assert NARRATIVES["ar"].splitlines()[0] in desk.content()
    desk.fill("textarea[name=translation-body]", TRANSLATION)
    assert submit_main_form(desk).status == 200
    assert path_of(desk) == "/de/office/translations/"
    assert desk.goto(job_url).status == 404
    assert Translation.objects.get().case_id == case.pk

    second.goto(f"{base}/de/office/?needs_translation=on")
    assert second.locator(f'a[href="/de/office/cases/{case.pk}/"]').count() == 0
    second.goto(f"{base}/de/office/cases/{case.pk}/")
    assert TRANSLATION in second.content()
