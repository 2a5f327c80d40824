"""Reminders of deadlines and follow-ups: on the right days, to the right people, without
content, and at most once, even across a worker killed right after sending."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from django_tasks.base import TaskResultStatus

from reporting import notifications, tasks
from reporting.models import SentReminder
from reporting.selectors.deadlines import reminders_due
from reporting.services import deadlines as services
from reporting.services.cases import case_assign
from reporting.services.reports import report_submit
from reporting.vocabulary.roles import Role
from tests.factories import submission

D = datetime.date
DB_BACKEND = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
NOTE = "Rueckruf-Geheimnis-4711"


def at(day: datetime.date):
    return time_machine.travel(
        datetime.datetime(day.year, day.month, day.day, 6, tzinfo=datetime.UTC)
    )


@pytest.fixture
def team(make_staff):
    users = {}
    for name in ("one", "two"):
        user = make_staff(Role.CASEWORKER)
        user.email = f"{name}@example.org"
        user.save()
        users[name] = user
    make_staff(Role.STATISTICS)  # hears nothing
    return users


@pytest.fixture
def case(association_keyring):
    return report_submit(submission=submission()).report.case


def _recipients() -> list[list[str]]:
    return [sorted(m.to) for m in mail.outbox]


@pytest.mark.django_db
def test_reminders_on_their_days_to_the_assignee_without_content(case, team):
    case_assign(case=case, actor=team["one"], assignee=team["one"], expected_version=1)
    services.deadline_record(
        case=case, actor=team["one"], kind="OBJECTION", starts_on=D(2026, 6, 15)
    )  # ends 15 July
    services.follow_up_set(case=case, actor=team["one"], due_on=D(2026, 7, 1), note=NOTE)
    days = {}
    day = D(2026, 6, 17)
    while day <= D(2026, 7, 20):
        with at(day):
            before = len(mail.outbox)
            tasks.reminders_daily.func()
            if len(mail.outbox) > before:
                days[day] = len(mail.outbox) - before
        day += datetime.timedelta(days=1)
    # 14 days before (with the follow-up on the same day), 3 days before; nothing after.
    assert days == {D(2026, 7, 1): 2, D(2026, 7, 12): 1}
    assert _recipients() == [["one@example.org"]] * 3
    for message in mail.outbox:
        assert message.subject == notifications.SUBJECTS["reminder"]
        assert NOTE not in message.body and str(case.pk) not in message.subject
        assert "/de/office/?due=" in message.body


@pytest.mark.django_db
def test_unassigned_cases_remind_the_team(case, team):
    services.follow_up_set(case=case, actor=team["one"], due_on=D(2026, 6, 17))
    assert tasks.reminders_daily.func() == 1
    assert _recipients() == [["one@example.org", "two@example.org"]]


@pytest.mark.django_db
def test_a_worker_that_was_down_sends_the_nearer_reminder_only(case, team):
    services.deadline_record(
        case=case, actor=team["one"], kind="OBJECTION", starts_on=D(2026, 6, 15)
    )
    with at(D(2026, 7, 13)):  # 2 days to go, the 14-day reminder was never sent
        assert [r.kind for r in reminders_due(timezone.localdate())] == ["DEADLINE_3"]
        tasks.reminders_daily.func()
        tasks.reminders_daily.func()
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_a_deadline_moved_by_a_pause_is_reminded_of_again(case, team):
    deadline = services.deadline_record(
        case=case, actor=team["one"], kind="OBJECTION", starts_on=D(2026, 6, 15)
    )
    with at(D(2026, 7, 1)):
        tasks.reminders_daily.func()
        services.deadline_pause(deadline=deadline, actor=team["one"], on=D(2026, 7, 1))
    with at(D(2026, 7, 11)):
        tasks.reminders_daily.func()  # paused: nothing
        services.deadline_resume(deadline=deadline, actor=team["one"], on=D(2026, 7, 11))
        tasks.reminders_daily.func()  # ends 25 July now: its own 14-day reminder
    assert len(mail.outbox) == 2
    assert sorted(SentReminder.objects.values_list("due_on", flat=True)) == [
        D(2026, 7, 15),
        D(2026, 7, 25),
    ]


@pytest.mark.django_db
def test_a_second_claim_of_the_same_reminder_fails(case, team):
    services.follow_up_set(case=case, actor=team["one"], due_on=D(2026, 6, 17))
    (due,) = reminders_due(timezone.localdate())
    assert services.reminder_claim(due=due) is True
    assert services.reminder_claim(due=due) is False
    assert SentReminder.objects.count() == 1
    assert reminders_due(timezone.localdate()) == []  # claimed: not even tried again


@pytest.mark.django_db
def test_closed_cases_are_not_reminded(case, team):
    from reporting.services.cases import case_close_for_inactivity

    services.deadline_record(
        case=case, actor=team["one"], kind="OBJECTION", starts_on=D(2026, 5, 20)
    )  # ends 20 June: 3 days to go
    services.follow_up_set(case=case, actor=team["one"], due_on=D(2026, 6, 17))
    assert len(reminders_due(timezone.localdate())) == 2
    case_close_for_inactivity(case=case, now=timezone.now())
    assert reminders_due(timezone.localdate()) == []
    assert tasks.reminders_daily.func() == 0


class Killed(BaseException):
    """What SIGKILL does to a worker: nothing after it runs, no `except Exception`."""


@pytest.mark.django_db(transaction=True)
def test_exactly_once_across_a_worker_killed_after_sending(case, team, settings, monkeypatch):
    """The worker dies right after the mail went out, before anything else is written.
    The restarted worker re-queues the task it left running and runs it to the end: the
    reminder is not sent again, because its claim was committed before the mail."""
    from django_tasks_db.models import DBTaskResult

    monkeypatch.setattr(
        "django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None
    )
    settings.TASKS = DB_BACKEND
    services.follow_up_set(case=case, actor=team["one"], due_on=D(2026, 6, 17))
    sent = []

    def send_then_die(subject, body, sender, recipients):
        assert not connection.in_atomic_block, "the claim must be committed before sending"
        assert SentReminder.objects.count() == 1
        sent.append(recipients)
        raise Killed

    monkeypatch.setattr(tasks, "send_mail", send_then_die)
    tasks.reminders_daily.enqueue()
    # The worker took the task and died in it: RUNNING, long enough to count as stale.
    DBTaskResult.objects.update(
        status=TaskResultStatus.RUNNING,
        started_at=timezone.now()
        - datetime.timedelta(minutes=settings.TASK_STALE_AFTER_MINUTES + 1),
        worker_ids=["killed-worker"],
    )
    with pytest.raises(Killed):
        tasks.reminders_daily.func()
    assert len(sent) == 1
    monkeypatch.setattr(
        tasks, "send_mail", lambda *a, **k: sent.append("again") or 1
    )  # a healthy mail provider after the restart
    call_command("worker", batch=True)
    assert len(sent) == 1  # not sent again
    assert not DBTaskResult.objects.filter(
        task_path__endswith="reminders_daily", status=TaskResultStatus.RUNNING
    ).exists()
    # Tomorrow's run is queued for later, not lost.
    assert DBTaskResult.objects.filter(
        task_path__endswith="reminders_daily", status=TaskResultStatus.READY
    ).exists()


@pytest.mark.django_db
def test_a_failing_mail_provider_does_not_retry_a_claimed_reminder(case, team, monkeypatch):
    """At most once: the mail may have gone out before the error, so it is not tried again."""
    services.follow_up_set(case=case, actor=team["one"], due_on=D(2026, 6, 17))
    monkeypatch.setattr(
        tasks, "send_mail", lambda *a, **k: (_ for _ in ()).throw(ConnectionError("down"))
    )
    assert tasks.reminders_daily.func() == 0
    monkeypatch.undo()
    assert tasks.reminders_daily.func() == 0
    assert mail.outbox == []
