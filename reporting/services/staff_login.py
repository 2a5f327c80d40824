"""Password step of the staff login: lockout bookkeeping and key unlocking."""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import authenticate, get_user_model
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from reporting.crypto import PrivateKey
from reporting.models import CaseEvent, StaffProfile
from reporting.services.staff_keys import unlocked_organisation_keys


@dataclass(frozen=True, repr=False)
class StaffLogin:
    user: object | None
    keys: list[PrivateKey]
    locked: bool = False


def staff_password_login(*, request, username: str, password: str) -> StaffLogin:
    """Check the password of a staff user; on success unlock their organisation keys.

    A locked account is refused even with the right password. After
    LOGIN_FAILURES_BEFORE_LOCK failures in a row the account locks for
    LOGIN_LOCK_MINUTES; administrators see the lock in the admin.
    """
    profile = (
        StaffProfile.objects.select_related("user")
        .filter(user__username=username, user__is_active=True)
        .first()
    )
    now = timezone.now()
    if profile and profile.locked_until and profile.locked_until > now:
        return StaffLogin(user=None, keys=[], locked=True)
    user = authenticate(request, username=username, password=password)
    if user is None or profile is None or user.pk != profile.user_id:
        if profile:
            _record_failure(profile)
        else:
            get_user_model()().set_password(password)  # same cost as a real check
        return StaffLogin(user=None, keys=[])
    StaffProfile.objects.filter(pk=profile.pk).update(failed_logins=0, locked_until=None)
    return StaffLogin(user=user, keys=unlocked_organisation_keys(user=user, password=password))


def _record_failure(profile: StaffProfile) -> None:
    with transaction.atomic():
        StaffProfile.objects.filter(pk=profile.pk).update(failed_logins=F("failed_logins") + 1)
        profile.refresh_from_db()
        if profile.failed_logins >= settings.LOGIN_FAILURES_BEFORE_LOCK:
            StaffProfile.objects.filter(pk=profile.pk).update(
                failed_logins=0,
                locked_until=timezone.now() + timedelta(minutes=settings.LOGIN_LOCK_MINUTES),
            )
            CaseEvent.objects.create(subject=profile.user, verb=CaseEvent.Verb.LOGIN_LOCKED)
