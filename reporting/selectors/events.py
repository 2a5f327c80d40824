"""The audit trail."""

from django.db.models import QuerySet

from reporting.models import AuditEvent
from reporting.permissions import can_administer


def events_visible_to(user) -> QuerySet[AuditEvent]:
    """The whole audit trail, for administrators of the association only."""
    events = AuditEvent.objects.select_related("actor", "subject")
    if can_administer(user):
        return events.order_by("-created_at", "-id")
    return events.none()
