from django.conf import settings
from django.contrib.auth import get_user_model

from performance.compiled import compiled_query
from reporting.models import Organisation
from reporting.vocabulary.roles import Role


def assignable_caseworkers(organisation_id: int | None = None):
    """Active caseworkers of the association: the only people a case may be assigned to.
    With `organisation_id` (a member organisation's own case): its member caseworkers.

    Without DISTINCT: group names are unique, so each user matches at most once.
    """
    if organisation_id is not None:
        return (
            get_user_model()
            .objects.filter(
                groups__name=Role.MEMBER_CASEWORKER,
                is_active=True,
                staff__organisation_id=organisation_id,
                staff__organisation__kind=Organisation.Kind.MEMBER,
            )
            .only("id", "username", "is_active")
            .order_by("username")
        )
    return (
        get_user_model()
        .objects.filter(
            groups__name=Role.CASEWORKER,
            is_active=True,
            staff__organisation__kind=Organisation.Kind.ASSOCIATION,
        )
        .only("id", "username", "is_active")
        .order_by("username")
    )


@compiled_query(settings.AUTH_USER_MODEL)
def _assignable_caseworker_rows():
    return assignable_caseworkers().values_list("id", "username")


def assignable_caseworker_choices(organisation_id: int | None = None) -> list[tuple[int, str]]:
    """(id, user name) of `assignable_caseworkers()`: the assignee select of every case
    page and of the inbox filter (a member organisation's: its own colleagues)."""
    if organisation_id is not None:
        return list(assignable_caseworkers(organisation_id).values_list("id", "username"))
    return _assignable_caseworker_rows()
