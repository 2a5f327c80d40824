"""One error envelope for the whole API: {"error": {"code", "message", "fields"}}."""

from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView
from rest_framework.views import exception_handler as drf_exception_handler

from reporting.vocabulary.errors import DomainError

MESSAGE_INVALID = _("Some fields need your attention.")


def _flatten(detail) -> dict[str, list[str]]:
    if isinstance(detail, dict):
        fields: dict[str, list[str]] = {}
        for name, value in detail.items():
            if isinstance(value, dict):
                for sub, messages in _flatten(value).items():
                    fields[f"{name}.{sub}"] = messages
            elif isinstance(value, list) and value and isinstance(value[0], dict):
                for index, item in enumerate(value):
                    for sub, messages in _flatten(item).items():
                        fields[f"{name}.{index}.{sub}"] = messages
            else:
                items = value if isinstance(value, list) else [value]
                fields[name] = [str(m) for m in items]
        return fields
    items = detail if isinstance(detail, list) else [detail]
    return {"non_field_errors": [str(m) for m in items]}


def _envelope(code: str, message, fields=None) -> dict:
    return {"error": {"code": code, "message": str(message), "fields": fields or {}}}


def error_response(code: str, message, *, fields=None, status_code: int, headers=None):
    return Response(_envelope(code, message, fields), status=status_code, headers=headers)


# For what no API view answers (a path that matches no route, a bad Host header): Django's
# own error views, which would otherwise send an HTML page.
_UNROUTED = {
    exc.status_code: exc
    for exc in (
        exceptions.ParseError,
        exceptions.PermissionDenied,
        exceptions.NotFound,
        exceptions.APIException,
    )
}


def unrouted_error_response(status_code: int) -> JsonResponse:
    exc = _UNROUTED[status_code]
    return JsonResponse(_envelope(exc.default_code, exc.default_detail), status=status_code)


def exception_handler(exc, context):
    if isinstance(exc, DomainError):
        return error_response(exc.code, exc.message, fields=exc.fields, status_code=exc.status)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        return error_response(
            "validation_failed",
            MESSAGE_INVALID,
            fields=_flatten(exc.detail),
            status_code=status.HTTP_400_BAD_REQUEST,
        )
    code = exc.get_codes() if isinstance(exc, exceptions.APIException) else "error"
    detail = exc.detail if isinstance(exc, exceptions.APIException) else ""
    headers = {k: v for k, v in response.headers.items() if k in {"Retry-After", "Allow"}}
    return error_response(
        code if isinstance(code, str) else "error",
        detail,
        status_code=response.status_code,
        headers=headers,
    )


@extend_schema(exclude=True)
class NotFoundView(APIView):
    """Any other URL under /api/: the JSON envelope, not the HTML page of the frontend."""

    authentication_classes = []
    permission_classes = [AllowAny]

    def initial(self, request, *args, **kwargs):
        raise exceptions.NotFound
