"""Migration 0021: sealed attachment files move into the database and off the disk, and
back again when the migration is reversed; the envelopes still open either way."""

import datetime
import os

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from reporting.models import Attachment, SealedBlob
from reporting.services.attachments import PreparedAttachment, attachment_open
from reporting.services.reports import report_submit
from tests.factories import submission
from tests.migrations import migrate

pytestmark = pytest.mark.django_db(transaction=True)
BEFORE = [("reporting", "0020_retention_inactivity_regions")]
FILES = {f"beleg-{n}.pdf": f"%PDF-1.4\n% Beleg {n}\n".encode() for n in range(3)}


def _latest() -> list[tuple[str, str]]:
    return MigrationExecutor(connection).loader.graph.leaf_nodes("reporting")


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    yield tmp_path
    migrate(_latest())  # the next test gets the schema it expects, also after a failure


@pytest.fixture
def sealed(association_keyring):
    """Three attachments, sealed and stored by the current code; {name: sealed bytes}."""
    report_submit(
        submission=submission(),
        attachments=[
            PreparedAttachment(name, "application/pdf", "PDF", data) for name, data in FILES.items()
        ],
    )
    return {blob.attachment_id: bytes(blob.data) for blob in SealedBlob.objects.all()}


def _stored_names() -> dict:
    with connection.cursor() as cursor:
        cursor.execute("SELECT id, storage_name FROM reporting_attachment")
        return {Attachment._meta.pk.to_python(pk): name for pk, name in cursor.fetchall()}


def test_backwards_to_files_and_forwards_into_the_database(media, sealed, association_private_key):
    migrate(BEFORE)
    names = _stored_names()
    midnight = datetime.datetime.combine(
        timezone.localdate(), datetime.time(), tzinfo=timezone.get_current_timezone()
    ).timestamp()
    for name in names.values():  # before reading them, which sets the access time
        for path in (media / name, (media / name).parent):
            assert (os.stat(path).st_mtime, os.stat(path).st_atime) == (midnight, midnight)
    assert {pk: (media / name).read_bytes() for pk, name in names.items()} == sealed

    lost, *kept = names
    (media / names[lost]).unlink()
    migrate(_latest())

    assert {blob.attachment_id: bytes(blob.data) for blob in SealedBlob.objects.all()} == {
        pk: sealed[pk] for pk in kept
    }
    assert list(media.iterdir()) == []  # the files and their folder are gone
    opened = {
        attachment_open(attachment=attachment, keys=[association_private_key], actor=None)
        for attachment in Attachment.objects.filter(pk__in=kept)
    }
    assert {(item.name, item.data) for item in opened} <= set(FILES.items())
    assert len(opened) == 2
    with pytest.raises(SealedBlob.DoesNotExist):
        attachment_open(
            attachment=Attachment.objects.get(pk=lost), keys=[association_private_key], actor=None
        )


def test_without_any_of_the_files_it_stops_and_changes_nothing(media, sealed):
    migrate(BEFORE)
    names = _stored_names()
    for name in names.values():
        (media / name).unlink()
    with pytest.raises(RuntimeError, match="None of the 3 sealed attachment files"):
        migrate(_latest())
    assert _stored_names() == names  # still at 0019, every name kept
    with connection.cursor() as cursor:  # so that the fixture can migrate forwards again
        cursor.execute("DELETE FROM reporting_attachment")
