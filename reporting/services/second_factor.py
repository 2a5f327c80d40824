"""Enrolling and resetting a staff user's second factor (TOTP app and backup codes).

The TOTP secret lives only in django-otp's device row: it is never logged, never put
in an audit event and never kept in the session. An unconfirmed device is the
enrolment in progress; it becomes the user's second factor when a first code from the
app matches, so a mistyped secret cannot lock anybody out.
"""

from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from reporting.models import AuditEvent
from reporting.services.staff_login import SecondFactorRefused, SecondFactorThrottled
from reporting.vocabulary.errors import DomainError

BACKUP_CODE_COUNT = 10


class AlreadyEnrolled(DomainError):
    code = "second_factor_enrolled"
    message = _("This account already has an authenticator app.")


def has_confirmed_totp(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def totp_enrolment_device(*, user) -> TOTPDevice:
    """The unconfirmed device of a user without an app, made on first visit. Reloading
    the page shows the same secret, so a code from an app already scanned still works."""
    with transaction.atomic():
        if TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True).exists():
            raise AlreadyEnrolled
        device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
        return device or TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)


def totp_enrolment_confirm(*, user, code: str) -> tuple[TOTPDevice, list[str]]:
    """Confirm the enrolment with a first code from the app; the backup codes are
    replaced by new ones, returned once and never shown again."""
    code = "".join(code.split())
    with transaction.atomic():
        device = totp_enrolment_device(user=user)
        device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
        allowed, _details = device.verify_is_allowed()
        if not allowed:
            raise SecondFactorThrottled(fields={"code": [str(SecondFactorThrottled.message)]})
        # A wrong code is refused after the commit, so django-otp's count of failures
        # (the throttle) is kept rather than rolled back with the exception.
        accepted = device.verify_token(code)
        if accepted:
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            codes = _new_backup_codes(user)
            TOTPDevice.objects.filter(user=user, confirmed=False).delete()
            AuditEvent.objects.create(actor=user, subject=user, verb=AuditEvent.Verb.TOTP_ENROLLED)
    if not accepted:
        raise SecondFactorRefused(fields={"code": [str(SecondFactorRefused.message)]})
    return device, codes


def _new_backup_codes(user) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    backup = StaticDevice.objects.create(user=user, name="backup codes", confirmed=True)
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=backup, token=c) for c in codes)
    return codes


def second_factor_reset(*, users, actor) -> int:
    """Remove every second-factor device of `users` (an administrator's action): each
    must enrol an app again at their next login. A session verified with a removed
    device is no longer verified (the middleware finds no device). One audit row each."""
    with transaction.atomic():
        user_ids = list(users.values_list("pk", flat=True))
        TOTPDevice.objects.filter(user__in=user_ids).delete()
        StaticDevice.objects.filter(user__in=user_ids).delete()
        AuditEvent.objects.bulk_create(
            AuditEvent(actor=actor, subject_id=pk, verb=AuditEvent.Verb.SECOND_FACTOR_RESET)
            for pk in user_ids
        )
    return len(user_ids)
