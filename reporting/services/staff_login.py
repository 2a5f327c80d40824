"""The staff login: the password step (slow-down and lockout bookkeeping, key
unlocking) and the second factor.

After SLOW_DOWN_AFTER failures in a row an account refuses further attempts until a
growing delay since the last failure has passed (2 s, 4 s, 8 s, … at most
SLOW_DOWN_MAX_SECONDS); nothing sleeps, the attempt is answered at once. An attempt
refused this way counts as a failure (and restarts the delay), so a script that keeps
trying locks the account. After LOGIN_FAILURES_BEFORE_LOCK failures the account locks
for LOGIN_LOCK_MINUTES; failures older than that are forgotten.

Names that are no (active) staff account go through the same bookkeeping in
LoginThrottle, so the answers (wrong, please wait, locked) never tell whether an
account exists. Every checked attempt costs one password hash (Django's
ModelBackend hashes for unknown names too); refused ones cost none, for every name.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import authenticate
from django.db import transaction
from django.db.models import Case, F, Q, Value, When
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from reporting.crypto import PrivateKey
from reporting.models import AuditEvent, StaffProfile
from reporting.models.staff import LoginThrottle
from reporting.services.staff_keys import unlocked_keys
from reporting.vocabulary.errors import DomainError

SLOW_DOWN_AFTER = 2  # failures in a row before attempts must wait
SLOW_DOWN_FIRST_SECONDS = 2  # the first wait; it doubles with every further failure
SLOW_DOWN_MAX_SECONDS = 60


@dataclass(frozen=True, repr=False)
class StaffLogin:
    user: object | None
    keys: list[PrivateKey]  # organisation keys granted to the user
    own_key: PrivateKey | None = None
    locked: bool = False
    slowed_down: bool = False  # refused unchecked: the last failure was too recent


def staff_password_login(*, request, username: str, password: str) -> StaffLogin:
    """Check the password of a staff user; on success unlock their organisation keys.

    A locked or slowed-down account is refused even with the right password, and the
    password is not checked. Administrators see and lift locks in the admin.
    """
    now = timezone.now()
    profile = (
        StaffProfile.objects.select_related("user")
        .filter(user__username=username, user__is_active=True)
        .first()
    )
    rows = StaffProfile.objects.filter(pk=profile.pk) if profile else _throttle_rows(username)
    if not _claim_attempt(rows, now):
        return _refused(rows, now, subject=profile.user if profile else None)
    user = authenticate(request, username=username, password=password)
    if user is None or profile is None or user.pk != profile.user_id:
        locked = _lock_if_due(rows, now, subject=profile.user if profile else None)
        return StaffLogin(user=None, keys=[], locked=locked)
    rows.update(failed_logins=0, last_failed_login_at=None, locked_until=None)
    own_key, keys = unlocked_keys(user=user, password=password)
    return StaffLogin(user=user, keys=keys, own_key=own_key)


def slow_down_delay(failures: int) -> timedelta:
    """How long after the last of `failures` failures in a row the next attempt must wait."""
    if failures < SLOW_DOWN_AFTER:
        return timedelta(0)
    seconds = SLOW_DOWN_FIRST_SECONDS * 2 ** (failures - SLOW_DOWN_AFTER)
    return timedelta(seconds=min(seconds, SLOW_DOWN_MAX_SECONDS))


def _window() -> timedelta:
    """Failures older than this are forgotten (as the lock, which lasts as long)."""
    return timedelta(minutes=settings.LOGIN_LOCK_MINUTES)


def _throttle_rows(username: str):
    name_hash = salted_hmac("reporting.staff_login.unknown_name", username).hexdigest()
    _row, created = LoginThrottle.objects.get_or_create(name_hash=name_hash)
    if created:  # rows that are as good as new: forgotten failures, no running lock
        now = timezone.now()
        LoginThrottle.objects.filter(last_failed_login_at__lt=now - _window()).filter(
            Q(locked_until__isnull=True) | Q(locked_until__lt=now)
        ).delete()
    return LoginThrottle.objects.filter(name_hash=name_hash)


def _may_try(now) -> Q:
    not_locked = Q(locked_until__isnull=True) | Q(locked_until__lte=now)
    waited = (
        Q(failed_logins__lt=SLOW_DOWN_AFTER)
        | Q(last_failed_login_at__isnull=True)
        | Q(last_failed_login_at__lt=now - _window())
    )
    threshold = max(settings.LOGIN_FAILURES_BEFORE_LOCK, SLOW_DOWN_AFTER)
    for failures in range(SLOW_DOWN_AFTER, threshold):
        waited |= Q(
            failed_logins=failures, last_failed_login_at__lte=now - slow_down_delay(failures)
        )
    waited |= Q(
        failed_logins__gte=threshold, last_failed_login_at__lte=now - slow_down_delay(threshold)
    )
    return not_locked & waited


def _counted_failure(now) -> dict:
    """The update that counts one failure at `now` (a fresh count after the window)."""
    return {
        "failed_logins": Case(
            When(last_failed_login_at__gte=now - _window(), then=F("failed_logins") + 1),
            default=Value(1),
        ),
        "last_failed_login_at": now,
    }


def _claim_attempt(rows, now) -> bool:
    """Count the attempt as a failure before checking the password, in one conditional
    UPDATE: concurrent attempts cannot all pass the slow-down. A success resets it."""
    return rows.filter(_may_try(now)).update(**_counted_failure(now)) == 1


def _refused(rows, now, *, subject) -> StaffLogin:
    state = rows.values("locked_until").first()
    if state and state["locked_until"] and state["locked_until"] > now:
        return StaffLogin(user=None, keys=[], locked=True)
    rows.update(**_counted_failure(now))
    locked = _lock_if_due(rows, now, subject=subject)
    return StaffLogin(user=None, keys=[], locked=locked, slowed_down=not locked)


def _lock_if_due(rows, now, *, subject) -> bool:
    locked = bool(
        rows.filter(failed_logins__gte=settings.LOGIN_FAILURES_BEFORE_LOCK).update(
            failed_logins=0, locked_until=now + _window()
        )
    )
    if locked and subject is not None:
        AuditEvent.objects.create(subject=subject, verb=AuditEvent.Verb.LOGIN_LOCKED)
    return locked


class SecondFactorRefused(DomainError):
    code = "second_factor_refused"
    message = _("This code is not right or has been used already. Please try again.")


class SecondFactorThrottled(DomainError):
    code = "second_factor_throttled"
    message = _("Several wrong codes in a row: please wait a moment and try again.")
    status = 429


# A code from the authenticator app is six digits; backup codes are eight letters and
# digits (django-otp's StaticToken.random_token), so the shape tells them apart.
TOTP_DIGITS = 6


def staff_second_factor(*, user, code: str) -> Device:
    """The second step of the staff login: a code from the authenticator app or one of
    the backup codes, in one field. The server picks the device by the code's shape:
    a guess counts only against that device's throttle (django-otp counts every failed
    verification, so trying each device in turn would throttle the ones not used).
    Returns the device that accepted the code."""
    code = "".join(code.split()).lower()
    model = TOTPDevice if code.isdigit() and len(code) == TOTP_DIGITS else StaticDevice
    with transaction.atomic():
        devices = list(model.objects.select_for_update().filter(user=user, confirmed=True))
        for device in devices:
            allowed, _details = device.verify_is_allowed()
            if not allowed:
                raise SecondFactorThrottled(fields={"code": [str(SecondFactorThrottled.message)]})
            if device.verify_token(code):
                return device
    raise SecondFactorRefused(fields={"code": [str(SecondFactorRefused.message)]})
