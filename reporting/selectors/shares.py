"""What member organisations share with the association, and their own figures."""

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from reporting.crypto import DecryptionError, PrivateKey, open_sealed
from reporting.models import Case, CaseShare, CaseStatus
from reporting.permissions import can_work_on_cases, documents_own_cases
from reporting.selectors.deadlines import cases_due
from reporting.vocabulary.deadlines import DueFilter


def shares_visible_to(user) -> QuerySet[CaseShare]:
    """Own cases of member organisations shared with the association (while the consent
    stands), newest first; for the association's caseworkers only."""
    if not can_work_on_cases(user):
        return CaseShare.objects.none()
    return (
        CaseShare.objects.filter(ended_at__isnull=True)
        .select_related("case", "case__member_organisation")
        .order_by("-shared_at", "-case_id")
    )


def share_of_case(case: Case) -> CaseShare | None:
    return CaseShare.objects.filter(case=case).first()


def share_summary(share: CaseShare, keys: list[PrivateKey]) -> str | None:
    """The summary the member caseworker wrote, or None where no key of `keys` opens it
    (or it was destroyed)."""
    if not share.summary or not keys:
        return None
    try:
        return open_sealed(bytes(share.summary), keys=keys, context=share.context()).decode()
    except DecryptionError:
        return None


@dataclass(frozen=True)
class OwnFigures:
    by_status: list[tuple[str, str, int]]
    total: int
    this_year: int
    open: int
    shared: int
    due: list[tuple[str, str, int]]


def own_case_figures(user) -> OwnFigures:
    """A member organisation's own cases counted: by status, received this year, still
    open, shared with the association. Nothing but counts of its own cases."""
    cases = Case.objects.visible_to(user) if documents_own_cases(user) else Case.objects.none()
    year = timezone.localdate().year
    rows = dict(cases.values_list("status").annotate(n=Count("id")).order_by())
    totals = cases.aggregate(
        total=Count("id"),
        this_year=Count("id", filter=Q(received_on__year=year)),
        shared=Count("id", filter=Q(share__ended_at__isnull=True, share__isnull=False)),
    )
    today = timezone.localdate()
    return OwnFigures(
        by_status=[(s, label, rows.get(s, 0)) for s, label in CaseStatus.choices],
        total=totals["total"],
        this_year=totals["this_year"],
        open=sum(n for s, n in rows.items() if s != CaseStatus.CLOSED),
        shared=totals["shared"],
        # The inbox's date filters, counted: its deadlines at a glance.
        due=[
            (code, label, cases_due(cases, code, today).count())
            for code, label in DueFilter.choices
        ],
    )


@dataclass(frozen=True)
class OwnCaseShare:
    """The case page's sharing block of a member organisation's own case."""

    share: CaseShare | None
    summary: str | None


def own_case_share(case: Case, keys: list[PrivateKey]) -> OwnCaseShare | None:
    """None for the association's cases (they have referrals instead)."""
    if case.member_organisation_id is None:
        return None
    share = share_of_case(case)
    return OwnCaseShare(share=share, summary=share_summary(share, keys) if share else None)
