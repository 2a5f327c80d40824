"""Hand-over: export_data → an empty database → import_data, and the service goes on.

After the import a report still opens with the association's private key, the
receipt code still logs the reporter in, attachments and referral summaries still
open, and nothing in the export was plaintext.
"""

import base64
import hashlib
import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from reporting.crypto import open_sealed
from reporting.models import (
    Assessment,
    Attachment,
    AuditEvent,
    Case,
    CaseShare,
    CounsellingService,
    Intervention,
    Message,
    Note,
    Organisation,
    OrganisationKey,
    Referral,
    ReferralUpdate,
    Report,
    SealedBlob,
)
from reporting.models.statistics import AnnualReport
from reporting.selectors.receipts import reporter_access_for_code, reporter_case_view
from reporting.selectors.statistics import year_counts, year_counts_scanned
from reporting.services.attachments import PreparedAttachment, attachment_open
from reporting.services.cases import case_assess, note_add, staff_message_send
from reporting.services.messages import reporter_message_send
from reporting.services.referrals import referral_send, referral_step
from reporting.services.reports import report_intake, report_submit
from reporting.services.shares import case_share
from reporting.vocabulary.roles import Role
from tests.factories import submission

pytestmark = pytest.mark.django_db
# `flush` (TRUNCATE on PostgreSQL) cannot run inside the test's transaction.
flushes = pytest.mark.django_db(transaction=True)

NARRATIVE = "Übergabe-Test 4711: Der Türsteher ließ uns nicht hinein."
EMAIL = "uebergabe.melder@example.org"
REPORTER_MESSAGE = "Nachtrag Übergabe 0815: es gab Zeugen."
STAFF_MESSAGE = "Antwort Übergabe 2718: wir melden uns."
NOTE = "Interne Notiz Übergabe 3141: Muster erkennbar."
SUMMARY = "Weitergabe Übergabe 1618: bitte Beratung."
UPDATE = "Rückmeldung Übergabe 1414: Termin vereinbart."
FILE_NAME = "beweisfoto-uebergabe.pdf"
FILE_BYTES = b"%PDF-1.4\n% Uebergabe-Anhang 6626 Klartext\n%%EOF\n"
TABLES = (
    Organisation,
    OrganisationKey,
    Report,
    Case,
    Assessment,
    Message,
    Note,
    Attachment,
    SealedBlob,
    Referral,
    ReferralUpdate,
    Intervention,
    CaseShare,
    AuditEvent,
    AnnualReport,
    CounsellingService,
)


@pytest.fixture
def service(
    association_keyring, association_private_key, make_staff, make_member, make_member_caseworker
):
    """A small but complete service: every exported table has at least one row."""
    caseworker = make_staff(Role.CASEWORKER)
    member = make_member("Beratung Übergabe (fiktiv)", districts=["14612"])
    submitted = report_submit(
        submission=submission(
            narrative=NARRATIVE,
            contact_email=EMAIL,
            consent_contact=True,
            consent_referral=True,
            district="14612",
        ),
        attachments=[
            PreparedAttachment(
                name=FILE_NAME, content_type="application/pdf", family="PDF", data=FILE_BYTES
            )
        ],
    )
    case = submitted.report.case
    access = reporter_access_for_code(submitted.receipt_code)
    reporter_message_send(access=access, body=REPORTER_MESSAGE)
    staff_message_send(case=case, actor=caseworker, body=STAFF_MESSAGE)
    note_add(case=case, actor=caseworker, body=NOTE)
    case_assess(
        case=case,
        actor=caseworker,
        expected_version=case.version,
        grounds=["RACISM", "LANGUAGE"],
        areas=["GOODS_SERVICES"],
        forms=["DIRECT"],
        district="14612",
        incident_month="2026-01",
        is_discrimination=True,
    )
    referral = referral_send(case=case, organisation=member, summary=SUMMARY, actor=caseworker)
    referral_step(referral=referral, actor=member.partner, status="ACCEPTED", text=UPDATE)
    # A member organisation's own case, shared with the association (issue 19).
    own_worker = make_member_caseworker(member)
    own = report_intake(
        submission=submission(consent_referral=True),
        channel="PHONE",
        actor=own_worker,
        receipt=False,
        member_organisation=member,
    )
    case_share(case=own.report.case, actor=own_worker, summary="Geteilte Kurzfassung")
    AnnualReport.objects.create(year=2025, foreword="Vorwort")
    CounsellingService.objects.create(
        name="Beratung (fiktiv)", help_with="Beratung.", languages=["de"], districts=["14612"]
    )
    for model in TABLES:
        assert model.objects.exists(), f"{model.__name__} has no row: the test misses a table"
    return {
        "submitted": submitted,
        "member": member,
        "private_key": association_private_key,
        "case_id": case.pk,
    }


