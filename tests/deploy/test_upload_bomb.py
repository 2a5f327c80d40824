"""A decompression bomb sent to the real stack: gunicorn with config/gunicorn.conf.py and
the production settings (DEBUG off, the start-up checks of config/wsgi.py), one sync
worker. The form answers 400 within seconds and the same worker serves the next request.

Five ~10 KB PNGs of 8000 × 9900 one-bit pixels once took ~18 s and ~1 GB each to
re-encode: the worker hit gunicorn's 30 s timeout and the reporter got a 500.
Only the database (a SQLite file) and the static-files storage (no collectstatic: the
pages name their files as they are) differ from production.
"""

import io
import os
import re
import secrets
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from PIL import Image

from tests.factories import form_data

ROOT = Path(__file__).resolve().parents[2]
BOMBS = 5  # the form's maximum
SETTINGS = """
from config.settings import *  # noqa: F403

STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def stack(tmp_path):
    (tmp_path / "bomb_settings.py").write_text(SETTINGS)
    port = _free_port()
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("DJANGO_", "MELDESTELLE_", "GUNICORN_", "DATABASE_"))
    }
    env.update(
        PYTHONPATH=os.pathsep.join([str(tmp_path), str(ROOT)]),
        DJANGO_SETTINGS_MODULE="bomb_settings",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        MELDESTELLE_RECEIPT_SALT=secrets.token_urlsafe(32),
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        MELDESTELLE_OPERATOR_NAME="Bomben-Testbetreiber (fiktiv)",  # keys init names it
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        GUNICORN_BIND=f"127.0.0.1:{port}",
        WEB_CONCURRENCY="1",
        GUNICORN_ACCESSLOG="",
        GUNICORN_ERRORLOG=str(tmp_path / "error.log"),
        PYTHONDONTWRITEBYTECODE="1",
    )
    for command in (["migrate", "--noinput", "--verbosity", "0"], ["keys", "init"]):
        subprocess.run(
            [sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True,
            stdout=subprocess.DEVNULL,
        )  # fmt: skip
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "config/gunicorn.conf.py", "config.wsgi"],
        cwd=ROOT, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            assert server.poll() is None, (tmp_path / "error.log").read_text()
            try:
                if httpx.get(f"{url}/de/", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert time.monotonic() < deadline, "gunicorn did not answer"
            time.sleep(0.2)
        yield url, tmp_path / "error.log"
    finally:
        server.terminate()
        server.wait(timeout=40)


def _bomb() -> bytes:
    out = io.BytesIO()
    Image.new("1", (8000, 9900)).save(out, format="PNG")
    return out.getvalue()


def test_a_bomb_is_a_400_within_seconds_and_the_worker_lives_on(stack):
    url, error_log = stack
    bomb = _bomb()
    files = [("attachments", (f"bild{n}.png", bomb, "image/png")) for n in range(BOMBS)]
    started = time.monotonic()
    response = httpx.post(f"{url}/de/report/", data=form_data(), files=files, timeout=60)
    elapsed = time.monotonic() - started
    assert response.status_code == 400
    assert "bild0.png" in response.text  # the message names the refused file
    assert elapsed < 5, f"{elapsed:.1f} s"
    assert httpx.get(f"{url}/de/", timeout=10).status_code == 200
    log = error_log.read_text()
    assert "WORKER TIMEOUT" not in log
    assert len(re.findall(r"Booting worker", log)) == 1, log
