"""Roles are Django groups; these predicates are the only place that names them."""

from django.apps import apps
from django.db.models import TextChoices

from reporting.compiled import compiled_query_by_key


class Role(TextChoices):
    CASEWORKER = "caseworker", "Caseworker"
    PARTNER = "partner", "Partner (member organisation)"
    STATISTICS = "statistics", "Statistics (board)"
    ADMINISTRATOR = "administrator", "Administrator"


def has_role(user, *roles: Role) -> bool:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    names = getattr(user, "_role_names", None)
    if names is None:
        names = {name for (name,) in _group_names(user.pk)}
        user._role_names = names
    return bool(names & {r.value for r in roles})


@compiled_query_by_key("auth.Group")
def _group_names(user_id: int):
    # Every staff request asks; compiling the join each time cost more than running it.
    return apps.get_model("auth.Group").objects.filter(user__id=user_id).values_list("name")


def works_for_association(user) -> bool:
    staff = getattr(user, "staff", None)
    return staff is not None and staff.organisation.kind == "ASSOCIATION"


def can_work_on_cases(user) -> bool:
    """Caseworkers and administrators of the association (not partners, not the board)."""
    return has_role(user, Role.CASEWORKER, Role.ADMINISTRATOR) and works_for_association(user)


def can_grant_keys(user) -> bool:
    return has_role(user, Role.ADMINISTRATOR) and works_for_association(user)
