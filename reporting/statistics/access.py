"""Who may see live statistics and who may publish them."""

from reporting.permissions import documents_own_cases, may, works_for_association
from reporting.vocabulary.roles import Permission


def can_view_statistics(user) -> bool:
    """Live, unsuppressed figures: the board's statistics role and caseworkers."""
    return may(user, Permission.READ_STATISTICS) and works_for_association(user)


def can_publish_statistics(user) -> bool:
    """Drafts, approval and publication of annual reports: the statistics role only."""
    return may(user, Permission.PUBLISH_STATISTICS) and works_for_association(user)


def can_export_statistics(user) -> bool:
    """Exports for funders (suppressed): whoever sees the live figures, for any
    organisation, and a member organisation's caseworkers, for their own only."""
    return can_view_statistics(user) or documents_own_cases(user)


def exports_own_organisation_only(user) -> bool:
    """A member organisation's caseworker: the export is their only statistics page."""
    return documents_own_cases(user) and not can_view_statistics(user)


def export_scopes_of(user) -> list[str] | None:
    """The organisations (selectors.funder_export scopes) `user` may export: None for
    any, else their own organisation's id alone; [] for none."""
    if can_view_statistics(user):
        return None
    if documents_own_cases(user):
        return [str(user.staff.organisation_id)]
    return []
