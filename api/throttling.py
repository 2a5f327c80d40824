from django.conf import settings
from rest_framework.exceptions import Throttled

from web import ratelimit

SUBMISSION_SCOPE = "report_submit"


def submission_count(request) -> None:
    """Count one submission against the per-client limit the HTML form shares; raise
    Throttled (429 with Retry-After) once it is over.

    Call it after validation, right before storing: like the form, only submissions
    that are about to be stored count. The limit protects the Argon2id work and the
    database; malformed or invalid requests cost neither, and counting them would let
    one client behind a shared address (a shelter's Wi-Fi, Tor) lock out everyone there.
    Not a DRF throttle class, because those run before the request body is parsed.
    """
    if not ratelimit.hit(SUBMISSION_SCOPE, request._request.client_hash):
        raise Throttled(wait=settings.RATE_LIMITS[SUBMISSION_SCOPE][1])
