"""Session authentication for the staff API, with a translated CSRF refusal."""

from django.conf import settings
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import exceptions
from rest_framework.authentication import SessionAuthentication

# DRF's translated "no permission" message; the code says why. (No new msgid: the
# project's catalogues stay as they are.)
ERROR_CSRF = exceptions.PermissionDenied.default_detail


class CsrfFailed(exceptions.PermissionDenied):
    default_detail = ERROR_CSRF
    default_code = "csrf_failed"


class StaffSessionAuthentication(SessionAuthentication):
    """The back-office session (password + second factor); unsafe methods need CSRF."""

    def enforce_csrf(self, request):
        try:
            super().enforce_csrf(request)
        except exceptions.PermissionDenied:
            raise CsrfFailed from None


class StaffSessionScheme(OpenApiAuthenticationExtension):
    """OpenAPI: the session cookie; decryption also needs the `ms_key` cookie of the login."""

    target_class = "api.staff.authentication.StaffSessionAuthentication"
    name = "staffSession"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "cookie",
            "name": settings.SESSION_COOKIE_NAME,
            "description": (
                "Session of a back-office login with password and second factor. Reading "
                "case content also needs the HttpOnly `ms_key` cookie set at that login. "
                "POST/PUT need the X-CSRFToken header (see /api/v1/me/)."
            ),
        }
