"""Hand-over to another data controller: export the tables the service needs, import them.

An export is one directory:

    manifest.json                   format, schema, counts, SHA-256 and size of every file
    reporting.<model>.jsonl         one JSON object per row, one file per table

Nothing is decrypted. Sealed columns (envelopes, wrapped private keys, the sealed
bytes of attachments in reporting.sealedblob) are the stored bytes in base64, so an
export is as confidential as the database: the clear columns (district, month,
grounds, …) are in it, the content is not.

Not exported, on purpose: staff accounts with their password hashes, second
factors, personal key pairs and key grants (the new controller creates its own
staff and grants the organisation keys with the recovery codes, which travel on
paper); references to staff users (assignee, authors, event actors, which are
empty after the import); sessions, the cache and the task queue; and the secrets
from the environment. The receipt salt (MELDESTELLE_RECEIPT_SALT) and the receipt
KDF parameters must be the same on the receiving side, or no receipt code works:
the manifest records the parameters and a token derived from both, and the import
refuses others.
"""

import base64
import datetime
import hashlib
import json
import os
import uuid
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path, PurePosixPath

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from reporting.fields import CodeSetField
from reporting.receipts import receipt_settings_token
from reporting.services.tallies import tallies_rebuild

FORMAT = "meldestelle-handover"
VERSION = 2  # 1 had the sealed attachment bytes as files beside the tables
MANIFEST = "manifest.json"
_CHUNK = 1024 * 1024
# Rows read per round trip: an attachment's sealed bytes are up to 10 MB.
_ROWS_PER_FETCH = {"reporting.sealedblob": 8}

# In dependency order: every row refers only to rows of tables above it.
MODELS = (
    "reporting.Organisation",
    "reporting.OrganisationKey",
    "reporting.Report",
    "reporting.Case",
    "reporting.Assessment",
    "reporting.Message",
    "reporting.Note",
    "reporting.Attachment",
    "reporting.SealedBlob",
    "reporting.Referral",
    "reporting.ReferralUpdate",
    "reporting.Intervention",
    "reporting.CaseShare",
    "reporting.AuditEvent",
    "reporting.AnnualReport",
    "reporting.CounsellingService",
)
NOT_INCLUDED = [
    "staff accounts: password hashes, second factors, personal key pairs, key grants",
    "references to staff users (assignee, authors, event actors): empty after import",
    "sessions, cache (rate-limit rows), task queue",
    "statistics tallies: counted again from the cases on import",
    "environment secrets: DJANGO_SECRET_KEY, MELDESTELLE_RECEIPT_SALT (hand over separately)",
    "recovery codes (paper only)",
]


class HandoverError(Exception):
    """The export or import cannot go on; the message says why (no content)."""


def count_lines(result: "ExportResult | ImportResult") -> list[str]:
    """What export_data and import_data print: rows per table."""
    return [f"{label:28} {count:>8}" for label, count in result.counts.items()]


@dataclass(frozen=True)
class ExportResult:
    directory: Path
    counts: dict[str, int]
    manifest_sha256: str


@dataclass(frozen=True)
class ImportResult:
    counts: dict[str, int]


# ---------------------------------------------------------------- fields and values


def _models() -> list[type[models.Model]]:
    return [apps.get_model(label) for label in MODELS]


def _is_user_reference(f: models.Field) -> bool:
    return f.is_relation and f.related_model is get_user_model()


def _fields(model: type[models.Model]) -> list[models.Field]:
    if model._meta.local_many_to_many:
        raise HandoverError(f"{model._meta.label}: many-to-many fields are not supported.")
    return [f for f in model._meta.concrete_fields if not _is_user_reference(f)]


def _dump(f: models.Field, obj: models.Model):
    value = f.value_from_object(obj)
    if value is None:
        return None
    if isinstance(f, models.BinaryField):
        return base64.b64encode(bytes(value)).decode("ascii")
    if isinstance(f, CodeSetField):
        return list(value)
    if isinstance(value, datetime.date | datetime.datetime | datetime.time):
        return value.isoformat()
    if isinstance(value, uuid.UUID | Decimal):
        return str(value)
    return value


