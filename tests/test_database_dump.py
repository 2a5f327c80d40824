"""A thief's view: the raw bytes of the database hold no content, no attachment and no
receipt code."""

import io
import os
import shutil
import subprocess

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from PIL import Image

from reporting.crypto import open_sealed
from reporting.models import Case, SealedBlob
from reporting.services.translations import translation_add, translation_request
from reporting.vocabulary.roles import Role
from tests import audio_samples
from tests.factories import form_data
from tests.logins import staff_login

PHRASE = "Zyxwv-einzigartige-Phrase-31415"
CONTACT = "zyxwv.kontakt@example.org"
PHONE = "+49 1511 2718281"
MESSAGE = "Qwertz-Nachtrag-27182"
FILE_NAME = "Zyxwv-Beweisfoto-16180.png"
TRANSLATED = "Qwertz-Übersetzung-14142"
WINDOW = 32  # bytes of an attachment looked for at a time


def noisy_png() -> bytes:
    """Random pixels: every window of the file is unique, so finding one means a leak."""
    out = io.BytesIO()
    Image.frombytes("RGB", (48, 48), os.urandom(48 * 48 * 3)).save(out, format="PNG")
    return out.getvalue()


def windows(data: bytes) -> list[bytes]:
    return [data[i : i + WINDOW] for i in range(0, len(data) - WINDOW, 256)]


def _raw_database_bytes(tmp_path) -> bytes:
    if connection.vendor == "sqlite":
        target = tmp_path / "dump.sqlite3"
        with connection.cursor() as cursor:
            cursor.execute("VACUUM INTO %s", [str(target)])
        return target.read_bytes()
    if connection.vendor == "postgresql":
        settings = connection.settings_dict
        pg_dump = shutil.which("pg_dump")
        assert pg_dump, "pg_dump is needed for the PostgreSQL dump test"
        return subprocess.run(
            [
                pg_dump,
                "--host", settings["HOST"] or "127.0.0.1",
                "--port", str(settings["PORT"] or 5432),
                "--username", settings["USER"] or "postgres",
                "--no-password",
                settings["NAME"],
            ],
            check=True,
            capture_output=True,
        ).stdout  # fmt: skip
    pytest.fail(f"No dump method for {connection.vendor}")


@pytest.mark.django_db(transaction=True)
def test_database_dump_reveals_no_content(
    client, association_keyring, association_private_key, tmp_path
):
    response = client.post(
        "/de/report/",
        {
            **form_data(
                narrative=f"Es geschah Folgendes: {PHRASE}",
                place_detail=f"Ort {PHRASE}",
                contact_email=CONTACT,
                contact_phone=PHONE,
                consent_contact="on",
            ),
            "attachments": [SimpleUploadedFile(FILE_NAME, noisy_png(), "image/png")],
        },
    )
    assert response.status_code == 200
    code = "".join(response.context["code_groups"])
    client.post("/de/receipt/", {"code": code})
    assert client.post("/de/receipt/status/", {"body": MESSAGE}).status_code == 302

    dump = _raw_database_bytes(tmp_path)
    assert b"reporting_report" in dump  # the dump is real and has our tables
    for secret in (
        PHRASE,
        CONTACT,
        PHONE,
        MESSAGE,
        FILE_NAME,
        code,
        " ".join(code[i : i + 4] for i in range(0, 16, 4)),
    ):
        for encoded in (
            secret.encode("utf-8"),
            secret.encode("utf-16-le"),
            secret.encode().hex().encode(),
        ):
            assert encoded not in dump, f"{secret!r} found in the database dump"

    # The attachment's table is in the dump with its sealed bytes; what they seal is not.
    blob = SealedBlob.objects.get()
    sealed = bytes(blob.data)
    plain = open_sealed(sealed, keys=association_private_key, context=blob.context())
    assert b"reporting_sealedblob" in dump
    assert any(w in dump or w.hex().encode() in dump for w in windows(sealed))
    leaked = [w for w in windows(plain) if w in dump or w.hex().encode() in dump]
    assert len(windows(plain)) > 10 and leaked == []


