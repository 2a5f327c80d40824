"""The audit trail."""

from django.db.models import Case as CaseWhen
from django.db.models import F, IntegerField, Q, QuerySet, When

from reporting.models import AuditEvent
from reporting.permissions import can_administer


def events_visible_to(user) -> QuerySet[AuditEvent]:
    """The whole audit trail, for administrators of the association only."""
    events = AuditEvent.objects.select_related("actor", "subject")
    if can_administer(user):
        return events.annotate(other_case_shown=F("other_case_id")).order_by("-created_at", "-id")
    return events.none()


def with_other_case_shown(events: QuerySet[AuditEvent]) -> QuerySet[AuditEvent]:
    """Each event's `other_case_shown`: the other end of a link where that case has the
    same owner; across owners (a case a member organisation shared) its number would tell
    one organisation of the other's case, so it stays empty."""
    same_owner = Q(other_case__member_organisation=F("case__member_organisation")) | Q(
        other_case__member_organisation__isnull=True, case__member_organisation__isnull=True
    )
    return events.annotate(
        other_case_shown=CaseWhen(
            When(same_owner, then=F("other_case_id")), output_field=IntegerField()
        )
    )