def _load(f: models.Field, raw):
    if raw is None:
        return None
    if f.is_relation:
        return f.target_field.to_python(raw)
    return f.to_python(raw)  # BinaryField.to_python decodes base64


# ---------------------------------------------------------------- files of the export


def _sha256(path: Path) -> tuple[str, int]:
    digest = hashlib.sha256()
    size = 0
    with open(path, "rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


def _private_file(path: Path):
    """A new file only the owner can read; never overwrites."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    return os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb")


def _safe_relative(name: str) -> PurePosixPath:
    path = PurePosixPath(name)
    if not name or "\\" in name or path.is_absolute() or ".." in path.parts:
        raise HandoverError(f"Refusing the file name {name!r}.")
    return path


def _applied_schema() -> list[str]:
    applied = MigrationRecorder(connection).applied_migrations()
    return sorted(name for app, name in applied if app == "reporting")


# ---------------------------------------------------------------- export


def export_data(directory: Path | str) -> ExportResult:
    """Write every table in MODELS to `directory`."""
    directory = Path(directory)
    if directory.exists() and (not directory.is_dir() or any(directory.iterdir())):
        raise HandoverError(f"{directory} exists and is not an empty directory.")
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    files: dict[str, dict] = {}
    tables, counts = [], {}

    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if connection.vendor == "postgresql" and outermost:
            # One snapshot for all tables even if the service keeps running.
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        for model in _models():
            label = model._meta.label_lower
            fields = _fields(model)
            name = f"{label}.jsonl"
            count = 0
            rows = model._base_manager.order_by("pk")
            with _private_file(directory / name) as out:
                for obj in rows.iterator(chunk_size=_ROWS_PER_FETCH.get(label, 500)):
                    record = {f.attname: _dump(f, obj) for f in fields}
                    out.write(json.dumps(record, ensure_ascii=False, sort_keys=True).encode())
                    out.write(b"\n")
                    count += 1
            sha, size = _sha256(directory / name)
            files[name] = {"sha256": sha, "bytes": size}
            columns = [f.attname for f in fields]
            tables.append({"model": label, "file": name, "count": count, "fields": columns})
            counts[label] = count
        schema = _applied_schema()

    manifest = {
        "format": FORMAT,
        "version": VERSION,
        "created_at": timezone.now().isoformat(),
        "schema": {"reporting": schema},
        "receipt_kdf": dict(settings.RECEIPT_KDF),
        "receipt_settings_token": receipt_settings_token(),
        "tables": tables,
        "files": dict(sorted(files.items())),
        "not_included": NOT_INCLUDED,
        "note": "Sealed values are the stored bytes in base64; nothing was decrypted.",
    }
    with _private_file(directory / MANIFEST) as out:
        out.write(json.dumps(manifest, indent=2, sort_keys=True).encode() + b"\n")
    return ExportResult(
        directory=directory,
        counts=counts,
        manifest_sha256=_sha256(directory / MANIFEST)[0],
    )


# ---------------------------------------------------------------- import


def read_manifest(directory: Path | str) -> dict:
    path = Path(directory) / MANIFEST
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise HandoverError(f"No {MANIFEST} in {directory}.") from None
    except ValueError:
        raise HandoverError(f"{MANIFEST} is not valid JSON.") from None
    if manifest.get("format") != FORMAT:
        raise HandoverError(f"Not a {FORMAT} export.")
    if manifest.get("version") != VERSION:
        raise HandoverError(
            f"The export has format version {manifest.get('version')!r}, this version of "
            f"Meldestelle reads {VERSION}. Import it with the version that made it, then upgrade."
        )
    return manifest


def verify_export(directory: Path | str, manifest: dict) -> None:
    """Every listed file is there with its SHA-256 and size, and nothing else is."""
    directory = Path(directory)
    listed = manifest.get("files") or {}
    for name, expected in listed.items():
        path = directory / _safe_relative(name)
        if not path.is_file():
            raise HandoverError(f"{name} is missing from the export.")
        if _sha256(path) != (expected["sha256"], expected["bytes"]):
            raise HandoverError(f"{name} does not match its SHA-256 in the manifest.")
    present = {p.relative_to(directory).as_posix() for p in directory.rglob("*") if p.is_file()} - {
        MANIFEST
    }
    extra = sorted(present - set(listed))
    if extra:
        raise HandoverError(f"Files not in the manifest: {', '.join(extra[:5])}")
    for table in manifest.get("tables", []):
        if table["file"] not in listed:
            raise HandoverError(f"{table['file']} is not listed with a checksum.")


def _check_target(manifest: dict) -> None:
    if [t["model"] for t in manifest["tables"]] != [m.lower() for m in MODELS]:
        raise HandoverError("The export holds other tables than this version expects.")
    theirs = manifest.get("schema", {}).get("reporting") or []
    ours = _applied_schema()
    if theirs != ours:
        raise HandoverError(
            "The export was made at another database schema (latest migration "
            f"{(theirs or [None])[-1]!r}, here {(ours or [None])[-1]!r}). "
            "Install the same version of Meldestelle, import, then upgrade."
        )
    if manifest.get("receipt_kdf") != dict(settings.RECEIPT_KDF):
        raise HandoverError(
            "The receipt KDF parameters differ (MELDESTELLE_RECEIPT_KDF_*): "
            f"export {manifest.get('receipt_kdf')}, here {dict(settings.RECEIPT_KDF)}. "
            "Receipt codes would stop working; set the same values."
        )
    if manifest.get("receipt_settings_token") != receipt_settings_token():
        raise HandoverError(
            "MELDESTELLE_RECEIPT_SALT differs from the exporting site's. Receipt codes "
            "would stop working; set the salt that was handed over with the export."
        )
    not_empty = [m._meta.label for m in _models() if m._base_manager.exists()]
    if not_empty:
        raise HandoverError(
            f"The database is not empty ({', '.join(not_empty)}). Import into a freshly "
            "migrated database, before `keys init`."
        )


def import_data(directory: Path | str) -> ImportResult:
    """Load an export made by `export_data` into an empty, migrated database."""
    directory = Path(directory)
    manifest = read_manifest(directory)
    verify_export(directory, manifest)
    _check_target(manifest)
    counts: dict[str, int] = {}
    with transaction.atomic():
        for table in manifest["tables"]:
            model = apps.get_model(table["model"])
            counts[table["model"]] = _import_table(model, directory, table)
        _reset_sequences()
        tallies_rebuild()  # derived from the cases, so counted again rather than exported
    return ImportResult(counts=counts)


def _import_table(model, directory: Path, table: dict) -> int:
    fields = _fields(model)
    names = {f.attname for f in fields}
    if set(table["fields"]) != names:
        raise HandoverError(f"{table['file']}: the columns differ from this version's.")
    count = 0
    with open(directory / table["file"], encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            try:
                record = json.loads(line)
            except ValueError:
                raise HandoverError(f"{table['file']}, line {number}: not JSON.") from None
            if set(record) != names:
                raise HandoverError(f"{table['file']}, line {number}: unexpected columns.")
            obj = model(**{f.attname: _load(f, record[f.attname]) for f in fields})
            # raw: stored values exactly as exported (no auto_now, no custom save()).
            obj.save_base(raw=True, force_insert=True)
            count += 1
    if count != table["count"]:
        raise HandoverError(f"{table['file']}: {count} rows, the manifest says {table['count']}.")
    return count


def _reset_sequences() -> None:
    """Primary-key sequences continue after the imported ids (PostgreSQL; no-op on SQLite)."""
    statements = connection.ops.sequence_reset_sql(no_style(), _models())
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)
