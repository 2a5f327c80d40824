"""Reads of linked cases (reporting/services/links.py): what the case page and the API
show of a case's link."""

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from reporting.models import Case, CaseShare
from reporting.models.cases import SCOPE_ASSOCIATION, visibility_scope


def linkable_by(user) -> QuerySet[Case]:
    """The cases `user` may link and unlink: those visible, and for the association's
    caseworkers also the member organisations' cases shared with the association."""
    visible = Case.objects.visible_to(user)
    if visibility_scope(user) != SCOPE_ASSOCIATION:
        return visible
    shared = CaseShare.objects.filter(ended_at__isnull=True).values("case_id")
    return visible | Case.objects.filter(pk__in=shared)


@dataclass(frozen=True)
class CaseLinks:
    case: Case
    lead: Case | None  # the lead this case is linked to, if the user may see it
    others: list[Case]  # the lead's other linked cases (a lead's: its own), visible ones only
    # Cases of the incident recorded by another owner that `user` may not see (a member
    # organisation's caseworkers: the association's), counted, never shown.
    elsewhere: int = 0


def case_links(case: Case, user) -> CaseLinks:
    """The link of one (already visible) case: its lead and the incident's other cases,
    each only if `user` may see it or link it (a case a member organisation shared with
    the association), by number; the others only counted. Two queries."""
    lead_id = case.linked_to_id or case.pk
    incident = Case.objects.filter(Q(pk=lead_id) | Q(linked_to_id=lead_id)).exclude(pk=case.pk)
    group = list(
        incident.filter(pk__in=linkable_by(user).values("pk"))
        .only("id", "linked_to", "link_kind", "version", "member_organisation")
        .order_by("pk")
    )
    lead = next((c for c in group if c.pk == case.linked_to_id), None)
    return CaseLinks(
        case=case,
        lead=lead,
        others=[c for c in group if c.pk != lead_id],
        elsewhere=incident.count() - len(group),
    )
