"""Failed staff logins slow down (without sleeping), then lock; every user name, staff
account or not, gets the same answers; only association administrators get the admin."""

import datetime
import importlib
import io
import sys

import pytest
import time_machine
from django.apps import apps
from django.core.management import call_command
from django.test import RequestFactory

from reporting.models import AuditEvent, StaffProfile
from reporting.models.staff import LoginThrottle
from reporting.services.staff_login import slow_down_delay, staff_password_login
from reporting.vocabulary.roles import Role

pytestmark = pytest.mark.django_db
PASSWORD = "staff-password-123"
START = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)


def attempt(username, password):
    result = staff_password_login(
        request=RequestFactory().post("/de/office/login/"), username=username, password=password
    )
    return ("in" if result.user else "wrong", result.locked, result.slowed_down)


WRONG = ("wrong", False, False)
WAIT = ("wrong", False, True)
LOCKED = ("wrong", True, False)


@pytest.fixture
def caseworker(make_staff):
    return make_staff(Role.CASEWORKER)


@pytest.fixture
def clock():
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


def test_the_delay_grows_below_the_lock():
    assert [slow_down_delay(n).total_seconds() for n in range(6)] == [0, 0, 2, 4, 8, 16]
    assert slow_down_delay(30).total_seconds() == 60


def test_after_two_failures_even_the_right_password_waits(caseworker, clock):
    assert attempt(caseworker.username, "wrong-1") == WRONG
    assert attempt(caseworker.username, "wrong-2") == WRONG
    clock.shift(1)
    assert attempt(caseworker.username, PASSWORD) == WAIT  # counted: now 4 s
    clock.shift(3.5)
    assert attempt(caseworker.username, PASSWORD) == WAIT
    clock.shift(8)
    assert attempt(caseworker.username, PASSWORD) == ("in", False, False)
    profile = StaffProfile.objects.get(user=caseworker)
    assert (profile.failed_logins, profile.last_failed_login_at) == (0, None)


def test_who_waits_between_attempts_is_not_refused(caseworker, settings, clock):
    assert settings.LOGIN_FAILURES_BEFORE_LOCK == 5
    for wait in (0, 0, 2, 4):
        clock.shift(wait)
        assert attempt(caseworker.username, "wrong") == WRONG
    clock.shift(7)
    assert attempt(caseworker.username, PASSWORD) == LOCKED  # a fifth failure, refused
    StaffProfile.objects.filter(user=caseworker).update(locked_until=None)
    for wait in (0, 0, 2, 4):
        clock.shift(wait)
        assert attempt(caseworker.username, "wrong") == WRONG
    clock.shift(8)
    assert attempt(caseworker.username, PASSWORD) == ("in", False, False)


def test_failures_in_a_row_lock_and_the_lock_ends(caseworker, settings, clock):
    answers = [attempt(caseworker.username, "wrong") for _ in range(5)]
    assert answers == [WRONG, WRONG, WAIT, WAIT, LOCKED]
    assert AuditEvent.objects.filter(verb=AuditEvent.Verb.LOGIN_LOCKED, subject=caseworker).count()
    clock.shift(settings.LOGIN_LOCK_MINUTES * 60 - 1)
    assert attempt(caseworker.username, PASSWORD) == LOCKED
    clock.shift(2)
    assert attempt(caseworker.username, PASSWORD) == ("in", False, False)


def test_old_failures_are_forgotten(caseworker, settings, clock):
    for wait in (0, 0, 2, 4):
        clock.shift(wait)
        attempt(caseworker.username, "wrong")
    clock.shift(settings.LOGIN_LOCK_MINUTES * 60 + 1)
    assert attempt(caseworker.username, "wrong") == WRONG
    assert StaffProfile.objects.get(user=caseworker).failed_logins == 1


def test_a_refused_attempt_checks_no_password(caseworker, clock, monkeypatch):
    attempt(caseworker.username, "wrong")
    attempt(caseworker.username, "wrong")
    checked = []
    monkeypatch.setattr(
        "reporting.services.staff_login.authenticate", lambda *a, **k: checked.append(k)
    )
    assert attempt(caseworker.username, PASSWORD) == WAIT
    assert checked == []


def test_a_concurrent_attempt_cannot_skip_the_wait(caseworker, clock):
    """The attempt is counted before the password is checked, in one conditional UPDATE."""
    StaffProfile.objects.filter(user=caseworker).update(
        failed_logins=2,
        last_failed_login_at=START,  # another request claimed just now
    )
    assert attempt(caseworker.username, PASSWORD) == WAIT


