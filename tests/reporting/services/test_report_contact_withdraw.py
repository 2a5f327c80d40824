"""Withdrawing consent to contact deletes the contact details (GDPR Art. 7(3))."""

import pytest
from django.utils import timezone

from reporting.models import AuditEvent, Report
from reporting.selectors.cases import case_detail
from reporting.selectors.receipts import reporter_access_for_code, reporter_case_view
from reporting.services.reports import report_contact_withdraw, report_submit
from tests.factories import submission

pytestmark = pytest.mark.django_db

EMAIL, PHONE = "melderin@example.org", "+49 351 000000"


@pytest.fixture
def access(association_keyring):
    submitted = report_submit(
        submission=submission(contact_email=EMAIL, contact_phone=PHONE, consent_contact=True)
    )
    return reporter_access_for_code(submitted.receipt_code)


def test_the_contact_details_are_deleted_not_hidden(access):
    assert Report.objects.get().contact is not None
    report_contact_withdraw(access=access)
    report = Report.objects.get()
    assert report.contact is None
    assert report.consent_contact is False
    assert report.consent_contact_withdrawn_on == timezone.localdate()
    assert reporter_case_view(access).contact is None


def test_the_audit_row_holds_no_content(access):
    report_contact_withdraw(access=access)
    event = AuditEvent.objects.get(verb=AuditEvent.Verb.CONTACT_WITHDRAWN)
    assert event.case.report_id == access.report_id
    assert event.actor is None and event.subject is None
    assert not event.from_status and not event.to_status


def test_withdrawing_twice_changes_nothing(access):
    report_contact_withdraw(access=access)
    report_contact_withdraw(access=access)
    assert AuditEvent.objects.filter(verb=AuditEvent.Verb.CONTACT_WITHDRAWN).count() == 1


def test_without_contact_there_is_nothing_to_withdraw(association_keyring):
    submitted = report_submit(submission=submission())
    report_contact_withdraw(access=reporter_access_for_code(submitted.receipt_code))
    assert not AuditEvent.objects.filter(verb=AuditEvent.Verb.CONTACT_WITHDRAWN).exists()
    assert Report.objects.get().consent_contact_withdrawn_on is None


def test_the_caseworker_no_longer_sees_them(access, association_private_key):
    before = case_detail(Report.objects.get().case, [association_private_key])
    assert before.contact == {"email": EMAIL, "phone": PHONE, "language": "de"}
    report_contact_withdraw(access=access)
    after = case_detail(Report.objects.get().case, [association_private_key])
    assert after.contact is None
