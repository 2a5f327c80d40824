"""Django's error handlers: the API's JSON envelope under /api/, the translated page
elsewhere. Routing only; each adapter renders its own answer."""

from api.exceptions import unrouted_error_response
from frontend.errors import error_page


def _error(request, status: int):
    if request.path.startswith("/api/"):
        return unrouted_error_response(status)
    return error_page(request, status)


def bad_request(request, exception=None):
    return _error(request, 400)


def forbidden(request, exception=None):
    return _error(request, 403)


def not_found(request, exception=None):
    return _error(request, 404)


def server_error(request):
    return _error(request, 500)