def unseal(value, key, context) -> bytes:
    return open_sealed(bytes(value), keys=key, context=context)


def counts() -> dict[str, int]:
    return {m._meta.label_lower: m._base_manager.count() for m in TABLES}


def empty_the_service():
    """What the receiving controller has: migrated tables, no rows."""
    call_command("flush", interactive=False, verbosity=0)
    assert not any(counts().values())


@flushes
def test_export_flush_import_and_the_service_goes_on(service, tmp_path):
    before = counts()
    events_before = sorted(AuditEvent.objects.values_list("verb", "created_at"))
    key_created_before = OrganisationKey.objects.values_list("key_id", "created_at")
    key_created_before = dict(key_created_before)
    export = tmp_path / "export"

    exported = io.StringIO()
    call_command("export_data", output=str(export), stdout=exported)

    manifest = json.loads((export / "manifest.json").read_text())
    assert {t["model"]: t["count"] for t in manifest["tables"]} == before
    assert f"{'reporting.sealedblob':28} {1:>8}" in exported.getvalue()
    for name, entry in manifest["files"].items():
        data = (export / name).read_bytes()
        assert hashlib.sha256(data).hexdigest() == entry["sha256"]
        assert len(data) == entry["bytes"]
    (blob,) = (export / "reporting.sealedblob.jsonl").read_text().splitlines()
    assert base64.b64decode(json.loads(blob)["data"]) == SealedBlob.objects.get().data
    assert (export / "manifest.json").stat().st_mode & 0o077 == 0

    empty_the_service()
    imported = io.StringIO()
    call_command("import_data", input=str(export), stdout=imported)

    assert counts() == before
    assert f"{'reporting.sealedblob':28} {1:>8}" in imported.getvalue()
    private_key = service["private_key"]
    report = Report.objects.get(pk=service["submitted"].report.pk)
    content = json.loads(unseal(report.content, private_key, report.context("content")))
    assert content["narrative"] == NARRATIVE
    contact = json.loads(unseal(report.contact, private_key, report.context("contact")))
    assert contact["email"] == EMAIL
    note = Note.objects.get()
    assert unseal(note.body, private_key, note.context()).decode() == NOTE
    assert note.author_id is None  # staff accounts are not handed over

    # The receipt code still logs the reporter in and shows the whole conversation.
    access = reporter_access_for_code(service["submitted"].receipt_code)
    assert access is not None and access.report_id == report.pk
    view = reporter_case_view(access)
    assert view.content["narrative"] == NARRATIVE
    assert [m.body for m in view.messages] == [REPORTER_MESSAGE, STAFF_MESSAGE]

    # Sealed files and referral texts still open, for their own readers.
    opened = attachment_open(attachment=Attachment.objects.get(), keys=[private_key], actor=None)
    assert (opened.name, opened.data) == (FILE_NAME, FILE_BYTES)
    referral = Referral.objects.get()
    member_key = service["member"].private_key
    summary = json.loads(unseal(referral.summary, member_key, referral.context()))
    assert summary["text"] == SUMMARY
    update = ReferralUpdate.objects.get()
    assert unseal(update.body, member_key, update.context()).decode() == UPDATE

    # Clear columns and timestamps are exactly as they were (no auto_now on import).
    assert Assessment.objects.get().grounds == ["RACISM", "LANGUAGE"]
    assert Case.objects.get(member_organisation=None).pk == service["case_id"]
    assert dict(OrganisationKey.objects.values_list("key_id", "created_at")) == key_created_before
    imported_events = AuditEvent.objects.exclude(verb=AuditEvent.Verb.ATTACHMENT_DOWNLOADED)
    assert sorted(imported_events.values_list("verb", "created_at")) == events_before

    # The case keeps its classification; the statistics tallies are counted again.
    case = Case.objects.get(member_organisation=None)
    assert (case.grounds, case.assessed) == (["RACISM", "LANGUAGE"], True)
    year = case.received_on.year
    assert year_counts(year) == year_counts_scanned(year)
    assert year_counts(year).included == 2  # the member organisation's own case too
    share = CaseShare.objects.get()
    assert share.case.member_organisation == service["member"]
    assert unseal(share.summary, private_key, share.context()) == b"Geteilte Kurzfassung"

    # New reports get new ids after the imported ones (sequences were reset).
    later = report_submit(submission=submission(narrative="Nach der Übergabe eingegangen."))
    assert later.report.case.pk > service["case_id"]


