"""Attachments: metadata stripped, sealed at rest, clear errors, audited staff download."""

import datetime
import io
import zoneinfo

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from PIL import Image, ImageFile
from pypdf import PdfReader

from reporting.models import Attachment, AuditEvent, Case, Report, SealedBlob
from reporting.services.attachments import (
    ERROR_BROKEN,
    ERROR_IMAGE_TOO_LARGE,
    ERROR_TOO_MANY,
    ERROR_TOO_MANY_PAGES,
    ERROR_WRONG_TYPE,
    attachments_prepare,
)
from reporting.vocabulary.errors import ValidationFailed
from reporting.vocabulary.roles import Role
from tests.factories import form_data
from tests.logins import staff_login
from tests.pdf_samples import PAGE_TEXT, SECRETS, blank_pdf, identifying_pdf

pytestmark = pytest.mark.django_db
GPS_LATITUDE = (51, 20, 1234)  # a distinctive value to look for


def jpeg_with_gps() -> bytes:
    image = Image.new("RGB", (64, 48), (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "DistinctiveCameraMaker"  # Make
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2], gps[3], gps[4] = "N", GPS_LATITUDE, "E", (12, 22, 5678)
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif, quality=95)
    return out.getvalue()


def upload(name, data, content_type="image/jpeg"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def submit(client, files, **overrides):
    return client.post("/de/report/", {**form_data(**overrides), "attachments": files})


def test_jpeg_loses_its_exif_and_is_sealed_at_rest(client, association_keyring, make_staff):
    original = jpeg_with_gps()
    assert b"DistinctiveCameraMaker" in original
    response = submit(client, [upload("Foto Straße.jpg", original)])
    assert response.status_code == 200, response.context["form"].errors
    attachment = Attachment.objects.get()
    assert attachment.family == "IMAGE" and attachment.size_bucket == "S"
    stored = SealedBlob.objects.get(attachment=attachment).data
    assert original not in stored and b"DistinctiveCameraMaker" not in stored
    assert b"\xff\xd8\xff" not in stored[:200]  # not a JPEG at rest
    assert b"Foto" not in bytes(attachment.meta)

    caseworker = make_staff(Role.CASEWORKER)
    staff_login(client, caseworker)
    case_page = client.get(f"/de/office/cases/{attachment.case_id}/")
    assert "Foto Straße.jpg" in case_page.content.decode()
    download = client.get(f"/de/office/attachments/{attachment.pk}/")
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment;")
    assert "sandbox" in download["Content-Security-Policy"]
    assert download["Content-Type"] == "image/jpeg"
    clean = Image.open(io.BytesIO(download.content))
    assert clean.size == (64, 48)
    assert not clean.getexif()
    assert b"DistinctiveCameraMaker" not in download.content
    assert AuditEvent.objects.filter(
        verb=AuditEvent.Verb.ATTACHMENT_DOWNLOADED, actor=caseworker
    ).exists()


def test_pdf_is_rewritten_without_what_names_its_author(client, association_keyring, make_staff):
    original = identifying_pdf()
    response = submit(client, [upload("brief.pdf", original, "application/pdf")])
    assert response.status_code == 200, response.context["form"].errors
    attachment = Attachment.objects.get()
    assert attachment.family == "PDF"
    stored = SealedBlob.objects.get(attachment=attachment).data
    assert SECRETS["info"].encode() not in stored and PAGE_TEXT.encode() not in stored

    staff_login(client, make_staff(Role.CASEWORKER))
    download = client.get(f"/de/office/attachments/{attachment.pk}/")
    assert download["Content-Type"] == "application/pdf"
    assert not [secret for secret in SECRETS.values() if secret.encode() in download.content]
    assert PAGE_TEXT in PdfReader(io.BytesIO(download.content)).pages[0].extract_text()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"%PDF-1.4\n%fake but signed\n", ERROR_BROKEN % {"name": "brief.pdf"}),
        (identifying_pdf(password="geheim"), ERROR_BROKEN % {"name": "brief.pdf"}),
        (blank_pdf(pages=4), ERROR_TOO_MANY_PAGES % {"name": "brief.pdf", "count": 3}),
    ],
    ids=["unreadable", "password", "too-many-pages"],
)
def test_refused_pdf_gets_its_message_and_the_text_is_kept(
    client, association_keyring, settings, data, message
):
    settings.ATTACHMENT_MAX_PDF_PAGES = 3
    response = submit(
        client,
        [upload("brief.pdf", data, "application/pdf")],
        narrative="Mein Text bleibt erhalten.",
    )
    assert response.status_code == 400
    assert response.context["form"].errors["attachments"] == [message]
    assert "Mein Text bleibt erhalten." in response.content.decode()
    assert not Attachment.objects.exists()


