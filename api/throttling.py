from rest_framework.throttling import BaseThrottle

from reporting import ratelimit


class SubmissionThrottle(BaseThrottle):
    """The same per-client limit as the HTML form, on the keyed client hash."""

    scope = "report_submit"

    def allow_request(self, request, view):
        if request.method != "POST":
            return True
        return ratelimit.hit(self.scope, request._request.client_hash)

    def wait(self):
        return 3600
