"""Roles are Django groups; these predicates are the only place that names them."""

from django.db.models import TextChoices


class Role(TextChoices):
    CASEWORKER = "caseworker", "Caseworker"
    PARTNER = "partner", "Partner (member organisation)"
    STATISTICS = "statistics", "Statistics (board)"
    ADMINISTRATOR = "administrator", "Administrator"


def remember_roles(user, names) -> None:
    """The user's role names, once per request (reporting.auth_backend loads them)."""
    user._role_names = set(names)


def has_role(user, *roles: Role) -> bool:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if getattr(user, "_role_names", None) is None:
        names = user.groups.filter(name__in=Role.values).values_list("name", flat=True)
        remember_roles(user, names)
    return bool(user._role_names & {r.value for r in roles})


def works_for_association(user) -> bool:
    staff = getattr(user, "staff", None)
    return staff is not None and staff.organisation.kind == "ASSOCIATION"


def can_work_on_cases(user) -> bool:
    """Caseworkers and administrators of the association (not partners, not the board)."""
    return has_role(user, Role.CASEWORKER, Role.ADMINISTRATOR) and works_for_association(user)


def can_grant_keys(user) -> bool:
    return has_role(user, Role.ADMINISTRATOR) and works_for_association(user)
