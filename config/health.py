"""`GET /healthz`: is this process able to serve? For container and load-balancer checks.

It answers 200 {"status": "ok"} when a trivial query reaches the database and
503 {"status": "unavailable"} otherwise. The answer never says why (no exception
text, no versions, no host names): the endpoint is public. It reads no session
and sets no cookie; it goes through the same middleware as every other page.
"""

import logging

from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)


@never_cache
@require_safe
def health(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as exc:
        # The class name is enough for the operator; the message may hold host names.
        logger.warning("Health check: database unavailable (%s)", type(exc).__name__)
        return JsonResponse({"status": "unavailable"}, status=503)
    return JsonResponse({"status": "ok"})
