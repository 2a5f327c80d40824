"""Reads of linked cases (reporting/services/links.py): what the case page and the API
show of a case's link."""

from dataclasses import dataclass

from django.db.models import Q

from reporting.models import Case


@dataclass(frozen=True)
class CaseLinks:
    case: Case
    lead: Case | None  # the lead this case is linked to, if the user may see it
    others: list[Case]  # the lead's other linked cases (a lead's: its own), visible ones only


def case_links(case: Case, user) -> CaseLinks:
    """The link of one (already visible) case: its lead and the incident's other cases,
    each only if `user` may see it, by number. One query."""
    lead_id = case.linked_to_id or case.pk
    group = list(
        Case.objects.visible_to(user)
        .filter(Q(pk=lead_id) | Q(linked_to_id=lead_id))
        .exclude(pk=case.pk)
        .only("id", "linked_to", "link_kind", "version")
        .order_by("pk")
    )
    lead = next((c for c in group if c.pk == case.linked_to_id), None)
    return CaseLinks(case=case, lead=lead, others=[c for c in group if c.pk != lead_id])
