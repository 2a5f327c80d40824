"""Retention (docs/retention.md): destroy the content of closed and of abandoned cases,
coarsen what could still single a reporter out, keep what statistics count.

What goes: the sealed narrative and contact, the reporter's wrapped key and
receipt lookup (the receipt code stops working), message and note bodies, the
notes on interventions, attachments (rows and their sealed bytes), referral summaries
and step texts. What is coarsened: the day received becomes the first of its month, a
Saxon district counted fewer than k times in that month becomes its region, and the
language goes where no table counts it (spam, not discrimination). What stays: the
categories, the case status and timestamps, the assessment, the interventions' kinds
and days, the audit trail, and the statistics tallies, moved with the coarsened
district so that they still equal a recount.

Cases that are never closed go too: after RETENTION_INACTIVE_CASE_DAYS without
work (reporting/selectors/retention.py says what counts), announced to the
association's administrators a notice before.

The institutions named on a case go with its content, name and hash alike.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from reporting.models import (
    Assessment,
    Attachment,
    AuditEvent,
    Case,
    CaseStatus,
    ExternalReferral,
    FollowUp,
    InstitutionMention,
    Intervention,
    Message,
    Note,
    Referral,
    ReferralUpdate,
    Report,
)
from reporting.notifications import notify_on_commit
from reporting.selectors.retention import (
    cases_closed_before,
    cases_to_close,
    cases_to_warn,
    month_counts_of_district,
)
from reporting.services.cases import case_close_for_inactivity, case_coarsen
from reporting.services.tallies import kind_of
from reporting.statistics.counts import INCLUDED
from reporting.statistics.suppression import K_DEFAULT
from reporting.vocabulary.taxonomy import region_of

# These verdicts end the work on a case already: they keep their status, and retention
# destroys their content without closing them (closing would keep them out of the
# statistics too, Case.excluded_as).
KEEP_STATUS_WHEN_INACTIVE = (CaseStatus.SPAM, CaseStatus.NOT_DISCRIMINATION)
_WARN_BATCH = 500


@dataclass(frozen=True)
class RetentionPlan:
    cutoff: datetime.datetime  # cases closed on or before it lose their content
    case_ids: list[int]
    inactive_ids: list[int]  # closed (where closing keeps the figures) and destroyed
    warn_ids: list[int]  # announced to the administrators


def retention_plan(*, now: datetime.datetime | None = None) -> RetentionPlan:
    """What retention would do now: due closed cases, abandoned cases, warnings."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=settings.RETENTION_CLOSED_CASE_DAYS)
    inactive = list(cases_to_close(now).values_list("pk", flat=True))
    warn = cases_to_warn(now).exclude(pk__in=inactive)
    return RetentionPlan(
        cutoff=cutoff,
        case_ids=list(cases_closed_before(cutoff).values_list("pk", flat=True)),
        inactive_ids=inactive,
        warn_ids=list(warn.values_list("pk", flat=True)),
    )


def _district_kept(district: str, count: int) -> str:
    """`district`, or its region where the month counts it fewer than k times (k as the
    annual report's default): the few of a small district in one month are the rows
    that could be traced back to a person."""
    region = region_of(district)
    return region if region is not None and count < K_DEFAULT else district


def case_content_destroy(*, case_id: int) -> None:
    """Destroy one case's content and coarsen its clear columns; audited; idempotent."""
    with transaction.atomic():
        case = Case.objects.select_for_update().select_related("report").get(pk=case_id)
        report = case.report
        if report.content_destroyed_on:
            return
        month = case.received_on.replace(day=1)
        # Counted before any change, each in its own table: the case is one of them.
        report_district = _district_kept(
            report.district, month_counts_of_district(month, report.district)[0]
        )
        case_district = _district_kept(
            case.district, month_counts_of_district(month, case.district)[1]
        )
        # The case and its report keep one day and language (Case.classify copies them).
        language = case.language if kind_of(case) == INCLUDED else ""
        Attachment.objects.filter(case=case).delete()  # their SealedBlob rows with them
        Message.objects.filter(case=case).update(body=b"")
        Note.objects.filter(case=case).update(body=b"")
        FollowUp.objects.filter(case=case).update(note=None)
        Intervention.objects.filter(case=case).update(notes=None)
        ReferralUpdate.objects.filter(referral__case=case).update(body=None)
        Referral.objects.filter(case=case).update(summary=None)
        ExternalReferral.objects.filter(case=case).update(summary=b"")
        # The institution's name is content; its hash alone would still link the case.
        InstitutionMention.objects.filter(case=case).delete()
        Report.objects.filter(pk=report.pk).update(
            content=b"",
            contact=None,
            reporter_private_key_wrapped=None,
            receipt_lookup=None,
            content_destroyed_on=timezone.localdate(),
            created_on=month,
            district=report_district,
            language=language,
        )
        # An assessment's district is the case's (Case.classify).
        Assessment.objects.filter(case=case).update(district=case_district)
        case_coarsen(case=case, received_on=month, district=case_district, language=language)


def case_close_inactive(*, case_id: int, now: datetime.datetime | None = None) -> bool:
    """Close a case nobody worked on for the inactivity period and destroy its content.

    Checked again under the row lock: work since the plan was made keeps the case
    (False). Spam and not-discrimination cases keep their status
    (KEEP_STATUS_WHEN_INACTIVE); the others are closed, audited as CLOSED_INACTIVE.
    """
    now = now or timezone.now()
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case_id)
        if not cases_to_close(now).filter(pk=case_id).exists():
            return False
        if case.status not in KEEP_STATUS_WHEN_INACTIVE:
            case_close_for_inactivity(case=case, now=now)
        case_content_destroy(case_id=case.pk)
    return True


def inactive_cases_warn(*, now: datetime.datetime | None = None) -> int:
    """Record on each case that is a notice away from closing for inactivity that it was
    announced (once per stretch of inactivity), audit it, and tell whoever works on the
    cases in one mail without content: the association's administrators, a member
    organisation's caseworkers for its own cases. Returns how many were announced."""
    now = now or timezone.now()
    with transaction.atomic():
        rows = list(cases_to_warn(now).values_list("pk", "member_organisation_id"))
        ids = [pk for pk, _owner in rows]
        for start in range(0, len(ids), _WARN_BATCH):
            batch = ids[start : start + _WARN_BATCH]
            Case.objects.filter(pk__in=batch).update(inactivity_warned_on=timezone.localdate(now))
            AuditEvent.objects.bulk_create(
                AuditEvent(case_id=pk, verb=AuditEvent.Verb.INACTIVITY_WARNED) for pk in batch
            )
        for owner in {owner for _pk, owner in rows}:
            notify_on_commit("inactivity_warning", organisation_id=owner)
    return len(ids)


def retention_run(*, now: datetime.datetime | None = None) -> int:
    """Everything retention does today; returns how many cases lost their content."""
    now = now or timezone.now()
    plan = retention_plan(now=now)
    for case_id in plan.case_ids:
        case_content_destroy(case_id=case_id)
    closed = sum(case_close_inactive(case_id=pk, now=now) for pk in plan.inactive_ids)
    inactive_cases_warn(now=now)
    return len(plan.case_ids) + closed
