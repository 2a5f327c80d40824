"""Translated error pages that reveal nothing about the server (config/error_handlers.py
sends /api/ to the API's JSON envelope)."""

from django.shortcuts import render


def error_page(request, status: int):
    return render(request, "frontend/error.html", {"status": status}, status=status)


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
        page = error_page(request, 405)
        if "Allow" in response:
            page["Allow"] = response["Allow"]
        return page
