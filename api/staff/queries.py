"""Small reads the staff API needs that reporting/selectors does not offer (yet).

Candidates to move into `reporting/selectors/` once another caller needs them.
"""

from django.db.models import QuerySet

from reporting.models import CaseEvent
from reporting.permissions import can_administer


def events_visible_to(user) -> QuerySet[CaseEvent]:
    """The whole audit trail, for administrators of the association only."""
    events = CaseEvent.objects.select_related("actor", "subject")
    if can_administer(user):
        return events.order_by("-created_at", "-id")
    return events.none()


def hides_everything(queryset: QuerySet) -> bool:
    """True for `.none()`: the user may not see this collection at all (→ 404)."""
    return queryset.query.is_empty()
