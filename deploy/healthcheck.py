"""Container health check: exit 0 when GET /healthz answers 200, else 1.

Run by the image's HEALTHCHECK inside the container (standard library only). It
sends the first DJANGO_ALLOWED_HOSTS entry as Host, because Django refuses other
hosts, and X-Forwarded-Proto: https, as the TLS proxy does, so that
MELDESTELLE_SSL_REDIRECT does not answer with a redirect.
"""

import os
import sys
import urllib.error
import urllib.request


def _host() -> str:
    hosts = [h.strip() for h in os.environ.get("DJANGO_ALLOWED_HOSTS", "").split(",")]
    hosts = [h.lstrip(".") for h in hosts if h and h != "*"]
    return hosts[0] if hosts else "localhost"


def _port() -> str:
    bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000").split(",")[0]
    return bind.rsplit(":", 1)[-1] if ":" in bind else "8000"


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a redirect is not healthy


def main() -> int:
    request = urllib.request.Request(
        f"http://127.0.0.1:{_port()}/healthz",
        headers={"Host": _host(), "X-Forwarded-Proto": "https"},
    )
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(request, timeout=4) as response:
            return 0 if response.status == 200 else 1
    except (urllib.error.URLError, OSError):
        return 1


if __name__ == "__main__":
    sys.exit(main())
