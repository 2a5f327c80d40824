"""Production gunicorn configuration: `gunicorn -c config/gunicorn.conf.py config.wsgi`.

Reporter anonymity: people who report discrimination must not be identifiable
from our logs. The application forgets the client's address and browser before
any of its code runs (web.client_privacy.ClientPrivacyMiddleware), but gunicorn
sees the raw connection first, and its default access log format records the
client address (%(h)s), the user agent (%(a)s), the referer (%(f)s) and the full
request line including the query string (%(r)s). The format below logs only
time, method, path without query string, status, size and duration. Gunicorn's
own "Invalid request from ip=…" warning and the query string in its "Error handling
request" lines are redacted by AnonymousLogger below.

Settings from the environment:
  GUNICORN_BIND         address to listen on (default 127.0.0.1:8000, behind a proxy)
  WEB_CONCURRENCY       worker processes (default 2 × cores + 1)
  FORWARDED_ALLOW_IPS   proxies trusted for X-Forwarded-Proto (default 127.0.0.1,::1)
  GUNICORN_ACCESSLOG    access log file, "-" for stdout (default), "" to switch off
  GUNICORN_ERRORLOG     error log file, "-" for stderr (default)
  GUNICORN_LOGLEVEL     error log level (default info)
  GUNICORN_CONTROL_SOCKET  path of gunicorn's control socket (default: none)
"""

import os
import re

from gunicorn.glogging import Logger


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000").split(",")

# Sync workers: a submission is CPU-bound (Argon2id, BENCHMARKS.md), so one process per
# request uses every core without depending on the GIL. More workers than cores
# keep a cheap page from queueing behind submissions that hold every worker.
workers = int(os.environ.get("WEB_CONCURRENCY") or 2 * _cores() + 1)
worker_class = "sync"
timeout = 30
graceful_timeout = 30
# No preload_app: config.wsgi queries the database at import, and a connection
# opened in the master must not be shared by the forked workers.
preload_app = False

# Heartbeat files in memory, not on a disk that may block (Docker's overlay /tmp).
if os.path.isdir("/dev/shm"):  # noqa: S108 - gunicorn's documented recommendation
    worker_tmp_dir = "/dev/shm"  # noqa: S108

# Gunicorn ≥ 25.1 opens a control socket in $HOME by default, shared by every
# instance of the same user; only open one where the operator asks for it.
if os.environ.get("GUNICORN_CONTROL_SOCKET"):
    control_socket = os.environ["GUNICORN_CONTROL_SOCKET"]
else:
    control_socket_disable = True

forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

accesslog = os.environ.get("GUNICORN_ACCESSLOG", "-") or None
errorlog = os.environ.get("GUNICORN_ERRORLOG", "-")
loglevel = os.environ.get("GUNICORN_LOGLEVEL", "info")
# Time, "METHOD /path" (no query string), status, body bytes, duration in
# microseconds. Never %(h)s (address), %(a)s (user agent), %(f)s (referer),
# %(r)s or %(q)s (query string), nor request headers.
access_log_format = '%(t)s "%(m)s %(U)s" %(s)s %(B)s %(D)sus'


class AnonymousLogger(Logger):
    """Gunicorn's logger without the client address in its warnings, and without query
    strings in "Error handling request METHOD URI" (the access log leaves them out too).

    Its access-log atoms are only the anonymous ones: gunicorn's own hold the address,
    every request header (X-Forwarded-For, User-Agent, Referer, cookies) and the whole
    WSGI environ, so a format changed by mistake could log them; here it gets "-". It
    also skips building ~60 entries per request that the format never reads.
    """

    _ADDRESS = re.compile(r"\bip=\S*")

    def atoms(self, resp, req, environ, request_time):
        micros = request_time.seconds * 1_000_000 + request_time.microseconds
        status = resp.status
        return {
            "t": self.now(),
            "m": environ.get("REQUEST_METHOD"),
            "U": environ.get("PATH_INFO"),
            "H": environ.get("SERVER_PROTOCOL"),
            "s": status.split(None, 1)[0] if isinstance(status, str) else status,
            "B": getattr(resp, "sent", None),
            "D": micros,
            "M": micros // 1000,
            "T": request_time.seconds,
        }

    def warning(self, msg, *args, **kwargs):
        super().warning(self._ADDRESS.sub("ip=[removed]", str(msg)), *args, **kwargs)

    def exception(self, msg, *args, **kwargs):
        args = tuple(arg.split("?", 1)[0] if isinstance(arg, str) else arg for arg in args)
        super().exception(msg, *args, **kwargs)


logger_class = AnonymousLogger