def test_wrong_type_is_refused_and_the_text_kept(client, association_keyring):
    response = submit(
        client,
        [upload("notes.txt", b"just text", "text/plain")],
        narrative="Mein Text bleibt erhalten.",
    )
    assert response.status_code == 400
    assert (
        str(ERROR_WRONG_TYPE) % {"name": "notes.txt"}
        in response.context["form"].errors["attachments"]
    )
    assert "Mein Text bleibt erhalten." in response.content.decode()
    assert not Attachment.objects.exists()


def test_too_many_and_too_big(client, association_keyring, settings):
    settings.ATTACHMENT_MAX_FILES = 2
    files = [upload(f"{i}.jpg", jpeg_with_gps()) for i in range(3)]
    response = submit(client, files)
    assert str(ERROR_TOO_MANY) % {"count": 2} in response.context["form"].errors["attachments"]
    settings.ATTACHMENT_MAX_BYTES = 100
    response = submit(client, [upload("big.jpg", jpeg_with_gps())])
    assert response.status_code == 400
    assert "attachments" in response.context["form"].errors


def test_a_broken_image_is_a_clear_error(client, association_keyring):
    response = submit(client, [upload("broken.jpg", b"\xff\xd8\xff\xe0 not really a jpeg")])
    assert response.status_code == 400
    assert "attachments" in response.context["form"].errors


def test_follow_up_message_with_attachment(client, association_keyring):
    code = "".join(submit(client, []).context["code_groups"])
    client.post("/de/receipt/", {"code": code})
    response = client.post(
        "/de/receipt/status/", {"body": "Hier das Foto.", "attachments": [upload("x.png", png())]}
    )
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert attachment.message is not None


def png() -> bytes:
    out = io.BytesIO()
    Image.new("RGBA", (10, 10), (0, 0, 255, 128)).save(out, format="PNG")
    return out.getvalue()


@pytest.mark.parametrize("role", [Role.STATISTICS, Role.PARTNER])
def test_only_caseworkers_download(client, association_keyring, make_staff, role):
    submit(client, [upload("a.png", png())])
    attachment = Attachment.objects.get()
    staff_login(client, make_staff(role))
    assert client.get(f"/de/office/attachments/{attachment.pk}/").status_code == 404


def test_unknown_or_malformed_attachment_ids_are_404(client, association_keyring, make_staff):
    staff_login(client, make_staff(Role.CASEWORKER))
    assert (
        client.get("/de/office/attachments/00000000-0000-4000-8000-000000000000/").status_code
        == 404
    )
    assert client.get("/de/office/attachments/..%2F..%2Fetc%2Fpasswd/").status_code == 404


def test_without_unlocked_keys_the_office_answers_as_the_api(
    client, association_keyring, make_staff
):
    """403 with the locked-keys page, as the API's 403 keys_locked: not a 404."""
    submit(client, [upload("a.png", png())])
    attachment = Attachment.objects.get()
    staff_login(client, make_staff(Role.CASEWORKER, grant=False))
    response = client.get(f"/de/office/attachments/{attachment.pk}/")
    assert response.status_code == 403
    assert response.templates[0].name == "office/locked.html"


# --- decompression bombs ------------------------------------------------------------------


def png_of_size(size, mode="1") -> bytes:
    out = io.BytesIO()
    Image.new(mode, size).save(out, format="PNG")
    return out.getvalue()


@pytest.fixture(scope="module")
def bomb() -> bytes:
    """The attack review's bomb: ~10 KB of PNG, 8000 × 9900 one-bit pixels (79 MP, under
    Pillow's own error threshold for a 40 MP limit), ~1 GB and many seconds to re-encode."""
    return png_of_size((8000, 9900))


@pytest.fixture
def nothing_is_decoded(monkeypatch):
    """A refusal by size must come before any pixel is decoded."""

    def load(self):
        raise AssertionError("pixels decoded")

    monkeypatch.setattr(ImageFile.ImageFile, "load", load)


