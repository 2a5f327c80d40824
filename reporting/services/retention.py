"""Retention: destroy the content of closed cases, keep the clear statistical columns.

What goes: the sealed narrative and contact, the reporter's wrapped key and
receipt lookup (the receipt code stops working), message and note bodies, the
notes on interventions, attachments (files and rows), referral summaries and step
texts. What stays: the report's categories, the case status and timestamps, the
assessment, the interventions' kinds and days, the audit trail — everything
statistics count.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.files.storage import storages
from django.db import transaction
from django.utils import timezone

from reporting.models import (
    Attachment,
    Case,
    CaseEvent,
    CaseStatus,
    Intervention,
    Message,
    Note,
    Referral,
    ReferralUpdate,
    Report,
)


@dataclass(frozen=True)
class RetentionPlan:
    cutoff: object
    case_ids: list[int]


def retention_plan(*, now=None) -> RetentionPlan:
    """Which cases are due: closed on or before now − period, content not yet destroyed."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.RETENTION_CLOSED_CASE_DAYS)
    due = Case.objects.filter(
        status=CaseStatus.CLOSED,
        closed_at__lte=cutoff,
        report__content_destroyed_on__isnull=True,
    ).values_list("pk", flat=True)
    return RetentionPlan(cutoff=cutoff, case_ids=list(due))


def case_content_destroy(*, case_id: int) -> None:
    """Destroy one closed case's content; audited; idempotent."""
    storage = storages["default"]
    with transaction.atomic():
        case = Case.objects.select_for_update().select_related("report").get(pk=case_id)
        if case.report.content_destroyed_on:
            return
        files = list(Attachment.objects.filter(case=case).values_list("storage_name", flat=True))
        Attachment.objects.filter(case=case).delete()
        Message.objects.filter(case=case).update(body=b"")
        Note.objects.filter(case=case).update(body=b"")
        Intervention.objects.filter(case=case).update(notes=None)
        ReferralUpdate.objects.filter(referral__case=case).update(body=None)
        Referral.objects.filter(case=case).update(summary=None)
        Report.objects.filter(pk=case.report_id).update(
            content=b"",
            contact=None,
            reporter_private_key_wrapped=None,
            receipt_lookup=None,
            content_destroyed_on=timezone.localdate(),
        )
        CaseEvent.objects.create(case=case, verb=CaseEvent.Verb.CONTENT_DESTROYED)
        transaction.on_commit(lambda: [storage.delete(name) for name in files])


def retention_run(*, now=None) -> int:
    plan = retention_plan(now=now)
    for case_id in plan.case_ids:
        case_content_destroy(case_id=case_id)
    return len(plan.case_ids)
