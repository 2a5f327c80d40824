"""Tasks whose worker died mid-run are run again (django-tasks-db does not do this)."""

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
