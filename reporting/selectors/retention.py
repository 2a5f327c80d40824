"""What retention acts on (reporting/services/retention.py acts; docs/retention.md).

A case's *activity* is work on it: its arrival (the day received counts as its
time), any change staff made to it (`Case.updated_at`), and every audit event of
work — status, assignment, assessment, note, message either way, referral sent or
stepped, consent withdrawn. Reading it is not work: a case that caseworkers only
open now and then would otherwise be kept for ever. Retention's own warning is not
work either, or it would postpone what it announces.
"""

import datetime

from django.conf import settings
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from reporting.models import AuditEvent, Case, CaseStatus, Report

NOT_ACTIVITY = (
    AuditEvent.Verb.VIEWED,
    AuditEvent.Verb.ATTACHMENT_DOWNLOADED,
    AuditEvent.Verb.INACTIVITY_WARNED,
)
# How long before closing for inactivity the administrators are told.
INACTIVITY_NOTICE = datetime.timedelta(days=30)


def cases_closed_before(cutoff: datetime.datetime) -> QuerySet[Case]:
    """Closed on or before `cutoff`, content not destroyed yet."""
    return Case.objects.filter(
        status=CaseStatus.CLOSED,
        closed_at__lte=cutoff,
        report__content_destroyed_on__isnull=True,
    )


def cases_inactive_since(since: datetime.datetime) -> QuerySet[Case]:
    """Not closed, content not destroyed, and no activity after `since`."""
    work_since = AuditEvent.objects.filter(case=OuterRef("pk"), created_at__gt=since).exclude(
        verb__in=NOT_ACTIVITY
    )
    return (
        Case.objects.exclude(status=CaseStatus.CLOSED)
        .filter(
            Q(updated_at__isnull=True) | Q(updated_at__lte=since),
            report__content_destroyed_on__isnull=True,
            received_on__lte=timezone.localdate(since),
        )
        .filter(~Exists(work_since))
    )


def inactivity_limits(now: datetime.datetime) -> tuple[datetime.datetime, datetime.datetime]:
    """(close_since, warn_since): no activity after the first, a case is closed; after
    the second (the notice later), its closing is announced."""
    period = datetime.timedelta(days=settings.RETENTION_INACTIVE_CASE_DAYS)
    return now - period, now - period + INACTIVITY_NOTICE


def cases_to_warn(now: datetime.datetime) -> QuerySet[Case]:
    """Cases a notice away from closing whose administrators have not been told yet.

    A warning given before the case's latest work is spent: it was given before the
    current stretch of inactivity began (which started on or before warn_since), so
    that stretch is announced again.
    """
    _close_since, warn_since = inactivity_limits(now)
    return cases_inactive_since(warn_since).filter(
        Q(inactivity_warned_on__isnull=True)
        | Q(inactivity_warned_on__lt=timezone.localdate(warn_since))
    )


def cases_to_close(now: datetime.datetime) -> QuerySet[Case]:
    """Cases without activity for the whole period, announced at least a notice ago.

    The warning must belong to the current stretch (given after its start, the day
    after close_since at the earliest); a case whose announcement went missing is
    warned now and closed a notice later, never without notice.
    """
    close_since, _warn_since = inactivity_limits(now)
    return cases_inactive_since(close_since).filter(
        inactivity_warned_on__gt=timezone.localdate(close_since),
        inactivity_warned_on__lte=timezone.localdate(now) - INACTIVITY_NOTICE,
    )


def month_counts_of_district(month: datetime.date, district: str) -> tuple[int, int]:
    """Of what was received in `month` (its first day): how many reports name `district`,
    and how many cases count under it (their assessment may say another)."""
    next_month = (month + datetime.timedelta(days=32)).replace(day=1)
    reports = Report.objects.filter(
        created_on__gte=month, created_on__lt=next_month, district=district
    )
    cases = Case.objects.filter(
        received_on__gte=month, received_on__lt=next_month, district=district
    )
    return reports.count(), cases.count()
