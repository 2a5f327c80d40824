"""Gunicorn's own log lines carry no client address and no query string."""

import datetime
import importlib.util
from pathlib import Path

from gunicorn.config import Config

ROOT = Path(__file__).resolve().parents[2]


def _logger(tmp_path):
    spec = importlib.util.spec_from_file_location("gunicorn_conf", ROOT / "config/gunicorn.conf.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    config = Config()
    config.set("errorlog", str(tmp_path / "error.log"))
    return module.AnonymousLogger(config), tmp_path / "error.log"


def test_error_lines_lose_the_query_string_and_warnings_the_address(tmp_path):
    log, path = _logger(tmp_path)
    try:
        raise RuntimeError("boom")
    except RuntimeError:
        log.exception("Error handling request %s %s", "GET", "/de/receipt/?code=1234567812345678")
    log.warning("Invalid request from ip=203.0.113.77: bad header")
    for handler in log.error_log.handlers:
        handler.flush()
    written = path.read_text()
    assert "Error handling request GET /de/receipt/" in written and "RuntimeError" in written
    assert "1234567812345678" not in written and "code=" not in written
    assert "203.0.113.77" not in written and "ip=[removed]" in written


class _Response:
    status = "201 Created"
    sent = 88
    headers = [("Set-Cookie", "ms_key=secret")]


class _Request:
    headers = [("X-FORWARDED-FOR", "203.0.113.9"), ("USER-AGENT", "Marker-Agent/1")]


ENVIRON = {
    "REQUEST_METHOD": "POST",
    "PATH_INFO": "/api/v1/public/reports/",
    "QUERY_STRING": "code=1234567812345678",
    "RAW_URI": "/api/v1/public/reports/?code=1234567812345678",
    "SERVER_PROTOCOL": "HTTP/1.1",
    "REMOTE_ADDR": "203.0.113.9",
    "HTTP_X_FORWARDED_FOR": "203.0.113.9",
    "HTTP_USER_AGENT": "Marker-Agent/1",
    "HTTP_REFERER": "https://referer.invalid/",
}


def _access_line(tmp_path, log_format: str | None = None) -> str:
    spec = importlib.util.spec_from_file_location("gunicorn_conf", ROOT / "config/gunicorn.conf.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    config = Config()
    config.set("accesslog", str(tmp_path / "access.log"))
    config.set("access_log_format", log_format or module.access_log_format)
    log = module.AnonymousLogger(config)
    log.access(_Response(), _Request(), ENVIRON, datetime.timedelta(microseconds=2500))
    for handler in log.access_log.handlers:
        handler.flush()
    return (tmp_path / "access.log").read_text()


def test_the_access_line_has_method_path_status_size_and_duration(tmp_path):
    line = _access_line(tmp_path)
    assert line.endswith('"POST /api/v1/public/reports/" 201 88 2500us\n')


def test_no_format_can_log_the_client(tmp_path):
    """A format that asks for the address, headers, query, referer or environ gets "-"."""
    line = _access_line(
        tmp_path,
        "%(h)s %(a)s %(f)s %(q)s %(r)s %({x-forwarded-for}i)s %({remote_addr}e)s "
        "%({set-cookie}o)s %(m)s %(U)s %(s)s",
    )
    assert line == "- - - - - - - - POST /api/v1/public/reports/ 201\n"
