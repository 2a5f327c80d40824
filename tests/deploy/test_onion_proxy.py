"""The onion path's buffering proxy, run for real: nginx with deploy/onion-proxy/nginx.conf
in front of gunicorn's sync worker.

A Tor visitor sends slowly. Straight to gunicorn, an upload that takes longer than the
worker timeout is lost with the killed worker; through the proxy it arrives whole.
Here the timeout is 2 s and the upload takes ~4 s. The tests need nginx
(`apt-get install nginx-light`); they skip without it unless MELDESTELLE_REQUIRE_NGINX=1 (CI).
"""

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CONFIG = ROOT / "deploy" / "onion-proxy" / "nginx.conf"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
# What gunicorn gets: the body's length, read the way Django reads a request.
ECHO_APP = """
def app(environ, start_response):
    body = environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0))
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [b"received %d bytes" % len(body)]
"""
BODY_BYTES = 40 * 1024
SEND_SECONDS = 4.0


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def _serving(command: list[str], port: int, cwd: Path | None = None):
    """Run `command` for the block, which starts once something listens on `port`."""
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 15
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"exited: {process.stderr.read().decode(errors='replace')}")
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError(f"nothing listens on {port}") from None
                time.sleep(0.1)
        yield
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture
def gunicorn(tmp_path):
    if not os.access(NGINX, os.X_OK):
        reason = "nginx is not installed"
        if os.environ.get("MELDESTELLE_REQUIRE_NGINX") == "1":
            pytest.fail(reason, pytrace=False)
        pytest.skip(reason)
    (tmp_path / "echo_app.py").write_text(ECHO_APP)
    port = _free_port()
    command = [
        sys.executable, "-m", "gunicorn", "--worker-class", "sync", "--workers", "1",
        "--timeout", "2", "--bind", f"127.0.0.1:{port}", "echo_app:app",
    ]  # fmt: skip
    with _serving(command, port, cwd=tmp_path):
        yield port


@pytest.fixture
def onion_proxy(gunicorn, tmp_path):
    """nginx with the deployed configuration; only its upstream, port and /tmp moved."""
    port = _free_port()
    scratch = tmp_path / "nginx"
    scratch.mkdir()
    scratch.chmod(0o777)  # nginx's workers drop to another user when CI runs as root
    config = (
        CONFIG.read_text()
        .replace("proxy_pass http://web-onion:8000;", f"proxy_pass http://127.0.0.1:{gunicorn};")
        .replace("listen 8080;", f"listen 127.0.0.1:{port};")
        .replace(" /tmp/", f" {scratch}/")
    )
    assert config.count(str(scratch)) == 6  # pid and the five temp paths
    (scratch / "nginx.conf").write_text(config)
    command = [
        NGINX, "-e", "stderr", "-p", str(scratch), "-c", str(scratch / "nginx.conf"),
        "-g", "daemon off;",
    ]  # fmt: skip
    with _serving(command, port):
        yield port


def _slow_upload(port: int) -> bytes:
    """POST BODY_BYTES in small pieces over SEND_SECONDS, as over a slow Tor circuit."""
    pieces = 40
    with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
        sock.sendall(
            b"POST /de/report/ HTTP/1.1\r\nHost: example.onion\r\nConnection: close\r\n"
            b"Content-Type: application/octet-stream\r\n"
            b"Content-Length: %d\r\n\r\n" % BODY_BYTES
        )
        try:
            for _ in range(pieces):
                sock.sendall(b"x" * (BODY_BYTES // pieces))
                time.sleep(SEND_SECONDS / pieces)
            response = b""
            while chunk := sock.recv(65536):
                response += chunk
        except OSError:  # reset by the killed worker
            return b""
    return response


def test_straight_to_gunicorn_a_slow_upload_is_lost(gunicorn):
    assert f"received {BODY_BYTES} bytes".encode() not in _slow_upload(gunicorn)


def test_through_the_onion_proxy_a_slow_upload_arrives_whole(onion_proxy):
    response = _slow_upload(onion_proxy)
    assert response.startswith(b"HTTP/1.1 200")
    assert f"received {BODY_BYTES} bytes".encode() in response
    assert b"Server: nginx/" not in response  # server_tokens off
