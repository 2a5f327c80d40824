"""Notifications: after commit, without content, retried when the mail provider fails."""

import pytest
from django.core import mail

from reporting import tasks
from reporting.models import Report
from reporting.permissions import Role
from reporting.selectors.receipts import reporter_access_for_code
from reporting.services.messages import reporter_message_send
from reporting.services.reports import report_submit
from tests.factories import submission

pytestmark = pytest.mark.django_db


@pytest.fixture
def caseworker_with_mail(make_staff):
    user = make_staff(Role.CASEWORKER)
    user.email = "fallarbeit@example.org"
    user.save()
    make_staff(Role.STATISTICS)  # gets no mail
    return user


def test_new_report_notifies_caseworkers_without_content(
    caseworker_with_mail, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        report_submit(
            submission=submission(narrative="Geheimer Inhalt 8472", district="14626", language="uk")
        )
    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert sent.to == ["fallarbeit@example.org"]
    text = sent.subject + sent.body
    for leak in ("8472", "Geheimer", "14626", "Görlitz", "uk"):
        assert leak not in text


def test_nothing_is_sent_before_commit(caseworker_with_mail, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        report_submit(submission=submission())
    assert mail.outbox == []
    assert len(callbacks) == 1


def test_reporter_message_notifies(caseworker_with_mail, django_capture_on_commit_callbacks):
    submitted = report_submit(submission=submission())
    access = reporter_access_for_code(submitted.receipt_code)
    with django_capture_on_commit_callbacks(execute=True):
        reporter_message_send(access=access, body="Noch eine Frage")
    assert [m.subject for m in mail.outbox] == [tasks.SUBJECTS["reporter_message"]]


def test_failing_mail_provider_never_loses_the_report(
    caseworker_with_mail, django_capture_on_commit_callbacks, monkeypatch
):
    attempts = []

    def broken_send_mail(*args, **kwargs):
        attempts.append(1)
        raise ConnectionError("provider down")

    monkeypatch.setattr(tasks, "send_mail", broken_send_mail)
    with django_capture_on_commit_callbacks(execute=True):
        submitted = report_submit(submission=submission())
    assert Report.objects.filter(pk=submitted.report.pk).exists()
    assert len(attempts) == tasks.MAX_ATTEMPTS  # retried, then given up and logged
