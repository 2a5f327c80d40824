"""Key management of DESIGN §5: grants, password change, admin reset, recovery, rotation."""

import pytest

from reporting.crypto import open_sealed
from reporting.models import AuditEvent, KeyGrant, OrganisationKey, Report
from reporting.selectors.cases import case_detail
from reporting.selectors.receipts import reporter_access_for_code, reporter_case_view
from reporting.services.keys import organisation_key_recover
from reporting.services.reports import report_submit
from reporting.services.staff_keys import (
    organisation_key_rotate,
    unlocked_organisation_keys,
    user_password_change,
    user_password_reset,
)
from reporting.vocabulary.roles import Role
from tests.factories import submission

pytestmark = pytest.mark.django_db
PASSWORD = "staff-password-123"


def opens(keys, report: Report) -> bool:
    try:
        open_sealed(bytes(report.content), keys=keys, context=report.context("content"))
    except Exception:
        return False
    return True


def test_a_granted_user_unlocks_the_association_key(make_staff):
    report_submit(submission=submission())
    user = make_staff(Role.CASEWORKER)
    keys = unlocked_organisation_keys(user=user, password=PASSWORD)
    assert opens(keys, Report.objects.get())
    assert AuditEvent.objects.filter(verb=AuditEvent.Verb.KEY_GRANTED, subject=user).exists()


def test_a_user_without_grant_cannot_decrypt(make_staff):
    report_submit(submission=submission())
    user = make_staff(Role.CASEWORKER, grant=False)
    assert unlocked_organisation_keys(user=user, password=PASSWORD) == []


def test_a_wrong_password_unlocks_nothing(make_staff):
    user = make_staff(Role.CASEWORKER)
    assert unlocked_organisation_keys(user=user, password="wrong-password") == []


def test_password_change_keeps_the_grants(make_staff):
    report_submit(submission=submission())
    user = make_staff(Role.CASEWORKER)
    user_password_change(user=user, old_password=PASSWORD, new_password="a-new-password-456")
    assert unlocked_organisation_keys(user=user, password=PASSWORD) == []
    assert opens(
        unlocked_organisation_keys(user=user, password="a-new-password-456"), Report.objects.get()
    )


def test_admin_reset_drops_the_grants_until_granted_again(
    make_staff, association_keyring, association_private_key
):
    from reporting.services.staff_keys import key_grant

    report_submit(submission=submission())
    admin = make_staff(Role.ADMINISTRATOR)
    user = make_staff(Role.CASEWORKER)
    assert user_password_reset(user=user, new_password="reset-password-789", actor=admin) == 1
    assert not KeyGrant.objects.filter(user=user).exists()
    assert unlocked_organisation_keys(user=user, password="reset-password-789") == []
    assert AuditEvent.objects.filter(verb=AuditEvent.Verb.KEYS_DROPPED, subject=user).exists()
    admin_keys = unlocked_organisation_keys(user=admin, password=PASSWORD)
    key_grant(
        organisation_key=association_keyring.key,
        private_key=admin_keys[0],
        user=user,
        granted_by=admin,
    )
    assert opens(
        unlocked_organisation_keys(user=user, password="reset-password-789"), Report.objects.get()
    )


def test_recovery_code_opens_the_key_and_a_wrong_one_does_not(association_keyring):
    from reporting.crypto import DecryptionError

    key = organisation_key_recover(
        key=association_keyring.key, recovery_code=association_keyring.recovery_code.lower()
    )
    assert key.public_key().key_id.hex() == association_keyring.key.key_id
    with pytest.raises(DecryptionError):
        organisation_key_recover(key=association_keyring.key, recovery_code="AAAA-" * 8)


def test_rotation_rewraps_without_reencrypting(
    association_keyring, association_private_key, monkeypatch
):
    from reporting.services import keys as keys_module
    from tests.factories import FAST_KDF

    monkeypatch.setattr(keys_module, "RECOVERY_KDF", FAST_KDF)
    old = report_submit(submission=submission(narrative="Vor der Rotation geschrieben."))
    before = bytes(Report.objects.get(pk=old.report.pk).content)
    rotated = organisation_key_rotate(
        organisation=association_keyring.key.organisation, old_keys=[association_private_key]
    )
    new_private = organisation_key_recover(key=rotated.key, recovery_code=rotated.recovery_code)
    after = bytes(Report.objects.get(pk=old.report.pk).content)
    assert after[-60:] == before[-60:]  # same ciphertext, one more stanza
    assert opens([new_private], Report.objects.get(pk=old.report.pk))
    assert opens([association_private_key], Report.objects.get(pk=old.report.pk))
    new = report_submit(submission=submission(narrative="Nach der Rotation."))
    assert opens([new_private], Report.objects.get(pk=new.report.pk))
    assert not opens([association_private_key], Report.objects.get(pk=new.report.pk))
    assert list(OrganisationKey.objects.filter(is_active=True)) == [rotated.key]
    # the reporter still reads their report
    access = reporter_access_for_code(old.receipt_code)
    assert reporter_case_view(access).content["narrative"] == "Vor der Rotation geschrieben."


def test_case_detail_needs_a_key(make_staff):
    from reporting.vocabulary.errors import KeysLocked

    report_submit(submission=submission())
    case = Report.objects.get().case
    with pytest.raises(KeysLocked):
        case_detail(case, [])


def test_rotation_covers_attachments_and_referrals(
    association_keyring,
    association_private_key,
    make_member,
    make_staff,
    monkeypatch,
):
    import io

    from PIL import Image

    from reporting.models import Attachment, Referral
    from reporting.selectors.referrals import referral_detail
    from reporting.services import keys as keys_module
    from reporting.services.attachments import attachment_open, attachments_prepare
    from reporting.services.referrals import referral_send
    from tests.factories import FAST_KDF

    monkeypatch.setattr(keys_module, "RECOVERY_KDF", FAST_KDF)
    image = io.BytesIO()
    Image.new("RGB", (4, 4)).save(image, format="PNG")
    image.name, image.size = "a.png", len(image.getvalue())
    image.seek(0)
    submitted = report_submit(
        submission=submission(consent_referral=True), attachments=attachments_prepare([image])
    )
    member = make_member("Beratung Rot (fiktiv)")
    referral_send(
        case=submitted.report.case,
        organisation=member,
        summary="S",
        actor=make_staff(Role.CASEWORKER),
    )
    rotated = organisation_key_rotate(
        organisation=association_keyring.key.organisation, old_keys=[association_private_key]
    )
    new_private = organisation_key_recover(key=rotated.key, recovery_code=rotated.recovery_code)
    assert (
        attachment_open(
            attachment=Attachment.objects.get(), keys=[new_private], actor=None
        ).content_type
        == "image/png"
    )
    assert referral_detail(Referral.objects.get(), [new_private]).summary == "S"
