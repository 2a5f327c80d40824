"""Creating staff accounts with their role, organisation, key pair and second factor."""

import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from reporting.models import AuditEvent, Organisation, StaffProfile
from reporting.services.staff_keys import user_key_set
from reporting.vocabulary.roles import ROLE_PERMISSIONS, Role


def staff_create(
    *,
    username: str,
    password: str,
    organisation: Organisation,
    roles: list[Role],
    email: str = "",
    actor=None,
) -> tuple[object, TOTPDevice, list[str]]:
    """A staff user with a key pair, a TOTP device and ten one-time backup codes.

    Only administrators of the association get the Django admin (staff and superuser:
    the whole audit trail, every account). The administrator role of a member
    organisation grants nothing (reporting.permissions asks for the association).
    `actor` is the administrator who creates it (None: an operator at the shell).
    """
    with transaction.atomic():
        user = get_user_model().objects.create_user(
            username=username, password=password, email=email
        )
        user.groups.set([role_group(role) for role in roles])
        if Role.ADMINISTRATOR in roles and organisation.kind == Organisation.Kind.ASSOCIATION:
            user.is_staff = True
            user.is_superuser = True
            user.save(update_fields=["is_staff", "is_superuser"])
        StaffProfile.objects.create(user=user, organisation=organisation)
        user_key_set(user=user, password=password)
        totp = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)
        backup = StaticDevice.objects.create(user=user, name="backup codes", confirmed=True)
        codes = [StaticToken.random_token() for _ in range(10)]
        for code in codes:
            StaticToken.objects.create(device=backup, token=code)
        AuditEvent.objects.create(actor=actor, subject=user, verb=AuditEvent.Verb.STAFF_CREATED)
    return user, totp, codes


def staff_unlock(*, profiles, actor) -> int:
    """Lift the login lock of `profiles` (a StaffProfile queryset), one audit row each."""
    with transaction.atomic():
        users = list(profiles.filter(locked_until__isnull=False).values_list("user", flat=True))
        profiles.update(failed_logins=0, last_failed_login_at=None, locked_until=None)
        AuditEvent.objects.bulk_create(
            AuditEvent(actor=actor, subject_id=user, verb=AuditEvent.Verb.ACCOUNT_UNLOCKED)
            for user in users
        )
    return len(users)


def role_group(role: Role) -> Group:
    """The role's group; made with its permissions where it is missing (migration 0015
    makes all four, but a flushed test database has none). An existing group keeps the
    permissions it has: administrators may have changed them."""
    group, created = Group.objects.get_or_create(name=role.value)
    if created:
        group.permissions.add(
            *Permission.objects.filter(
                content_type__app_label="reporting",
                codename__in=[permission.value for permission in ROLE_PERMISSIONS[role]],
            )
        )
    return group


def random_password() -> str:
    return secrets.token_urlsafe(12)
