"""Intake: caseworkers record reports taken by phone, in person, …; sealed like online
reports, audited without content, not rate-limited, with an optional receipt code."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from reporting.crypto import open_sealed
from reporting.models import Attachment, AuditEvent, Case, Report
from reporting.selectors.receipts import reporter_access_for_code
from reporting.vocabulary.roles import Role
from tests import audio_samples
from tests.factories import form_data
from tests.logins import staff_login

pytestmark = pytest.mark.django_db
URL = "/de/office/intake/"
NARRATIVE = "Am Telefon erzählt: Der Türsteher ließ sie nicht hinein."


def intake_data(**overrides):
    return form_data(**{"narrative": NARRATIVE, "channel": "PHONE", "language": "ar", **overrides})


@pytest.fixture
def caseworker(client, association_keyring, make_staff):
    user = make_staff(Role.CASEWORKER)
    staff_login(client, user)
    return user


def test_a_phone_report_is_sealed_audited_and_lands_on_its_case(
    client, caseworker, association_private_key
):
    response = client.post(URL, intake_data())

    report = Report.objects.get()
    case = Case.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/cases/{case.pk}/")
    assert (report.channel, report.language) == ("PHONE", "ar")
    assert report.receipt_lookup is None and report.reporter_public_key is None
    assert NARRATIVE.encode() not in bytes(report.content)
    opened = open_sealed(
        bytes(report.content), keys=association_private_key, context=report.context("content")
    )
    assert NARRATIVE in opened.decode()
    event = AuditEvent.objects.get(verb=AuditEvent.Verb.INTAKE)
    assert (event.case, event.actor) == (case, caseworker)
    page = client.get(response["Location"]).content.decode()
    assert f"Die Meldung ist als Fall {case.pk} erfasst." in page
    # Without a receipt code nobody can read a message here: no form offers to send one.
    assert 'id="no-reporter-inbox"' in page and f"/cases/{case.pk}/message/" not in page


def test_with_a_receipt_the_code_is_shown_once_and_opens_the_report(client, caseworker):
    response = client.post(URL, intake_data(receipt="on"))

    assert response.status_code == 200
    assert (
        response["Cache-Control"].startswith("no-store") or "no-store" in response["Cache-Control"]
    )
    code = "".join(response.context["code_groups"])
    assert len(code) == 16
    access = reporter_access_for_code(code)
    assert access is not None and access.report_id == Report.objects.get().pk
    case = Case.objects.get()
    page = client.get(f"/de/office/cases/{case.pk}/").content.decode()
    assert f"/cases/{case.pk}/message/" in page and 'id="no-reporter-inbox"' not in page


def test_intake_is_not_limited_like_the_public_form(client, caseworker, settings):
    settings.SUBMIT_LIMIT = 2
    for _ in range(4):
        assert client.post(URL, intake_data()).status_code == 302
    assert Report.objects.filter(channel="PHONE").count() == 4


def test_a_voice_message_is_kept_without_its_tags(client, caseworker, association_private_key):
    recording = SimpleUploadedFile("sprachnachricht.ogg", audio_samples.ogg_opus(), "audio/ogg")
    response = client.post(
        URL, {**intake_data(channel="VOICE_MESSAGE"), "attachments": [recording]}
    )

    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert attachment.family == Attachment.Family.AUDIO
    blob = attachment.sealed_blob
    plain = open_sealed(bytes(blob.data), keys=association_private_key, context=blob.context())
    assert audio_samples.OPUS_AUDIO * 3 in plain
    assert not any(secret in plain for secret in audio_samples.SECRETS)


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"channel": ""}, "channel"),
        ({"channel": "WEB"}, "channel"),  # online reports come through the public form only
        ({"consent_processing": None}, "consent_processing"),
    ],
)
def test_errors_keep_what_was_typed(client, caseworker, overrides, field):
    response = client.post(URL, intake_data(**overrides))

    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert NARRATIVE in response.content.decode()
    assert not Report.objects.exists()


def test_a_refused_file_keeps_the_text(client, caseworker):
    clip = SimpleUploadedFile("clip.m4a", audio_samples.m4a(handler=b"vide"), "video/mp4")
    response = client.post(URL, {**intake_data(), "attachments": [clip]})

    assert response.status_code == 400
    assert "enthält ein Video" in response.content.decode()
    assert NARRATIVE in response.content.decode()
    assert not Report.objects.exists()


@pytest.mark.parametrize("role", [Role.PARTNER, Role.STATISTICS])
def test_only_caseworkers_record_reports(
    client, association_keyring, make_staff, make_member, role
):
    user = make_member("Beratung (fiktiv)").partner if role == Role.PARTNER else make_staff(role)
    staff_login(client, user)
    assert client.get(URL).status_code == 404
    assert client.post(URL, intake_data()).status_code == 404
    assert not Report.objects.exists()


def test_anonymous_visitors_are_sent_to_the_login(client, association_keyring):
    response = client.post(URL, intake_data())
    assert response.status_code == 302 and "/office/login/" in response["Location"]
    assert not Report.objects.exists()
