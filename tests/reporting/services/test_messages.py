"""The reporter's follow-up: checked, sealed to association and reporter, marks the case
unread for staff, audited without content, and staff are notified after commit."""

import pytest

from reporting.models import AuditEvent, Case, Message
from reporting.selectors.receipts import reporter_access_for_code
from reporting.services.messages import message_body_checked, reporter_message_send
from reporting.services.reports import report_submit
from reporting.vocabulary.errors import ValidationFailed
from reporting.vocabulary.limits import MESSAGE_MAX
from tests.factories import submission

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("body", ["", "   \n ", "x" * (MESSAGE_MAX + 1)])
def test_empty_or_too_long_bodies_are_refused(body):
    with pytest.raises(ValidationFailed) as refused:
        message_body_checked(body)
    assert list(refused.value.fields) == ["body"]


def test_a_follow_up_is_sealed_marks_the_case_and_is_audited(
    association_keyring, django_capture_on_commit_callbacks
):
    submitted = report_submit(submission=submission())
    access = reporter_access_for_code(submitted.receipt_code)
    Case.objects.filter(pk=submitted.report.case.pk).update(unread_for_staff=False)
    with django_capture_on_commit_callbacks() as callbacks:
        message = reporter_message_send(access=access, body=" Noch etwas Wichtiges. ")
    stored = Message.objects.get(pk=message.pk)
    assert b"Wichtiges" not in bytes(stored.body)
    assert stored.read_by_reporter and not stored.read_by_staff
    assert Case.objects.get(pk=submitted.report.case.pk).unread_for_staff
    event = AuditEvent.objects.get(verb=AuditEvent.Verb.REPORTER_MESSAGE)
    assert event.actor is None  # the reporter is nobody the audit trail could name
    assert len(callbacks) == 1  # the notification, after commit