@pytest.mark.django_db(transaction=True)
def test_staff_intake_and_translations_leave_nothing_readable(
    client, association_keyring, association_private_key, make_staff, tmp_path
):
    staff_login(client, make_staff(Role.CASEWORKER))
    recording = audio_samples.ogg_opus()
    response = client.post(
        "/de/office/intake/",
        {
            **form_data(
                narrative=f"Am Telefon: {PHRASE}",
                contact_phone=PHONE,
                consent_contact="on",
                channel="PHONE",
                language="de",
                receipt="on",
            ),
            "attachments": [SimpleUploadedFile(FILE_NAME, recording, "audio/ogg")],
        },
    )
    assert response.status_code == 200
    code = "".join(response.context["code_groups"])
    # A translation, and a text waiting for an interpreter, are sealed like the report.
    case = Case.objects.get()
    interpreter = make_staff(Role.INTERPRETER, grant=False)
    translation_request(
        case=case, message=None, interpreter=interpreter, actor=None,
        keys=[association_private_key],
    )  # fmt: skip
    translation_add(case=case, message=None, body=TRANSLATED, language="de", actor=None)

    dump = _raw_database_bytes(tmp_path)
    assert b"reporting_report" in dump and b"reporting_translation" in dump
    for secret in (PHRASE, PHONE, FILE_NAME, code, TRANSLATED):
        assert secret.encode() not in dump and secret.encode("utf-16-le") not in dump
    assert audio_samples.OPUS_AUDIO * 3 not in dump


@pytest.mark.django_db(transaction=True)
def test_an_external_referral_leaves_its_summary_unreadable(
    client, association_keyring, make_staff, tmp_path
):
    from reporting.models import ExternalReferral
    from reporting.services.reports import report_submit
    from tests.factories import submission

    case = report_submit(submission=submission(consent_referral=True)).report.case
    staff_login(client, make_staff(Role.CASEWORKER))
    response = client.post(
        f"/de/office/cases/{case.pk}/external-referral/",
        {
            "external-body_name": "Landesweite Beratung (fiktiv)",
            "external-referred_on": "2026-06-17",
            "external-summary": f"Zur Übergabe: {PHRASE}",
        },
    )
    assert response.status_code == 200 and PHRASE in response.content.decode()
    assert ExternalReferral.objects.filter(case=case).exists()

    dump = _raw_database_bytes(tmp_path)
    assert b"reporting_externalreferral" in dump
    assert PHRASE.encode() not in dump and PHRASE.encode("utf-16-le") not in dump


@pytest.mark.django_db(transaction=True)
def test_institution_names_and_the_matching_key_stay_out_of_the_dump(
    client, association_keyring, association_private_key, make_staff, make_member, tmp_path
):
    """Issue 19: a thief with the dump finds neither the institution's name nor the key
    its hash is made with, and cannot tell which rows name a guessed institution."""
    import base64
    import hmac
    from hashlib import sha256

    from reporting.crypto import derive_matching_key
    from reporting.models import InstitutionMention
    from reporting.services.institutions import matching_key_grants_write
    from reporting.services.reports import report_submit
    from reporting.vocabulary.institutions import normalise_institution_name
    from tests.factories import submission

    institution = "Zyxwv-Wohnbau-Gesellschaft 27182 GmbH"
    member = make_member("Beratung Nord (fiktiv)", partner=False)
    matching_key_grants_write(keys=[association_private_key])  # sealed to the member's key
    case = report_submit(submission=submission()).report.case
    staff_login(client, make_staff(Role.CASEWORKER))
    response = client.post(
        f"/de/office/cases/{case.pk}/institutions/record/",
        {"name": institution, "district": "14713"},
    )
    assert response.status_code == 302
    stored = InstitutionMention.objects.get()
    assert stored.name_hash  # recorded with the matching key
    assert member.keys.get().matching_key_grant  # the grant row is in the dump too

    dump = _raw_database_bytes(tmp_path)
    assert b"reporting_institutionmention" in dump and b"reporting_matchingkeygrant" in dump
    normalised = normalise_institution_name(institution)
    matching_key = derive_matching_key(association_private_key)
    for secret in (institution.encode(), normalised.encode(), b"Zyxwv-Wohnbau"):
        for encoded in (secret, secret.decode().encode("utf-16-le"), secret.hex().encode()):
            assert encoded not in dump, f"{secret!r} found in the database dump"
    for encoded in (matching_key, matching_key.hex().encode(), base64.b64encode(matching_key)):
        assert encoded not in dump, "the matching key is in the database dump"

    # With the dump alone, a guessed name hashed under any key the dump could offer
    # (here a wrong one, and the settings' secrets) matches no stored hash; only the real
    # key, which the dump does not hold, does.
    from django.conf import settings

    def guess(key: bytes) -> bytes:
        return hmac.new(key, normalised.encode(), sha256).hexdigest().encode()

    for wrong in (b"\x00" * 32, settings.SECRET_KEY.encode(), settings.RECEIPT_SALT.encode()):
        assert guess(wrong) not in dump
    assert guess(matching_key) in dump  # the test can find what it looks for
