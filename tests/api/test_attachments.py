"""Attachments through the staff API: listed on the case detail, downloaded one by one.

Same visibility as the case (404 for everyone who may not see it, and for ids that do
not exist or are not ids), 403 `keys_locked` without unlocked keys, every download
audited without content, always sent as a sandboxed attachment.
"""

import io
import json
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.forms.models import model_to_dict
from django.test.utils import CaptureQueriesContext
from PIL import Image

from reporting.models import Attachment, AuditEvent, SealedBlob
from reporting.selectors.keys import association_public_keys
from reporting.selectors.receipts import reporter_access_for_code
from reporting.services.attachments import attachments_prepare, attachments_store
from reporting.services.messages import reporter_message_send
from reporting.services.reports import report_submit
from reporting.vocabulary.roles import Role
from tests.api.conftest import NARRATIVE, assert_envelope
from tests.api.test_cases import PINNED_DETAIL_QUERIES
from tests.factories import submission
from tests.pdf_samples import SECRETS, blank_pdf, jpeg_with_exif

pytestmark = pytest.mark.django_db
CASES = "/api/v1/cases/"
ATTACHMENTS = "/api/v1/attachments/"
PHOTO_NAME = "Foto Straße <1>.jpg"


# Fixed, so that parametrized test ids are the same in every pytest-xdist worker.
UNKNOWN = uuid.UUID("00000000-0000-4000-8000-00000000dead")


def png(colour=(10, 120, 200)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (4, 3), colour).save(out, format="PNG")
    return out.getvalue()


def upload(name: str, data: bytes, content_type: str = "image/png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type)


@pytest.fixture
def prepared(association_keyring):
    """What the reporter sent, after cleaning: a photo with EXIF/GPS and a PDF."""
    return attachments_prepare(
        [
            upload(PHOTO_NAME, jpeg_with_exif(), "image/jpeg"),
            upload("Brief.pdf", blank_pdf(), "application/pdf"),
        ]
    )


@pytest.fixture
def filed(prepared):
    """A report with two files, and a reporter's follow-up with one more."""
    submitted = report_submit(
        submission=submission(narrative=NARRATIVE, contact_email="melder@example.org",
                              consent_contact=True),
        attachments=prepared,
    )  # fmt: skip
    message = reporter_message_send(
        access=reporter_access_for_code(submitted.receipt_code),
        body="Hier noch ein Bild.",
        attachments=attachments_prepare([upload("nachtrag.png", png())]),
    )
    return submitted.report.case, message


@pytest.fixture
def case(filed):
    return filed[0]


@pytest.fixture
def photo(case):
    return Attachment.objects.get(case=case, family=Attachment.Family.IMAGE, message=None)


def download_url(attachment) -> str:
    return f"{ATTACHMENTS}{attachment.pk}/"


def downloads() -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(verb=AuditEvent.Verb.ATTACHMENT_DOWNLOADED))


# --- listed on the case detail -------------------------------------------------------------


def test_case_detail_lists_the_files_with_their_meta(caseworker_client, filed):
    case, message = filed
    body = caseworker_client.get(f"{CASES}{case.pk}/").json()
    rows = {row["name"]: row for row in body["attachments"]}
    assert set(rows) == {PHOTO_NAME, "Brief.pdf", "nachtrag.png"}
    by_name = {a.pk: a for a in Attachment.objects.filter(case=case)}
    for row in rows.values():
        assert set(row) == {
            "id", "family", "size_bucket", "name", "content_type", "message", "download"
        }  # fmt: skip
        attachment = by_name[uuid.UUID(row["id"])]
        assert row["family"] == attachment.family and row["size_bucket"] == "S"
        assert row["download"] == download_url(attachment)
    assert rows[PHOTO_NAME]["content_type"] == "image/jpeg"
    assert rows[PHOTO_NAME]["family"] == "IMAGE" and rows[PHOTO_NAME]["message"] is None
    assert rows["Brief.pdf"]["content_type"] == "application/pdf"
    assert rows["Brief.pdf"]["family"] == "PDF"
    assert rows["nachtrag.png"]["content_type"] == "image/png"
    assert rows["nachtrag.png"]["message"] == str(message.pk)
    assert downloads() == []  # listing is not downloading


