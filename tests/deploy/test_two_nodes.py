"""Two web nodes, one PostgreSQL: whatever one node stores, the other serves.

Two gunicorn instances with production settings run in separate working directories,
each with a media directory of its own (nothing on disk is shared), on one throwaway
PostgreSQL database. A report with an attachment is submitted through node A; a
caseworker downloads the attachment through node B; a reporter who logged in with the
receipt code on node A reads their report on node B. Afterwards neither node's
directory holds anything the service wrote. As in `make prod-smoke`, cookies lack the
Secure flag because the nodes speak plain HTTP on loopback.

Needs PostgreSQL at 127.0.0.1:5432 (user postgres, trust); skips without it unless
MELDESTELLE_REQUIRE_POSTGRES=1 (CI), where a skip would hide a failure.
"""

import io
import os
import re
import secrets
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx
import psycopg
import pytest
from PIL import Image
from psycopg import sql

from bench.stack import PG, free_port, production_env
from tests.factories import form_data

ROOT = Path(__file__).resolve().parents[2]
GUNICORN_CONF = ROOT / "config" / "gunicorn.conf.py"
NODE_SETTINGS = """
from config.settings import *  # noqa: F403

STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
MEDIA_ROOT = %r
"""
NODE_FILES = {"node_settings.py", "error.log"}
PASSWORD = "two-nodes-password-2026"  # a throwaway account in a throwaway database
RECOVERY_CODE = re.compile(r"\b([A-Z0-9]{4}(?:-[A-Z0-9]{4}){7})\b")
NARRATIVE = "Zwei-Knoten-Test 5521: Am Schalter wurde ich weggeschickt."
FILE_NAME = "aushang-zwei-knoten.png"
PIXEL = (12, 140, 200)


def _postgres_reachable() -> bool:
    try:
        with psycopg.connect(dbname="postgres", connect_timeout=2, **PG):
            return True
    except psycopg.OperationalError:
        return False


@pytest.fixture(scope="module")
def database():
    if not _postgres_reachable():
        if os.environ.get("MELDESTELLE_REQUIRE_POSTGRES") == "1":
            pytest.fail("PostgreSQL at 127.0.0.1:5432 is required (MELDESTELLE_REQUIRE_POSTGRES=1)")
        pytest.skip(
            "needs PostgreSQL at 127.0.0.1:5432 (set MELDESTELLE_REQUIRE_POSTGRES=1 to fail)"
        )
    name = f"meldestelle_twonodes_{secrets.token_hex(4)}"
    with psycopg.connect(dbname="postgres", autocommit=True, **PG) as admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield name
    finally:
        with psycopg.connect(dbname="postgres", autocommit=True, **PG) as admin:
            drop = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)")
            admin.execute(drop.format(sql.Identifier(name)))


def _manage(env: dict, *args: str, stdin: str = "") -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT, env=env, input=stdin, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


@dataclass
class Cluster:
    env: dict
    database: str
    node_dirs: list[Path]
    urls: list[str]
    backup_codes: list[str]

    def attachment_id(self) -> str:
        with psycopg.connect(dbname=self.database, **PG) as conn:
            (attachment_id,) = conn.execute("SELECT id FROM reporting_attachment").fetchone()
        return str(attachment_id)


def _start_node(env: dict, directory: Path) -> tuple[subprocess.Popen, str]:
    directory.mkdir()
    (directory / "node_settings.py").write_text(NODE_SETTINGS % str(directory / "media"))
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", str(GUNICORN_CONF), "config.wsgi"],
        cwd=directory,
        env={
            **env,
            "PYTHONPATH": os.pathsep.join([str(directory), str(ROOT)]),
            "DJANGO_SETTINGS_MODULE": "node_settings",
            "GUNICORN_BIND": f"127.0.0.1:{port}",
            "WEB_CONCURRENCY": "1",
            "GUNICORN_ACCESSLOG": "",
            "GUNICORN_ERRORLOG": str(directory / "error.log"),
        },
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    return process, f"http://127.0.0.1:{port}"


