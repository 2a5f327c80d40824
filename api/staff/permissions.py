"""Who may use the staff API at all. Which cases they see is decided by querysets."""

from django.conf import settings
from rest_framework.exceptions import NotAuthenticated
from rest_framework.permissions import BasePermission

# DRF's translated "credentials were not provided": the second factor is the missing one.
ERROR_NOT_VERIFIED = NotAuthenticated.default_detail


class IsVerifiedStaff(BasePermission):
    """A staff user (has a StaffProfile) whose session passed the second factor."""

    message = ERROR_NOT_VERIFIED
    code = "second_factor_required"

    def has_permission(self, request, view) -> bool:
        user = request.user
        if user is None or not user.is_authenticated or not user.is_active:
            return False
        is_verified = getattr(user, "is_verified", None)
        return bool(is_verified and is_verified()) and hasattr(user, "staff")


class IsVerifiedStaffOrDebug(IsVerifiedStaff):
    """The description of the whole API (/api/schema/, /api/docs/) names every staff
    endpoint and field: for staff, and for anyone on `make run`. Integrators find the
    anonymous part at /api/v1/public/schema/."""

    def has_permission(self, request, view) -> bool:
        return settings.DEBUG or super().has_permission(request, view)
