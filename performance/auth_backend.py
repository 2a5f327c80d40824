"""Django's ModelBackend, loading the staff profile and its organisation with the user.

Every staff request checks both (reporting.permissions: which organisation a user works
for decides what they may see); loading them with the user saves two queries a request,
and the query is compiled once per process (performance/compiled.py).
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

from performance.compiled import compiled_instances_by_key


@compiled_instances_by_key(settings.AUTH_USER_MODEL)
def _user_with_staff(user_id: int):
    return (
        get_user_model()._default_manager.select_related("staff__organisation").filter(pk=user_id)
    )


class StaffModelBackend(ModelBackend):
    def get_user(self, user_id):
        found = _user_with_staff(user_id)
        return found[0] if found and self.user_can_authenticate(found[0]) else None
