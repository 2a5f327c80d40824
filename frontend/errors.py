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


class MethodNotAllowedPageMiddleware:
    """Django's view decorators answer a wrong method with an empty 405; a person who
    lands there (a form resent from history, a bookmarked POST address) gets the
    translated error page instead, with the same Allow header. Last in MIDDLEWARE, so
    that the page's language is active."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            response.status_code != 405
            or response.content
            or request.method == "HEAD"
            or request.path.startswith("/api/")  # DRF answers in its envelope itself
        ):
            return response
        page = render(request, "frontend/error.html", {"status": 405}, status=405)
        if "Allow" in response:
            page["Allow"] = response["Allow"]
        return page