def _wait_until_ready(process: subprocess.Popen, url: str, directory: Path) -> None:
    deadline = time.monotonic() + 60
    while True:
        assert process.poll() is None, (directory / "error.log").read_text()
        try:
            if httpx.get(f"{url}/de/", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        assert time.monotonic() < deadline, f"gunicorn at {url} did not answer"
        time.sleep(0.2)


@pytest.fixture(scope="module")
def cluster(database, tmp_path_factory):
    env = production_env(f"postgres://{PG['user']}@{PG['host']}:{PG['port']}/{database}")
    env["MELDESTELLE_SECURE_COOKIES"] = "0"
    _manage(env, "migrate", "--noinput", "--verbosity", "0")
    recovery = RECOVERY_CODE.search(_manage(env, "keys", "init"))[1]
    created = _manage(
        env, "staff", "create", "--username", "caseworker-b", "--role", "caseworker",
        "--password-stdin", stdin=PASSWORD + "\n",
    )  # fmt: skip
    backup_codes = re.search(r"Backup codes[^:]*: (.+)", created)[1].split()
    _manage(env, "keys", "recover", "--user", "caseworker-b", "--code-stdin", stdin=recovery)
    base = tmp_path_factory.mktemp("nodes")
    nodes = [_start_node(env, base / name) for name in ("node-a", "node-b")]
    try:
        for (process, url), name in zip(nodes, ("node-a", "node-b"), strict=True):
            _wait_until_ready(process, url, base / name)
        yield Cluster(
            env=env,
            database=database,
            node_dirs=[base / "node-a", base / "node-b"],
            urls=[url for _process, url in nodes],
            backup_codes=backup_codes,
        )
    finally:
        for process, _url in nodes:
            process.terminate()
        for process, _url in nodes:
            process.wait(timeout=40)


def _photo() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), PIXEL).save(out, format="PNG")
    return out.getvalue()


def _field(html: str, name: str) -> str:
    return re.search(rf'name="{name}" value="([^"]+)"', html)[1]


def _staff_login(http: httpx.Client, url: str, backup_codes: list[str]) -> None:
    page = http.get(f"{url}/de/office/login/").text
    http.post(
        f"{url}/de/office/login/",
        data={
            "csrfmiddlewaretoken": _field(page, "csrfmiddlewaretoken"),
            "username": "caseworker-b",
            "password": PASSWORD,
        },
    )
    page = http.get(f"{url}/de/office/login/second-factor/").text
    response = http.post(
        f"{url}/de/office/login/second-factor/",
        data={
            "csrfmiddlewaretoken": _field(page, "csrfmiddlewaretoken"),
            "code": backup_codes.pop(),
        },
    )
    assert response.status_code == 302, response.text[:800]


def test_what_node_a_stores_node_b_serves(cluster):
    node_a, node_b = cluster.urls
    with httpx.Client(timeout=60) as reporter:
        submitted = reporter.post(
            f"{node_a}/de/report/",
            data=form_data(narrative=NARRATIVE),
            files=[("attachments", (FILE_NAME, _photo(), "image/png"))],
        )
        assert submitted.status_code == 200, submitted.text[:800]
        code = "".join(re.findall(r'<span class="group">(\d{4})</span>', submitted.text))
        assert len(code) == 16

        # The reporter logs in on A and reads their report on B.
        assert reporter.post(f"{node_a}/de/receipt/", data={"code": code}).status_code == 302
        status = reporter.get(f"{node_b}/de/receipt/status/")
        assert status.status_code == 200
        assert NARRATIVE in status.text

    # A caseworker downloads the attachment through B.
    with httpx.Client(timeout=60) as staff:
        _staff_login(staff, node_b, cluster.backup_codes)
        download = staff.get(f"{node_b}/de/office/attachments/{cluster.attachment_id()}/")
    assert download.status_code == 200
    assert FILE_NAME in download.headers["Content-Disposition"]
    photo = Image.open(io.BytesIO(download.content))
    assert (photo.size, photo.getpixel((0, 0))) == ((40, 30), PIXEL)

    # Neither node wrote anything into its own directory.
    for directory in cluster.node_dirs:
        written = {p.relative_to(directory).as_posix() for p in directory.rglob("*")}
        assert written <= NODE_FILES, written
