"""Failures a production run meets: database down, mail provider down, worker killed."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks.base import TaskResultStatus

from reporting import notifications
from reporting.models import Report
from reporting.vocabulary.roles import Role
from tests.factories import form_data

pytestmark = pytest.mark.django_db
DB_BACKEND = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture(autouse=True)
def _worker_keeps_the_test_transaction(monkeypatch):
    # db_worker drops connections between tasks (right for a long-running worker); inside a
    # test transaction on PostgreSQL that would end the test's transaction.
    monkeypatch.setattr(
        "django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None
    )


def test_database_failing_mid_submission_keeps_input_and_saves_nothing(
    client, association_keyring, fail_case_insert
):
    fail_case_insert()
    response = client.post(
        "/de/report/", form_data(narrative="Das darf nicht verloren gehen 5521.")
    )
    assert response.status_code == 503
    page = response.content.decode()
    assert "Das darf nicht verloren gehen 5521." in page
    assert "error-summary" in page
    assert response.context["form"].non_field_errors()
    assert not Report.objects.exists()  # the report row was rolled back with the case


def test_failing_mail_is_retried_later_by_the_worker(
    association_keyring, make_staff, settings, monkeypatch, django_capture_on_commit_callbacks
):
    from django_tasks_db.models import DBTaskResult

    from reporting.services.reports import report_submit
    from tests.factories import submission

    settings.TASKS = DB_BACKEND
    user = make_staff(Role.CASEWORKER)
    user.email = "fall@example.org"
    user.save()
    monkeypatch.setattr(
        notifications, "send_mail", lambda *a, **k: (_ for _ in ()).throw(ConnectionError("down"))
    )
    with django_capture_on_commit_callbacks(execute=True):
        submitted = report_submit(submission=submission())
    assert Report.objects.filter(pk=submitted.report.pk).exists()
    call_command("db_worker", batch=True, no_startup_delay=True)
    retry = DBTaskResult.objects.get(status=TaskResultStatus.READY)
    assert retry.args_kwargs["kwargs"]["attempt"] == 2
    assert retry.run_after > timezone.now()  # backed off, not hammering the provider


def test_a_task_left_running_by_a_killed_worker_runs_again(
    association_keyring, make_staff, settings
):
    from django.core import mail
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = DB_BACKEND
    user = make_staff(Role.CASEWORKER)
    user.email = "fall@example.org"
    user.save()
    notifications.notify_staff.enqueue(kind="report")
    # What SIGKILL leaves behind: claimed, RUNNING, never finished.
    DBTaskResult.objects.update(
        status=TaskResultStatus.RUNNING,
        started_at=timezone.now()
        - datetime.timedelta(minutes=settings.TASK_STALE_AFTER_MINUTES + 1),
        worker_ids=["killed-worker"],
    )
    call_command("worker", batch=True)
    assert len(mail.outbox) == 1  # it ran again, to the end
    # Finished, it went with the other finished results (the retention run forgets them).
    assert not DBTaskResult.objects.filter(task_path__endswith="notify_staff").exists()


def test_a_recently_started_task_is_not_stolen(settings):
    from django_tasks_db.models import DBTaskResult

    from reporting.services.task_recovery import stale_tasks_requeue

    settings.TASKS = DB_BACKEND
    notifications.notify_staff.enqueue(kind="report")
    DBTaskResult.objects.update(status=TaskResultStatus.RUNNING, started_at=timezone.now())
    assert stale_tasks_requeue() == 0