def test_case_without_files_lists_none(caseworker_client, association_keyring):
    case = report_submit(submission=submission()).report.case
    assert caseworker_client.get(f"{CASES}{case.pk}/").json()["attachments"] == []


def detail_queries(client, case) -> int:
    from django.db import connection

    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"{CASES}{case.pk}/")
    assert response.status_code == 200
    return len(queries)


def test_case_detail_query_count_does_not_grow_with_the_files(
    caseworker_client, association_keyring
):
    case = report_submit(submission=submission()).report.case
    detail_queries(caseworker_client, case)  # the first opening also marks the case read
    assert detail_queries(caseworker_client, case) == PINNED_DETAIL_QUERIES
    attachments_store(
        case=case,
        prepared=attachments_prepare([upload(f"{n}.png", png((n, n, n))) for n in range(5)]),
        recipients=association_public_keys(),
    )
    # session, user with staff profile and organisation, OTP device, roles, case with
    # report, assignee and assessment, messages, notes, attachments, interventions, the
    # view event
    assert detail_queries(caseworker_client, case) == PINNED_DETAIL_QUERIES
    assert len(caseworker_client.get(f"{CASES}{case.pk}/").json()["attachments"]) == 5


# --- download -------------------------------------------------------------------------------


def test_download_is_the_cleaned_file_as_a_sandboxed_attachment(
    caseworker_client, caseworker, case, photo, prepared
):
    response = caseworker_client.get(download_url(photo))
    assert response.status_code == 200, response.content[:300]
    assert response.content == prepared[0].data  # what was stored, after cleaning
    assert SECRETS["jpeg_make"].encode() not in response.content
    assert not Image.open(io.BytesIO(response.content)).getexif()
    assert response["Content-Type"] == "image/jpeg"
    assert response["Content-Disposition"] == (
        'attachment; filename="Foto_Stra_e__1_.jpg"; '
        "filename*=UTF-8''Foto%20Stra%C3%9Fe%20%3C1%3E.jpg"
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert "default-src 'none'" in response["Content-Security-Policy"]
    assert response["Cache-Control"] == "no-store"
    (event,) = downloads()
    assert (event.case_id, event.actor, event.subject) == (case.pk, caseworker, None)
    recorded = json.dumps(model_to_dict(event), default=str)
    assert "Foto" not in recorded and "image/jpeg" not in recorded
    assert (event.from_status, event.to_status) == ("", "")


def test_download_of_a_pdf_and_of_a_follow_up_file(caseworker_client, filed, prepared):
    case, message = filed
    pdf = Attachment.objects.get(case=case, family=Attachment.Family.PDF)
    response = caseworker_client.get(download_url(pdf))
    assert response["Content-Type"] == "application/pdf"
    assert response.content == prepared[1].data
    follow_up = Attachment.objects.get(message=message)
    response = caseworker_client.get(download_url(follow_up))
    assert response["Content-Type"] == "image/png"
    assert Image.open(io.BytesIO(response.content)).size == (4, 3)
    assert len(downloads()) == 2


def test_any_accept_header_gets_the_file(caseworker_client, photo):
    response = caseworker_client.get(download_url(photo), HTTP_ACCEPT="application/pdf")
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"


# --- who may -------------------------------------------------------------------------------

# kind: (status, error code) for the case detail's list and for the download alike
MATRIX = {
    "anonymous": (403, "not_authenticated"),
    "reporter": (403, "not_authenticated"),
    "caseworker_without_second_factor": (403, "second_factor_required"),
    "caseworker": (200, None),
    "administrator": (200, None),
    "caseworker_without_keys": (403, "keys_locked"),
    "partner": (404, "not_found"),
    "statistics": (404, "not_found"),
    "member_caseworker": (404, "not_found"),
}


@pytest.mark.parametrize("kind", list(MATRIX))
def test_permission_matrix(client_for, case, photo, kind):
    client = client_for(kind)
    events_before = AuditEvent.objects.count()
    status, code = MATRIX[kind]
    for url in (download_url(photo), f"{CASES}{case.pk}/"):
        response = client.get(url)
        assert response["Cache-Control"] == "no-store"
        if status == 200:
            assert response.status_code == 200, (url, response.content[:300])
            continue
        assert_envelope(response, status, code)
        assert set(response.json()) == {"error"}
        assert PHOTO_NAME.encode() not in response.content
        assert AuditEvent.objects.count() == events_before, "a refused request changed something"
    if status == 200:
        assert len(downloads()) == 1


@pytest.mark.parametrize("kind", ["partner", "statistics", "member_caseworker"])
def test_a_foreign_file_looks_like_a_missing_one(client_for, photo, kind):
    client = client_for(kind)
    real = client.get(download_url(photo))
    missing = client.get(f"{ATTACHMENTS}{uuid.uuid4()}/")
    assert real.status_code == missing.status_code == 404
    assert real.content == missing.content
    assert downloads() == []


def test_session_without_key_cookie_cannot_download(caseworker_client, photo, prepared):
    caseworker_client.cookies.pop("ms_key")
    response = caseworker_client.get(download_url(photo))
    assert_envelope(response, 403, "keys_locked")
    assert prepared[0].data not in response.content
    assert downloads() == []


def test_without_keys_an_unknown_file_is_still_a_404(login, make_staff, case):
    client = login(make_staff(Role.CASEWORKER, grant=False))
    assert_envelope(client.get(f"{ATTACHMENTS}{uuid.uuid4()}/"), 404, "not_found")


@pytest.mark.parametrize(
    "path",
    [
        f"{ATTACHMENTS}{UNKNOWN}/",  # unknown
        f"{ATTACHMENTS}not-a-uuid/",
        f"{ATTACHMENTS}12345/",
        f"{ATTACHMENTS}{UNKNOWN.hex}x/",
        f"{ATTACHMENTS}{UNKNOWN}%0A/",
        f"{ATTACHMENTS}{UNKNOWN}/../",
        ATTACHMENTS,  # no list of all files
    ],
)
def test_unknown_and_malformed_ids_are_404_envelopes(caseworker_client, case, path):
    response = caseworker_client.get(path)
    assert response["Content-Type"] == "application/json"
    assert_envelope(response, 404, "not_found")
    assert downloads() == []


def test_a_file_whose_sealed_bytes_are_gone_is_a_404(caseworker_client, photo):
    """Migration 0020 leaves an attachment without bytes where its file was missing."""
    SealedBlob.objects.filter(attachment=photo).delete()
    assert_envelope(caseworker_client.get(download_url(photo)), 404, "not_found")
    assert downloads() == []


def test_writes_are_not_allowed(caseworker_client, photo):
    response = caseworker_client.delete(download_url(photo))
    assert_envelope(response, 405)
    assert Attachment.objects.filter(pk=photo.pk).exists()


# --- schema ---------------------------------------------------------------------------------


def test_schema_documents_the_download_and_the_list(caseworker_client):
    schema = caseworker_client.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    download = schema["paths"]["/api/v1/attachments/{id}/"]["get"]
    assert download["operationId"] == "staff_attachment_download"
    assert set(download["responses"]) == {"200", "403", "404"}
    ok = download["responses"]["200"]["content"]
    assert set(ok) == {"image/jpeg", "image/png", "image/webp", "application/pdf"}
    assert all(body["schema"] == {"type": "string", "format": "binary"} for body in ok.values())
    detail = schema["components"]["schemas"]["CaseDetailOutput"]["properties"]["attachments"]
    assert detail["items"] == {"$ref": "#/components/schemas/AttachmentOutput"}
