"""Gunicorn's own log lines carry no client address and no query string."""

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
