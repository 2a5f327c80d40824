"""Django's ModelBackend, loading the staff profile, its organisation and the user's roles
with the user.

Every staff request checks all three (reporting.permissions: which organisation a user
works for and which roles they hold decide what they may see); one query instead of four.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group
from django.db.models import Aggregate, CharField, OuterRef, Subquery

from reporting.permissions import Role, remember_roles

# Only role names are collected, and none of them contains the separator.
SEPARATOR = ","


class _Joined(Aggregate):
    function = "STRING_AGG"
    template = f"%(function)s(%(expressions)s, '{SEPARATOR}')"
    output_field = CharField()

    def as_sqlite(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, function="GROUP_CONCAT", **extra_context)


def _role_names():
    return Subquery(
        Group.objects.filter(user=OuterRef("pk"), name__in=Role.values)
        .values("user")
        .annotate(names=_Joined("name"))
        .values("names")
    )


class StaffModelBackend(ModelBackend):
    def get_user(self, user_id):
        users = get_user_model()._default_manager.select_related("staff__organisation")
        try:
            user = users.annotate(role_names=_role_names()).get(pk=user_id)
        except get_user_model().DoesNotExist:
            return None
        remember_roles(user, user.role_names.split(SEPARATOR) if user.role_names else [])
        return user if self.user_can_authenticate(user) else None
