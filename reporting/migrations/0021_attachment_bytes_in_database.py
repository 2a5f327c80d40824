"""Sealed attachment bytes move from the file storage into the table SealedBlob, so that
every web node serves them (docs/decisions.md, "Attachments' sealed bytes live in
PostgreSQL").

Forwards: each attachment's sealed file becomes a SealedBlob row, byte for byte (the
envelope stays sealed to the attachment's "file" context, nothing is decrypted); the
files are deleted only once the rows are committed. An attachment whose file is
already gone keeps its row without bytes (its download is a 404, as before) and is
counted on stdout; if every file is missing, the migration stops and changes nothing.
Backwards: the rows become files again under new random names, with times to the day
(an attachment without bytes gets a name without a file), and the table goes.
"""

import datetime
import os
import secrets
from pathlib import Path

import django.db.models.deletion
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import migrations, models, transaction
from django.utils import timezone

FOLDER = "attachments"


def _path(storage, name: str) -> Path | None:
    try:
        return Path(storage.path(name))
    except NotImplementedError:  # object storage: no folder, no file times to set
        return None


def files_into_database(apps, schema_editor):
    Attachment = apps.get_model("reporting", "Attachment")
    SealedBlob = apps.get_model("reporting", "SealedBlob")
    storage = storages["default"]
    moved, missing = [], 0
    for attachment in Attachment.objects.only("pk", "storage_name").iterator(chunk_size=100):
        if not storage.exists(attachment.storage_name):
            missing += 1
            continue
        with storage.open(attachment.storage_name, "rb") as handle:
            SealedBlob.objects.create(attachment_id=attachment.pk, data=handle.read())
        moved.append(attachment.storage_name)
    if missing and not moved:
        # Rather a wrong MEDIA_ROOT or an unmounted volume than every file lost: the
        # column with the file names goes next, so stop while nothing has changed.
        raise RuntimeError(
            f"None of the {missing} sealed attachment files is in the file storage "
            f"(MEDIA_ROOT {settings.MEDIA_ROOT}). Run this migration where the media "
            "volume is mounted (docs/operations.md, upgrades). Nothing was changed."
        )
    if missing:
        print(f"\n  {missing} attachment file(s) were missing; those attachments have no bytes.")

    def delete_files():
        for name in moved:
            storage.delete(name)
        folder = _path(storage, FOLDER)
        if folder is not None and folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()

    transaction.on_commit(delete_files, using=schema_editor.connection.alias)


def database_into_files(apps, schema_editor):
    Attachment = apps.get_model("reporting", "Attachment")
    SealedBlob = apps.get_model("reporting", "SealedBlob")
    storage = storages["default"]
    midnight = datetime.datetime.combine(
        timezone.localdate(), datetime.time(), tzinfo=timezone.get_current_timezone()
    ).timestamp()
    for blob in SealedBlob.objects.iterator(chunk_size=8):
        name = storage.save(f"{FOLDER}/{secrets.token_hex(16)}.sealed", ContentFile(blob.data))
        Attachment.objects.filter(pk=blob.attachment_id).update(storage_name=name)
        path = _path(storage, name)
        if path is not None:
            for stamped in (path, path.parent):
                os.utime(stamped, (midnight, midnight))
    # Attachments whose file was missing get a name without a file again (a 404).
    for attachment in Attachment.objects.filter(storage_name__isnull=True).only("pk"):
        attachment.storage_name = f"{FOLDER}/{secrets.token_hex(16)}.sealed"
        attachment.save(update_fields=["storage_name"])


class Migration(migrations.Migration):

    dependencies = [
        ("reporting", "0020_retention_inactivity_regions"),
    ]

    operations = [
        migrations.CreateModel(
            name="SealedBlob",
            fields=[
                ("attachment", models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name="sealed_blob", serialize=False, to="reporting.attachment")),
                ("data", models.BinaryField(help_text="Envelope of the file's bytes.")),
            ],
        ),
        # Nullable for the way back: the rows get their new file names one by one.
        migrations.AlterField(
            model_name="attachment",
            name="storage_name",
            field=models.CharField(max_length=100, null=True, unique=True),
        ),
        migrations.RunPython(files_into_database, database_into_files),
        migrations.RemoveField(
            model_name="attachment",
            name="storage_name",
        ),
    ]
