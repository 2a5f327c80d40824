"""The one base of every staff endpoint: a verified staff session (password and second
factor) with its key cookie, safe JSON only, never cached."""

from api.parsers import SafeJSONParser
from api.staff.authentication import StaffSessionAuthentication
from api.staff.permissions import IsVerifiedStaff


class StaffAPI:
    """Mixed into DRF views and viewsets (before the DRF class)."""

    authentication_classes = [StaffSessionAuthentication]
    permission_classes = [IsVerifiedStaff]
    parser_classes = [SafeJSONParser]
    metadata_class = None  # OPTIONS is a 405: the schema at /api/schema/ describes the API

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        response["Cache-Control"] = "no-store"
        return response
