"""Backup and restore on PostgreSQL, as docs/operations.md describes them.

deploy/backup.sh writes pg_dump's custom format, sealed attachments included;
pg_restore brings the dump into a fresh scratch database; read back with psycopg
(not through Django), the rows are all there, a sealed report still opens with the
association's key and with the receipt code, and a sealed attachment with the key. Skipped only on SQLite: CI runs
the suite a second time on PostgreSQL, where this runs.
"""

import hashlib
import json
import os
import secrets
import shutil
import subprocess
from pathlib import Path

import psycopg
import pytest
from django.conf import settings as django_settings
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.db import connection

from reporting.crypto import Context, PrivateKey, derive_receipt_keys, open_sealed, open_symmetric
from reporting.models import (
    Attachment,
    AuditEvent,
    Case,
    Message,
    OrganisationKey,
    Report,
    SealedBlob,
)
from reporting.receipts import receipt_kdf
from reporting.services.attachments import PreparedAttachment
from reporting.services.reports import report_submit
from tests.factories import submission

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(__file__).resolve().parents[2]
NARRATIVE = "Sicherungs-Test 9973: Die Bedienung ignorierte uns absichtlich."
FILE_BYTES = b"%PDF-1.4\n% Sicherung 5150\n%%EOF\n"
TABLES = {
    "reporting_report": Report,
    "reporting_case": Case,
    "reporting_message": Message,
    "reporting_attachment": Attachment,
    "reporting_sealedblob": SealedBlob,
    "reporting_organisationkey": OrganisationKey,
    "reporting_auditevent": AuditEvent,
}


def libpq_env() -> dict:
    db = connection.settings_dict
    env = dict(os.environ)
    env.update(
        PGHOST=db["HOST"] or "127.0.0.1",
        PGPORT=str(db["PORT"] or 5432),
        PGUSER=db["USER"] or "postgres",
        PGDATABASE=db["NAME"],
    )
    if db["PASSWORD"]:
        env["PGPASSWORD"] = db["PASSWORD"]
    return env


def connect(dbname: str, **kwargs) -> psycopg.Connection:
    db = connection.settings_dict
    return psycopg.connect(
        host=db["HOST"] or "127.0.0.1",
        port=db["PORT"] or 5432,
        user=db["USER"] or "postgres",
        password=db["PASSWORD"] or None,
        dbname=dbname,
        **kwargs,
    )


@pytest.fixture
def scratch_database():
    name = f"{connection.settings_dict['NAME']}_restore_{secrets.token_hex(4)}"
    with connect("postgres", autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    yield name
    with connect("postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_backup_and_restore_with_pg_dump(
    client, settings, tmp_path, association_keyring, association_private_key, request
):
    if connection.vendor == "sqlite":
        pytest.skip("pg_dump and pg_restore need PostgreSQL (CI runs this on PostgreSQL)")
    assert connection.vendor == "postgresql"
    assert shutil.which("pg_dump") and shutil.which("pg_restore"), "install postgresql-client"
    scratch = request.getfixturevalue("scratch_database")

    submitted = report_submit(
        submission=submission(narrative=NARRATIVE),
        attachments=[
            PreparedAttachment(
                name="sicherung.pdf", content_type="application/pdf", family="PDF", data=FILE_BYTES
            )
        ],
    )
    # A reporter session and a rate-limit row: the backup leaves both out.
    assert client.post("/de/receipt/", {"code": submitted.receipt_code}).status_code == 302
    assert Session.objects.exists()
    assert client.post("/de/receipt/status/", {"body": "Nachtrag 6174"}).status_code == 302
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "meldestelle_cache",
        }
    }
    call_command("createcachetable", verbosity=0)  # migration 0002 under test settings: none
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO meldestelle_cache (cache_key, value, expires) VALUES (%s, %s, now())",
            ["rl:report_submit:abcde:1", "1"],
        )

    result = subprocess.run(
        ["sh", str(ROOT / "deploy" / "backup.sh")],
        env={**libpq_env(), "BACKUP_DIR": str(tmp_path)},
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    backup = Path(result.stdout.strip().splitlines()[-1])
    assert backup.parent == tmp_path and backup.name.startswith("meldestelle-")
    assert (backup / "database.dump").read_bytes()[:5] == b"PGDMP"  # custom format
    assert sorted(p.name for p in backup.iterdir()) == ["SHA256SUMS", "database.dump"]
    for line in (backup / "SHA256SUMS").read_text().splitlines():
        digest, name = line.split()
        assert hashlib.sha256((backup / name).read_bytes()).hexdigest() == digest

    subprocess.run(
        [
            "pg_restore",
            "--no-owner",
            "--exit-on-error",
            "--dbname",
            scratch,
            str(backup / "database.dump"),
        ],
        env=libpq_env(),
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )

    with connect(scratch) as restored:
        for table, model in TABLES.items():
            (count,) = restored.execute(f"SELECT count(*) FROM {table}").fetchone()  # noqa: S608
            assert count == model.objects.count() > 0, table
        assert restored.execute("SELECT count(*) FROM django_session").fetchone() == (0,)
        assert restored.execute("SELECT count(*) FROM meldestelle_cache").fetchone() == (0,)
        report_id, content, lookup, wrapped = restored.execute(
            "SELECT id, content, receipt_lookup, reporter_private_key_wrapped "
            "FROM reporting_report WHERE id = %s",
            [submitted.report.id],
        ).fetchone()
        attachment_id, sealed = restored.execute(
            "SELECT attachment_id, data FROM reporting_sealedblob"
        ).fetchone()

    context = Context(label="reporting.report", pk=str(report_id), field="content")
    opened = json.loads(open_sealed(bytes(content), keys=association_private_key, context=context))
    assert opened["narrative"] == NARRATIVE

    # The receipt code still finds the report and unwraps the reporter's key.
    keys = derive_receipt_keys(
        submitted.receipt_code, site_salt=django_settings.RECEIPT_SALT, params=receipt_kdf()
    )
    assert lookup == keys.lookup_token
    reporter_key = PrivateKey(
        open_symmetric(
            keys.wrapping_key,
            bytes(wrapped),
            aad=bytes(
                Context(label="reporting.report", pk=str(report_id), field="reporter_private_key")
            ),
        )
    )
    assert json.loads(open_sealed(bytes(content), keys=reporter_key, context=context))

    # The sealed attachment comes back with the database and opens.
    file_context = Context(label="reporting.attachment", pk=str(attachment_id), field="file")
    assert open_sealed(sealed, keys=association_private_key, context=file_context) == FILE_BYTES
    assert b"Sicherung 5150" not in sealed