def script(clock, username, password, settings):
    """Wrong passwords fast, slowly, into the lock, after it and after the window."""
    answers = []
    for wait in [0, 0, 0, 1, 4, 20, 0, 0, 0, settings.LOGIN_LOCK_MINUTES * 60, 0, 0, 0, 0]:
        clock.shift(wait)
        answers.append(attempt(username, password))
    clock.shift(settings.LOGIN_LOCK_MINUTES * 60 * 3)
    answers.append(attempt(username, password))
    return answers


def test_unknown_names_get_the_same_answers_as_staff_accounts(
    caseworker, make_staff, settings, clock
):
    inactive = make_staff(Role.CASEWORKER)
    inactive.is_active = False
    inactive.save()
    staff = script(clock, caseworker.username, "wrong", settings)
    assert WAIT in staff and LOCKED in staff
    for name in ("niemand", inactive.username, caseworker.username.upper()):
        assert script(clock, name, "wrong", settings) == staff, name
    # ...and the right password of a non-staff (inactive) account changes nothing.
    assert script(clock, inactive.username, PASSWORD, settings) == staff


def test_unknown_name_rows_are_pruned(settings, clock):
    for name in ("a", "b", "c"):
        attempt(name, "wrong")
    assert LoginThrottle.objects.count() == 3
    assert "niemand" not in str(list(LoginThrottle.objects.values_list("name_hash", flat=True)))
    clock.shift(settings.LOGIN_LOCK_MINUTES * 60 + 1)
    attempt("d", "wrong")
    assert LoginThrottle.objects.count() == 1


def test_the_office_login_shows_the_same_messages_for_every_name(client, caseworker, clock):
    def pages(username):
        messages = []
        for _ in range(6):
            response = client.post("/en/office/login/", {"username": username, "password": "x"})
            assert response.status_code == 200 and "sessionid" not in response.cookies
            messages.append(list(response.context["form"].non_field_errors()))
        return messages

    staff = pages(caseworker.username)
    assert staff[:3] == [
        ["User name or password is wrong."],
        ["User name or password is wrong."],
        [
            "User name or password is wrong.",
            "Several failed attempts in a row: please wait a moment and try again.",
        ],
    ]
    assert staff[-1] == ["This account is locked for a while after too many failed logins."]
    assert pages("niemand") == staff


# --- only association administrators get the Django admin -------------------------------


def test_only_association_administrators_get_the_admin(make_staff, make_member):
    member = make_member("Beratung Mitglied (fiktiv)", partner=False)
    association_admin = make_staff(Role.ADMINISTRATOR)
    member_admin = make_staff(Role.ADMINISTRATOR, organisation=member)
    assert association_admin.is_staff and association_admin.is_superuser
    assert not member_admin.is_staff and not member_admin.is_superuser
    assert not make_staff(Role.CASEWORKER).is_staff


def test_the_staff_command_says_a_member_administrator_gets_no_admin(
    make_member, monkeypatch, association_keyring
):
    member = make_member("Beratung Kommando (fiktiv)", partner=False)
    out = io.StringIO()
    monkeypatch.setattr(sys, "stdin", io.StringIO("ein-langes-passwort-12\n"))
    call_command(
        "staff", "create", "--username", "mitglied-admin", "--role", "administrator",
        "--organisation", member.name, "--password-stdin", stdout=out,
    )  # fmt: skip
    assert "no admin access" in out.getvalue()
    assert StaffProfile.objects.get(user__username="mitglied-admin").user.is_superuser is False


def test_the_migration_takes_the_admin_from_member_administrators(make_staff, make_member):
    migration = importlib.import_module("reporting.migrations.0014_login_slow_down")
    member = make_member("Beratung Alt (fiktiv)", partner=False)
    old = make_staff(Role.ADMINISTRATOR, organisation=member)
    type(old).objects.filter(pk=old.pk).update(is_staff=True, is_superuser=True)
    association_admin = make_staff(Role.ADMINISTRATOR)
    migration.no_admin_for_member_organisations(apps, None)
    old.refresh_from_db()
    association_admin.refresh_from_db()
    assert not old.is_staff and not old.is_superuser
    assert association_admin.is_staff and association_admin.is_superuser
