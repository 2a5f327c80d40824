"""Translated error pages that reveal nothing about the server (JSON under /api/)."""

from django.shortcuts import render

from api.exceptions import unrouted_error_response


def _error(request, status: int):
    if request.path.startswith("/api/"):
        return unrouted_error_response(status)
    return render(request, "frontend/error.html", {"status": status}, status=status)


def bad_request(request, exception=None):
    return _error(request, 400)


def forbidden(request, exception=None):
    return _error(request, 403)


def not_found(request, exception=None):
    return _error(request, 404)


def server_error(request):
    return _error(request, 500)
