"""Withdrawing consent to contact on the status page, on a phone without JavaScript:
the contact details leave the database (GDPR Art. 7(3))."""

import pytest

from reporting.models import AuditEvent, Report
from tests.browser.helpers import NARRATIVES, fill_report_form, log_in, read_receipt_code, submit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 740}
EMAIL = "melderin@example.org"


def report_with_contact(page, base_url: str, lang: str) -> str:
    page.goto(f"{base_url}/{lang}/report/")
    fill_report_form(page, NARRATIVES[lang])
    page.fill("input[name=contact_email]", EMAIL)
    page.check("input[name=consent_contact]")
    assert submit(page, f"/{lang}/report/").status == 200
    return read_receipt_code(page)


@pytest.mark.parametrize("lang", ["de", "ar"])
def test_withdrawing_contact_consent_removes_the_contact(
    new_context, live_server, association_keyring, lang
):
    page = new_context(javascript=False, viewport=PHONE).new_page()
    code = report_with_contact(page, live_server.url, lang)
    assert Report.objects.get().contact is not None
    assert log_in(page, live_server.url, lang, code).status == 200
    assert EMAIL in page.content()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    page.check("input[name=contact-confirm]")
    assert submit(page, f"/{lang}/receipt/withdraw-contact/").status == 200
    assert page.url.endswith(f"/{lang}/receipt/status/")
    assert EMAIL not in page.content()
    assert page.locator("p.notice").count() >= 1

    report = Report.objects.get()
    assert report.contact is None and not report.consent_contact
    assert AuditEvent.objects.filter(verb=AuditEvent.Verb.CONTACT_WITHDRAWN).count() == 1


@pytest.mark.parametrize("lang", ["de", "ar"])
def test_status_page_with_contact_section_is_accessible(
    new_context, live_server, association_keyring, axe_check, lang
):
    page = new_context(javascript=True, viewport=PHONE).new_page()
    code = report_with_contact(page, live_server.url, lang)
    log_in(page, live_server.url, lang, code)
    axe_check(page)
    # The error next to an unticked box.
    assert submit(page, f"/{lang}/receipt/withdraw-contact/").status == 400
    axe_check(page)
