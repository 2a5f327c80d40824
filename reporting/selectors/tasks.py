"""Reads of the task queue."""

from django.db.models import Q
from django.db.models.functions import Now
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult, get_date_max

from performance.compiled import compiled_query


def waiting_notification(task_path: str, kind: str, organisation_id: int | None) -> bool:
    """Whether the same notification is queued and no worker has taken it yet."""
    return bool(_waiting(task_path, kind, organisation_id))


@compiled_query(DBTaskResult)
def _waiting(task_path: str, kind: str, organisation_id: int | None):
    # DBTaskResult.objects.ready() with the database's clock instead of a parameter,
    # so that the compiled SQL stays valid.
    return DBTaskResult.objects.filter(
        Q(run_after=get_date_max()) | Q(run_after__lte=Now()),
        status=TaskResultStatus.READY,
        task_path=task_path,
        args_kwargs__kwargs__kind=kind,
        args_kwargs__kwargs__organisation_id=organisation_id,
    ).values_list("pk")[:1]