def test_the_export_holds_no_plaintext(service, tmp_path):
    export = tmp_path / "export"
    call_command("export_data", output=str(export), verbosity=0)
    code = service["submitted"].receipt_code
    secrets = [NARRATIVE, EMAIL, REPORTER_MESSAGE, STAFF_MESSAGE, NOTE, SUMMARY, UPDATE]
    secrets += ["Geteilte Kurzfassung"]
    secrets += [FILE_NAME, "Uebergabe-Anhang 6626", code]
    blobs = [p.read_bytes() for p in Path(export).rglob("*") if p.is_file()]
    for secret in secrets:
        raw = secret.encode()
        # JSON escapes non-ASCII only if asked; base64 of the plain text must not appear either.
        for encoded in (raw, json.dumps(secret).encode(), base64.b64encode(raw)):
            assert not any(encoded in blob for blob in blobs), f"{secret!r} is in the export"
    rows = (export / "reporting.report.jsonl").read_text().splitlines()
    report = json.loads(rows[0])
    stored = Report.objects.get(pk=report["id"])
    assert base64.b64decode(report["content"]) == bytes(stored.content)


def test_import_refuses_a_database_that_is_not_empty(service, tmp_path):
    export = tmp_path / "export"
    call_command("export_data", output=str(export), verbosity=0)
    with pytest.raises(CommandError, match="not empty"):
        call_command("import_data", input=str(export), verbosity=0)


@flushes
def test_import_refuses_a_changed_file_before_writing_anything(service, tmp_path):
    export = tmp_path / "export"
    call_command("export_data", output=str(export), verbosity=0)
    empty_the_service()
    rows = export / "reporting.case.jsonl"
    rows.write_text(rows.read_text().replace('"REFERRED"', '"CLOSED"'))  # passed on in service()
    with pytest.raises(CommandError, match="SHA-256"):
        call_command("import_data", input=str(export), verbosity=0)
    assert not any(counts().values())


@flushes
def test_import_refuses_other_receipt_kdf_parameters(service, settings, tmp_path):
    export = tmp_path / "export"
    call_command("export_data", output=str(export), verbosity=0)
    empty_the_service()
    settings.RECEIPT_KDF = {**settings.RECEIPT_KDF, "iterations": 2}
    with pytest.raises(CommandError, match="receipt KDF"):
        call_command("import_data", input=str(export), verbosity=0)


@flushes
def test_import_refuses_another_receipt_salt(service, settings, tmp_path):
    export = tmp_path / "export"
    call_command("export_data", output=str(export), verbosity=0)
    empty_the_service()
    settings.RECEIPT_SALT = "not-the-salt-that-was-handed-over"
    with pytest.raises(CommandError, match="MELDESTELLE_RECEIPT_SALT differs"):
        call_command("import_data", input=str(export), verbosity=0)
    assert not any(counts().values())


@flushes
def test_import_refuses_an_export_of_the_former_format(service, tmp_path):
    """Version 1 had the sealed attachment bytes as files: the version that wrote it
    imports it, then the upgrade moves the files into the database (migration 0020)."""
    export = tmp_path / "export"
    call_command("export_data", output=str(export), verbosity=0)
    empty_the_service()
    manifest = json.loads((export / "manifest.json").read_text())
    (export / "manifest.json").write_text(json.dumps({**manifest, "version": 1}))
    with pytest.raises(CommandError, match="format version 1, this version of Meldestelle"):
        call_command("import_data", input=str(export), verbosity=0)
    assert not any(counts().values())


def test_export_refuses_a_directory_that_is_not_empty(service, tmp_path):
    (tmp_path / "old.txt").write_text("x")
    with pytest.raises(CommandError, match="not an empty directory"):
        call_command("export_data", output=str(tmp_path), verbosity=0)
