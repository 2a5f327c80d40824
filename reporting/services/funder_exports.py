"""Exports for funders and research, audited (issue 19): each export names its scope in
the audit trail. Exports are suppressed one at a time, so two of overlapping scopes can
be subtracted from each other (docs/statistics.md); the trail shows who made which."""

import datetime

from reporting.models import AuditEvent
from reporting.selectors.funder_export import ASSOCIATION, NETWORK, funder_export


def funder_export_made(
    *,
    actor,
    start: datetime.date,
    end: datetime.date,
    basis: str,
    organisation: str,
    today: datetime.date,
) -> dict:
    """The suppressed export of one scope (reporting.selectors.funder_export), audited."""
    export = funder_export(
        start=start, end=end, basis=basis, organisation=organisation, today=today
    )
    AuditEvent.objects.create(
        actor=actor,
        verb=AuditEvent.Verb.STATISTICS_EXPORTED,
        organisation_id=None if organisation in (NETWORK, ASSOCIATION) else int(organisation),
        detail=f"{basis} {start.isoformat()} {end.isoformat()} {organisation}",
    )
    return export