def test_a_decompression_bomb_is_refused_before_decoding_and_the_text_kept(
    client, association_keyring, bomb, nothing_is_decoded
):
    assert len(bomb) < 20_000
    response = submit(
        client, [upload("bild.png", bomb, "image/png")], narrative="Mein Text bleibt erhalten."
    )
    assert response.status_code == 400
    assert response.context["form"].errors["attachments"] == [
        ERROR_IMAGE_TOO_LARGE % {"name": "bild.png"}
    ]
    assert "Mein Text bleibt erhalten." in response.content.decode()
    assert not Attachment.objects.exists()


def test_a_bomb_in_a_follow_up_is_refused_and_the_message_kept(
    client, association_keyring, bomb, nothing_is_decoded
):
    code = "".join(submit(client, []).context["code_groups"])
    client.post("/de/receipt/", {"code": code})
    response = client.post(
        "/de/receipt/status/",
        {"body": "Hier das Foto vom Aushang.", "attachments": [upload("b.png", bomb, "image/png")]},
    )
    assert response.status_code == 400
    assert response.context["form"].errors["attachments"] == [
        ERROR_IMAGE_TOO_LARGE % {"name": "b.png"}
    ]
    assert "Hier das Foto vom Aushang." in response.content.decode()
    assert not Attachment.objects.exists()


@pytest.mark.parametrize(
    "size",
    [(21, 2), (2, 21), (11, 11), (20, 20)],
    # Beyond twice the pixels Pillow itself refuses to open the file.
    ids=["too-wide", "too-high", "too-many-pixels", "refused-by-pillow"],
)
def test_width_height_and_pixels_are_capped_separately(settings, size, nothing_is_decoded):
    settings.ATTACHMENT_MAX_IMAGE_SIDE = 20
    settings.ATTACHMENT_MAX_PIXELS = 120
    with pytest.raises(ValidationFailed) as refused:
        attachments_prepare([upload("x.png", png_of_size(size, "RGB"), "image/png")])
    assert refused.value.fields == {"attachments": [ERROR_IMAGE_TOO_LARGE % {"name": "x.png"}]}


@hypothesis_settings(max_examples=40, deadline=None)
@given(
    width=st.integers(1, 30),
    height=st.integers(1, 30),
    fmt=st.sampled_from(["PNG", "JPEG", "WEBP"]),
)
def test_an_image_is_kept_exactly_when_it_is_within_every_cap(width, height, fmt):
    out = io.BytesIO()
    Image.new("RGB", (width, height), (10, 20, 30)).save(out, format=fmt)
    within = width <= 20 and height <= 20 and width * height <= 300
    with override_settings(ATTACHMENT_MAX_IMAGE_SIDE=20, ATTACHMENT_MAX_PIXELS=300):
        try:
            (prepared,) = attachments_prepare([upload(f"x.{fmt.lower()}", out.getvalue())])
        except ValidationFailed as refused:
            assert not within
            assert refused.fields["attachments"] == [
                ERROR_IMAGE_TOO_LARGE % {"name": f"x.{fmt.lower()}"}
            ]
        else:
            assert within
            assert Image.open(io.BytesIO(prepared.data)).size == (width, height)


# --- nothing finer than the day -------------------------------------------------------------

BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")
AFTERNOON = datetime.datetime(2026, 6, 17, 14, 23, 45, 123456, tzinfo=BERLIN)


def test_nothing_on_disk_and_nothing_in_a_row_is_finer_than_the_day(
    client, association_keyring, settings, tmp_path
):
    """Reports keep the day only (DESIGN §6): the sealed bytes are rows without a time
    of their own, and no file (with the minute of the POST as its time) is written."""
    settings.MEDIA_ROOT = tmp_path
    with time_machine.travel(AFTERNOON, tick=False):
        code = "".join(submit(client, [upload("a.png", png())]).context["code_groups"])
        client.post("/de/receipt/", {"code": code})
        client.post(
            "/de/receipt/status/", {"body": "Noch eins.", "attachments": [upload("b.png", png())]}
        )
    attachments = list(Attachment.objects.all())
    assert len(attachments) == 2
    assert list(tmp_path.iterdir()) == []
    rows = [*attachments, *SealedBlob.objects.all(), Report.objects.get(), Case.objects.get()]
    assert len(rows) == 6
    for row in rows:
        for field in row._meta.concrete_fields:
            value = getattr(row, field.attname)
            assert not isinstance(value, datetime.datetime | datetime.time), field
