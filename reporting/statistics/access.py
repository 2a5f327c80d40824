"""Who may see live statistics and who may publish them."""

from reporting.permissions import may, works_for_association
from reporting.vocabulary.roles import Permission


def can_view_statistics(user) -> bool:
    """Live, unsuppressed figures: the board's statistics role and caseworkers."""
    return may(user, Permission.READ_STATISTICS) and works_for_association(user)


def can_publish_statistics(user) -> bool:
    """Drafts, approval and publication of annual reports: the statistics role only."""
    return may(user, Permission.PUBLISH_STATISTICS) and works_for_association(user)
