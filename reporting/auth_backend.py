"""Django's ModelBackend, loading the staff profile and its organisation with the user.

Every staff request checks both (reporting.permissions: which organisation a user works
for decides what they may see); loading them with the user saves two queries a request.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class StaffModelBackend(ModelBackend):
    def get_user(self, user_id):
        users = get_user_model()._default_manager.select_related("staff__organisation")
        try:
            user = users.get(pk=user_id)
        except get_user_model().DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
