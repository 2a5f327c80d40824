"""Rotating an organisation's key widens every envelope its old keys open
(reporting/services/staff_keys.py SEALED_FIELDS): a new key that opened less than the
old one would lock the organisation out of its own files once the old key is retired."""

import datetime
from collections import Counter

import pytest
from django.apps import apps
from django.db import models
from django.utils import timezone

from reporting.crypto import DecryptionError, open_sealed
from reporting.models import Case, ExternalReferral, Referral
from reporting.selectors.institutions import session_matching_key
from reporting.selectors.receipts import reporter_access_for_code
from reporting.services import keys as keys_module
from reporting.services.attachments import PreparedAttachment
from reporting.services.cases import intervention_add, note_add, staff_message_send
from reporting.services.deadlines import follow_up_set
from reporting.services.institutions import institution_mention_record, matching_key_grants_write
from reporting.services.keys import organisation_key_recover
from reporting.services.messages import reporter_message_send
from reporting.services.referrals import external_referral_record, referral_send, referral_step
from reporting.services.reports import report_intake, report_submit
from reporting.services.shares import case_share
from reporting.services.staff_keys import SEALED_FIELDS, organisation_key_rotate
from reporting.services.translations import translation_add
from reporting.vocabulary.roles import Role
from tests.factories import FAST_KDF, submission

pytestmark = pytest.mark.django_db

# Binary columns that are no envelope sealed to an organisation's keys, and why.
NOT_ORGANISATION_ENVELOPES = {
    ("Report", "reporter_public_key"): "a public key",
    ("Report", "reporter_private_key_wrapped"): "wrapped under the receipt code",
    ("SealedBlob", "data"): "attachments' bytes: rotated a few at a time on their own",
    ("OrganisationKey", "public_key"): "a public key",
    ("OrganisationKey", "recovery_wrapped_private_key"): "wrapped under the recovery code",
    ("MatchingKeyGrant", "sealed_matching_key"): "one key's grant: the new key gets its own",
    ("UserKey", "public_key"): "a public key",
    ("UserKey", "wrapped_private_key"): "wrapped under the staff member's password",
    ("KeyGrant", "sealed_private_key"): "sealed to a staff member's key",
    ("TranslationRequest", "text"): "sealed to the interpreter's own key",
}


def test_every_sealed_column_is_rotated_or_said_why_not():
    binary = {
        (model.__name__, field.name)
        for model in apps.get_app_config("reporting").get_models()
        for field in model._meta.get_fields()
        if isinstance(field, models.BinaryField)
    }
    rotated = {(model.__name__, field) for model, fields in SEALED_FIELDS for field in fields}
    assert binary - set(NOT_ORGANISATION_ENVELOPES) == rotated


def opened_by(key) -> Counter:
    """How many envelopes of each rotated model `key` opens."""
    opened = Counter()
    for model, fields in SEALED_FIELDS:
        for row in model.objects.all():
            for field in fields:
                value = getattr(row, field)
                if not value:
                    continue
                try:
                    open_sealed(bytes(value), keys=key, context=row.context(field))
                except DecryptionError:
                    continue
                opened[model.__name__] += 1
    return opened


def write_everything(case: Case, *, actor, receipt_code: str) -> None:
    """Every kind of envelope a caseworker and the reporter write on any case."""
    reporter_message_send(
        access=reporter_access_for_code(receipt_code),
        body="Nachtrag.",
        attachments=[PreparedAttachment("beleg.pdf", "application/pdf", "PDF", b"%PDF-1.4\n")],
    )
    staff_message_send(case=case, actor=actor, body="Antwort.")
    note_add(case=case, actor=actor, body="Notiz.")
    intervention_add(
        case=case,
        actor=actor,
        kind="COUNSELLING",
        occurred_on=timezone.localdate(),
        notes="Beratung.",
        expected_version=None,
    )
    translation_add(case=case, message=None, body="Translation.", language="en", actor=actor)
    follow_up_set(
        case=case,
        actor=actor,
        due_on=timezone.localdate() + datetime.timedelta(days=3),
        note="Nachfassen.",
    )
    institution_mention_record(
        case=case, actor=actor, name="Amt (fiktiv)", district="14612", matching_key=None
    )


