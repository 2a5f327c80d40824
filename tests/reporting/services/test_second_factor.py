"""Setting up an authenticator app and an administrator's reset of the second factor."""

import pytest
from django.contrib.auth import get_user_model
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from reporting.models import AuditEvent
from reporting.services.second_factor import (
    BACKUP_CODE_COUNT,
    AlreadyEnrolled,
    second_factor_reset,
    totp_enrolment_confirm,
    totp_enrolment_device,
)
from reporting.services.staff_login import SecondFactorRefused
from reporting.vocabulary.roles import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def reset_user(make_staff):
    user = make_staff(Role.CASEWORKER)
    second_factor_reset(users=get_user_model().objects.filter(pk=user.pk), actor=None)
    return user


def _code(device) -> str:
    return f"{totp(device.bin_key):06d}"


def test_reset_removes_every_device_and_is_audited_without_secrets(make_staff):
    admin = make_staff(Role.ADMINISTRATOR)
    user = make_staff(Role.CASEWORKER)
    secret = user.totpdevice_set.get().key
    count = second_factor_reset(users=get_user_model().objects.filter(pk=user.pk), actor=admin)
    assert count == 1
    assert not TOTPDevice.objects.filter(user=user).exists()
    assert not StaticDevice.objects.filter(user=user).exists()
    event = AuditEvent.objects.get(verb=AuditEvent.Verb.SECOND_FACTOR_RESET)
    assert (event.actor, event.subject, event.case) == (admin, user, None)
    assert secret not in str(AuditEvent.objects.values())


def test_the_enrolment_device_stays_the_same_until_confirmed(reset_user):
    first = totp_enrolment_device(user=reset_user)
    assert not first.confirmed
    assert totp_enrolment_device(user=reset_user) == first


def test_a_wrong_first_code_confirms_nothing(reset_user):
    device = totp_enrolment_device(user=reset_user)
    wrong = f"{(int(_code(device)) + 1) % 1_000_000:06d}"
    with pytest.raises(SecondFactorRefused):
        totp_enrolment_confirm(user=reset_user, code=wrong)
    device.refresh_from_db()
    assert not device.confirmed
    assert not StaticDevice.objects.filter(user=reset_user).exists()
    assert not AuditEvent.objects.filter(verb=AuditEvent.Verb.TOTP_ENROLLED).exists()


def test_the_first_code_confirms_and_gives_new_backup_codes(reset_user):
    device = totp_enrolment_device(user=reset_user)
    confirmed, codes = totp_enrolment_confirm(user=reset_user, code=_code(device))
    assert confirmed.pk == device.pk and confirmed.confirmed
    assert len(set(codes)) == BACKUP_CODE_COUNT
    backup = StaticDevice.objects.get(user=reset_user, confirmed=True)
    assert sorted(backup.token_set.values_list("token", flat=True)) == sorted(codes)
    event = AuditEvent.objects.get(verb=AuditEvent.Verb.TOTP_ENROLLED)
    assert (event.actor, event.subject) == (reset_user, reset_user)


def test_an_enrolled_user_cannot_start_again(make_staff):
    user = make_staff(Role.CASEWORKER)
    with pytest.raises(AlreadyEnrolled):
        totp_enrolment_device(user=user)
    with pytest.raises(AlreadyEnrolled):
        totp_enrolment_confirm(user=user, code=_code(user.totpdevice_set.get()))


def test_wrong_first_codes_are_throttled_like_the_login(reset_user):
    from reporting.services.staff_login import SecondFactorThrottled

    device = totp_enrolment_device(user=reset_user)
    wrong = f"{(int(_code(device)) + 1) % 1_000_000:06d}"
    with pytest.raises(SecondFactorRefused):
        totp_enrolment_confirm(user=reset_user, code=wrong)
    with pytest.raises(SecondFactorThrottled):  # the clock stands still: no wait has passed
        totp_enrolment_confirm(user=reset_user, code=_code(device))
