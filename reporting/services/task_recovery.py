"""Upkeep of the task table that django-tasks-db leaves to us: tasks whose worker died
mid-run are run again, and finished tasks are forgotten."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult


def stale_tasks_requeue(*, now=None) -> int:
    """Put RUNNING tasks older than TASK_STALE_AFTER_MINUTES back in the queue.

    Tasks here are idempotent (a notification may arrive twice; retention skips
    what is already destroyed), so running one again is safe.
    """
    now = now or timezone.now()
    cutoff = now - timedelta(minutes=settings.TASK_STALE_AFTER_MINUTES)
    return DBTaskResult.objects.filter(
        status=TaskResultStatus.RUNNING, started_at__lte=cutoff
    ).update(status=TaskResultStatus.READY, started_at=None)


def finished_tasks_forget() -> None:
    """Delete the results of finished tasks.

    Their times are exact to the microsecond, and a notification is queued when a
    report or a message arrives: kept, they would tell a database thief when each
    report came in, which `Report.created_on` keeps to the day (docs/security.md §2.1).
    Nothing reads a finished result; a failure is in the log.
    """
    DBTaskResult.objects.filter(
        status__in=[TaskResultStatus.SUCCESSFUL, TaskResultStatus.FAILED]
    ).delete()
