"""Scheduled background work (django-tasks; `manage.py worker` schedules it, `manage.py
db_worker` runs it in production): reminders of deadlines and follow-ups, retention.
Notifications live in reporting/notifications.py."""

import logging
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.utils import timezone
from django_tasks import default_task_backend, task

from performance.sessions import SessionStore
from reporting.models import Case
from reporting.notifications import BODIES, SUBJECTS, inbox_url, recipient_addresses
from reporting.permissions import works_on_cases
from reporting.selectors.deadlines import reminders_due
from reporting.services.deadlines import reminder_claim
from reporting.services.retention import retention_run
from reporting.services.task_recovery import finished_tasks_forget

logger = logging.getLogger(__name__)


def reminder_addresses(assignee_id: int | None, organisation_id: int | None = None) -> list[str]:
    """The assignee, if they can still work on cases and have an address; else the team
    (of the member organisation `organisation_id` for its own case)."""
    if assignee_id is not None:
        assignee = get_user_model().objects.filter(pk=assignee_id).first()
        if assignee is not None and assignee.email and works_on_cases(assignee):
            return [assignee.email]
    return recipient_addresses("reminder", organisation_id)


def _owner_of(case_id: int) -> int | None:
    return Case.objects.filter(pk=case_id).values_list("member_organisation_id", flat=True).first()


@task()
def reminders_daily() -> int:
    """Remind of deadlines and follow-ups whose day has come, then schedule itself for
    tomorrow. Each reminder is claimed (committed) before its mail goes out, so a worker
    killed in between, or this task run twice, never sends one twice: at most once
    (docs/decisions.md)."""
    sent = 0
    for due in reminders_due(timezone.localdate()):
        if not reminder_claim(due=due):
            continue
        filter_code = "FOLLOW_UP_DUE" if due.deadline_id is None else "DEADLINE_SOON"
        inbox = inbox_url(f"?due={filter_code}")
        try:
            sent += send_mail(
                SUBJECTS["reminder"],
                f"{BODIES['reminder']}\n\n{inbox}\n",
                None,
                reminder_addresses(due.assignee_id, _owner_of(due.case_id)),
            )
        except Exception:
            # Claimed, so never retried: a second try could be a second mail.
            logger.exception("A reminder could not be sent")
    if default_task_backend.supports_defer:
        reminders_daily.using(run_after=timezone.now() + timedelta(days=1)).enqueue()
    return sent


@task()
def retention_daily() -> int:
    """Destroy due content (closed and abandoned cases; announce those a month from
    it), expired sessions (their sealed keys) and finished task results, then schedule
    itself for tomorrow (where the backend can)."""
    destroyed = retention_run()
    SessionStore.clear_expired()
    finished_tasks_forget()  # the last notification's, if none came since
    if default_task_backend.supports_defer:
        retention_daily.using(run_after=timezone.now() + timedelta(days=1)).enqueue()
    return destroyed
