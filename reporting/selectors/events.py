"""The audit trail."""

from django.db.models import QuerySet

from reporting.models import CaseEvent
from reporting.permissions import can_administer


def events_visible_to(user) -> QuerySet[CaseEvent]:
    """The whole audit trail, for administrators of the association only."""
    events = CaseEvent.objects.select_related("actor", "subject")
    if can_administer(user):
        return events.order_by("-created_at", "-id")
    return events.none()