@pytest.fixture
def recover(monkeypatch):
    monkeypatch.setattr(keys_module, "RECOVERY_KDF", FAST_KDF)

    def new_private_key(rotated):
        return organisation_key_recover(key=rotated.key, recovery_code=rotated.recovery_code)

    return new_private_key


def test_a_member_organisations_new_key_opens_all_its_old_key_did(
    recover, make_member, make_member_caseworker, association_keyring
):
    organisation = make_member("Beratung Süd (fiktiv)", partner=False)
    worker = make_member_caseworker(organisation)
    submitted = report_intake(
        submission=submission(
            consent_referral=True, contact_email="a@example.org", consent_contact=True
        ),
        channel="PHONE",
        actor=worker,
        receipt=True,
        member_organisation=organisation,
    )
    case = Case.objects.get()
    write_everything(case, actor=worker, receipt_code=submitted.receipt_code)
    case_share(case=case, actor=worker, summary="Geteilt.")
    before = opened_by(organisation.private_key)
    assert set(before) == {
        "Report", "Message", "Note", "Attachment", "Intervention", "Translation", "FollowUp",
        "InstitutionMention", "CaseShare",
    }  # fmt: skip

    rotated = organisation_key_rotate(
        organisation=organisation, old_keys=[organisation.private_key]
    )

    assert opened_by(recover(rotated)) == before


def test_the_associations_new_key_opens_all_its_old_key_did(
    recover, association_keyring, association_private_key, make_staff, make_member
):
    caseworker = make_staff(Role.CASEWORKER)
    submitted = report_submit(submission=submission(consent_referral=True))
    case = submitted.report.case
    write_everything(case, actor=caseworker, receipt_code=submitted.receipt_code)
    receiving = make_member("Beratung Nord (fiktiv)")
    referral = referral_send(case=case, organisation=receiving, summary="S.", actor=caseworker)
    referral_step(referral=referral, actor=receiving.partner, status=None, text="Gesprochen.")
    external_referral_record(
        case=case,
        body_name="Landesweite Beratung (fiktiv)",
        referred_on=timezone.localdate(),
        summary="Übergabe.",
        actor=caseworker,
    )
    assert Referral.objects.exists() and ExternalReferral.objects.exists()
    before = opened_by(association_private_key)
    own_case_kinds = {"CaseShare"}  # shared summaries come from member organisations' cases
    assert set(before) == {model.__name__ for model, _fields in SEALED_FIELDS} - own_case_kinds

    rotated = organisation_key_rotate(
        organisation=association_keyring.key.organisation, old_keys=[association_private_key]
    )

    assert opened_by(recover(rotated)) == before


def test_a_rotated_key_keeps_the_matching_key(
    recover, association_keyring, association_private_key, make_member
):
    matching_key = session_matching_key([association_private_key])
    organisation = make_member("Beratung West (fiktiv)", partner=False)
    matching_key_grants_write(keys=[association_private_key])

    for owner, old in (
        (association_keyring.key.organisation, association_private_key),
        (organisation, organisation.private_key),
    ):
        rotated = organisation_key_rotate(organisation=owner, old_keys=[old])
        assert session_matching_key([recover(rotated)]) == matching_key, owner


def test_a_key_without_the_matching_key_passes_none_on(recover, association_keyring, make_member):
    organisation = make_member("Beratung Ost (fiktiv)", partner=False)
    rotated = organisation_key_rotate(
        organisation=organisation, old_keys=[organisation.private_key]
    )
    assert session_matching_key([recover(rotated)]) is None
