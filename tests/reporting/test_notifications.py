"""Notifications: after commit, without content, retried when the mail provider fails."""

import io
import sys

import pytest
from django.core import mail
from django.core.management import call_command

from reporting import notifications, tasks
from reporting.models import Report
from reporting.selectors.receipts import reporter_access_for_code
from reporting.services.messages import reporter_message_send
from reporting.services.reports import report_submit
from reporting.vocabulary.roles import Role
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
    assert [m.subject for m in mail.outbox] == [notifications.SUBJECTS["reporter_message"]]


def test_failing_mail_provider_never_loses_the_report(
    caseworker_with_mail, django_capture_on_commit_callbacks, monkeypatch
):
    attempts = []

    def broken_send_mail(*args, **kwargs):
        attempts.append(1)
        raise ConnectionError("provider down")

    monkeypatch.setattr(notifications, "send_mail", broken_send_mail)
    with django_capture_on_commit_callbacks(execute=True):
        submitted = report_submit(submission=submission())
    assert Report.objects.filter(pk=submitted.report.pk).exists()
    assert len(attempts) == notifications.MAX_ATTEMPTS  # retried, then given up and logged


@pytest.fixture
def database_tasks(settings, monkeypatch):
    """The production task backend; db_worker must not close the test's connection."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    monkeypatch.setattr(
        "django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None
    )


def _waiting():
    from django_tasks_db.models import DBTaskResult

    return sorted(
        (r.args_kwargs["kwargs"]["kind"], r.args_kwargs["kwargs"]["organisation_id"])
        for r in DBTaskResult.objects.ready()
    )


def test_a_flood_of_reports_queues_one_notification_until_a_worker_takes_it(
    database_tasks, caseworker_with_mail, association_keyring, django_capture_on_commit_callbacks
):
    from django.core.management import call_command

    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(5):
            report_submit(submission=submission())
        notifications.notify_on_commit("reporter_message")
        notifications.notify_on_commit("referral_received", organisation_id=7)
        notifications.notify_on_commit("referral_received", organisation_id=8)
    assert _waiting() == [
        ("referral_received", 7),
        ("referral_received", 8),
        ("report", None),
        ("reporter_message", None),
    ]
    call_command("db_worker", batch=True, no_startup_delay=True)
    assert _waiting() == []
    # One mail for five reports, one for the message; no partners to tell.
    assert sorted(m.subject for m in mail.outbox) == sorted(
        [notifications.SUBJECTS["report"], notifications.SUBJECTS["reporter_message"]]
    )
    with django_capture_on_commit_callbacks(execute=True):
        report_submit(submission=submission())
    assert _waiting() == [("report", None)]  # taken ones no longer cover new reports
    assert Report.objects.count() == 6


def test_a_retry_waiting_for_later_does_not_hold_back_news(
    database_tasks, caseworker_with_mail, django_capture_on_commit_callbacks
):
    from datetime import timedelta

    from django.utils import timezone

    notifications.notify_staff.using(run_after=timezone.now() + timedelta(minutes=8)).enqueue(
        kind="report", attempt=3
    )
    with django_capture_on_commit_callbacks(execute=True):
        notifications.notify_on_commit("report")
    assert _waiting() == [("report", None)]


def test_finished_tasks_leave_no_arrival_times_in_the_database(
    database_tasks, caseworker_with_mail, association_keyring, django_capture_on_commit_callbacks
):
    """Notification rows carry exact times; a database thief must not learn from them
    when each report arrived (reports keep the day only). Each notification deletes
    the finished ones before it; the daily retention deletes the last."""
    from django.core.management import call_command
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    for _ in range(3):
        with django_capture_on_commit_callbacks(execute=True):
            report_submit(submission=submission())
        call_command("db_worker", batch=True, no_startup_delay=True)
    assert len(mail.outbox) == 3
    [last] = DBTaskResult.objects.all()
    assert last.status == TaskResultStatus.SUCCESSFUL

    tasks.retention_daily.call()
    assert not DBTaskResult.objects.filter(
        task_path=notifications.notify_staff.module_path
    ).exists()
    # What is left is tomorrow's retention run, which says nothing about reports.
    assert {row.task_path for row in DBTaskResult.objects.all()} <= {
        tasks.retention_daily.module_path
    }


def test_staff_created_with_an_address_hear_of_new_reports(association_keyring, monkeypatch):
    """`staff create --email` is how an operator's caseworkers get notifications."""
    monkeypatch.setattr(sys, "stdin", io.StringIO("ein-langes-passwort-12\n"))
    call_command(
        "staff", "create", "--username", "mit-adresse", "--role", "caseworker",
        "--email", "beratung@example.org", "--password-stdin", stdout=io.StringIO(),
    )  # fmt: skip
    assert notifications.recipient_addresses("report", None) == ["beratung@example.org"]


def test_inactivity_warnings_go_to_administrators_or_the_owners_caseworkers(
    caseworker_with_mail, make_staff, make_member, make_member_caseworker
):
    """The association's cases: its administrators; a member organisation's own cases:
    that organisation's caseworkers, nobody else."""
    administrator = make_staff(Role.ADMINISTRATOR)
    administrator.email = "verwaltung@example.org"
    administrator.save()
    east = make_member("Beratung Ost")
    east.partner.email = "partner@example.org"
    east.partner.save()
    own = make_member_caseworker(east)
    own.email = "eigene-faelle@example.org"
    own.save()
    assert notifications.recipient_addresses("inactivity_warning", None) == [
        "verwaltung@example.org"
    ]
    assert notifications.recipient_addresses("inactivity_warning", east.pk) == [
        "eigene-faelle@example.org"
    ]
    assert notifications.recipient_addresses("report", None) == ["fallarbeit@example.org"]
