"""Roles are Django groups carrying permissions; these predicates are the only place
that checks them. A role's group holds the permissions of ROLE_PERMISSIONS
(reporting/vocabulary/roles.py, given by migration 0015); the checks read the user's
permissions through their groups, so what the admin shows for a group is what its
members may do."""

from django.apps import apps

from performance.compiled import compiled_query_by_key
from reporting.vocabulary.roles import ASSOCIATION, MEMBER, Permission


def may(user, permission: Permission) -> bool:
    """Whether one of the user's groups carries `permission` (never by superuser status:
    that is only the Django admin's)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    codenames = getattr(user, "_permission_codenames", None)
    if codenames is None:
        codenames = group_permission_codenames(user.pk)
        user._permission_codenames = codenames
    return permission.value in codenames


def works_for_association(user) -> bool:
    staff = getattr(user, "staff", None)
    return staff is not None and staff.organisation.kind == ASSOCIATION


def can_work_on_cases(user) -> bool:
    """Caseworkers and administrators of the association (not partners, not the board)."""
    return may(user, Permission.WORK_ON_CASES) and works_for_association(user)


def documents_own_cases(user) -> bool:
    """Caseworkers of a member organisation: they record and work on its own cases,
    sealed to its key (DESIGN §9), and see no other case."""
    return may(user, Permission.DOCUMENT_OWN_CASES) and _works_for_member(user)


def works_on_cases(user) -> bool:
    """Anyone with a case inbox: the association's caseworkers (its cases) and member
    caseworkers (their organisation's own); `Case.objects.visible_to` tells which."""
    return can_work_on_cases(user) or documents_own_cases(user)


def own_organisation_id(user) -> int | None:
    """The member organisation whose own cases `user` documents; None for the
    association's staff (their cases have no member organisation)."""
    return user.staff.organisation_id if documents_own_cases(user) else None


def _works_for_member(user) -> bool:
    staff = getattr(user, "staff", None)
    return staff is not None and staff.organisation.kind == MEMBER


def handles_referrals(user) -> bool:
    """Partners: staff of a member organisation who answer its referrals."""
    return may(user, Permission.HANDLE_REFERRALS) and hasattr(user, "staff")


def keeps_directory_entry(user) -> bool:
    """Partners of a member organisation keep its directory entry (pause, hours, contacts)."""
    return handles_referrals(user) and user.staff.organisation.kind == MEMBER


def can_view_referrals(user) -> bool:
    """Partners see their organisation's referrals; caseworkers every referral."""
    return handles_referrals(user) or can_work_on_cases(user)


def can_administer(user) -> bool:
    """Administrators of the association: key grants and the whole audit trail."""
    return may(user, Permission.ADMINISTER) and works_for_association(user)


def can_translate(user) -> bool:
    """Interpreters: they open the texts sent to them, and nothing else."""
    return may(user, Permission.TRANSLATE)


def group_permission_codenames(user_id: int) -> set[str]:
    """The codenames of the permissions the user's groups carry (`may` asks them once a
    request). Here, not among the selectors: these checks import no model, so that the
    models' querysets (`visible_to`) may ask them."""
    return {codename for (codename,) in _group_permissions(user_id)}


@compiled_query_by_key("auth.Permission")
def _group_permissions(user_id: int):
    # Every staff request asks; compiling the join each time cost more than running it.
    # Unordered and without the content type: Permission's default ordering joins
    # django_content_type, which doubled the query's time on PostgreSQL;
    # the codenames `may` asks for exist only in this app.
    return (
        apps.get_model("auth.Permission")
        .objects.filter(group__user__id=user_id)
        .order_by()
        .values_list("codename")
    )
