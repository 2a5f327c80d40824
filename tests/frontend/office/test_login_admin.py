"""The Django admin has no login of its own: it sends people through the office login
(password, failure accounting and lock, second factor, key unlocking); its logout and
password page are the office's too. Only association administrators reach it."""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django_otp.oath import totp

from reporting.models import AuditEvent, KeyGrant, StaffProfile
from reporting.vocabulary.roles import Role
from web.keysession import KEY_COOKIE

pytestmark = pytest.mark.django_db
PASSWORD = "staff-password-123"


def split(location: str) -> tuple[str, dict]:
    parts = urlsplit(location)
    return parts.path, {k: v[0] for k, v in parse_qs(parts.query).items()}


def office_login(client, user, url="/de/office/login/"):
    """Password (at `url`, which may carry a next), then a backup code; the last response."""
    response = client.post(url, {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302, response.content[:500]
    response = client.post(response["Location"], {"code": user.backup_codes.pop()})
    assert response.status_code == 302, response.content[:800]
    return response


@pytest.fixture
def administrator(make_staff):
    return make_staff(Role.ADMINISTRATOR)


def test_admin_login_redirects_to_the_office_login_with_next(client):
    response = client.get("/admin/login/")
    assert response.status_code == 302
    assert split(response["Location"]) == ("/de/office/login/", {"next": "/admin/"})
    response = client.get("/admin/login/", {"next": "/admin/reporting/auditevent/"})
    assert split(response["Location"])[1] == {"next": "/admin/reporting/auditevent/"}


@pytest.mark.parametrize(
    "unsafe", ["https://evil.example/", "//evil.example/admin/", "javascript:alert(1)", "admin/"]
)
def test_admin_login_drops_an_unsafe_next(client, unsafe):
    response = client.get("/admin/login/", {"next": unsafe})
    assert split(response["Location"]) == ("/de/office/login/", {"next": "/admin/"})


def test_an_admin_page_leads_through_the_admin_login_to_the_office_login(client):
    response = client.get("/admin/reporting/auditevent/", follow=True)
    assert response.redirect_chain[-1][0].startswith("/de/office/login/?next=")
    assert response.templates[0].name == "office/login.html"


def test_passwords_posted_to_the_admin_login_change_nothing_and_tell_nothing(client, administrator):
    before = StaffProfile.objects.values().get(user=administrator)
    device = administrator.totpdevice_set.get()
    answers = set()
    for attempt in range(8):
        response = client.post(
            "/admin/login/",
            {
                "username": administrator.username,
                "password": f"wrong-{attempt}",
                "otp_device": device.persistent_id,
                "otp_token": f"{totp(device.bin_key):06d}",
                "next": "/admin/",
            },
        )
        answers.add((response.status_code, response["Location"], response.content))
    right = client.post("/admin/login/", {"username": administrator.username, "password": PASSWORD})
    answers.add((right.status_code, right["Location"], right.content))
    assert len(answers) == 1 and right.status_code == 302
    assert "sessionid" not in client.cookies
    assert StaffProfile.objects.values().get(user=administrator) == before
    assert not AuditEvent.objects.filter(verb=AuditEvent.Verb.LOGIN_LOCKED).exists()
    assert client.get("/admin/").status_code == 302


def test_a_locked_administrator_cannot_log_in_at_the_admin_either(client, administrator, settings):
    for _ in range(settings.LOGIN_FAILURES_BEFORE_LOCK):
        client.post("/de/office/login/", {"username": administrator.username, "password": "x"})
    assert StaffProfile.objects.get(user=administrator).locked_until is not None
    device = administrator.totpdevice_set.get()
    form = {
        "username": administrator.username,
        "password": PASSWORD,
        "otp_device": device.persistent_id,
        "otp_token": f"{totp(device.bin_key):06d}",
    }
    assert client.post("/admin/login/", form).status_code == 302
    assert client.get("/admin/").status_code == 302
    response = client.post("/de/office/login/", form)
    assert response.status_code == 200 and "sessionid" not in response.cookies


def test_a_verified_administrator_reaches_the_admin_through_the_office_login(client, administrator):
    login_url = client.get("/admin/login/", {"next": "/admin/reporting/auditevent/"})["Location"]
    password_step = client.post(
        login_url, {"username": administrator.username, "password": PASSWORD}
    )
    assert split(password_step["Location"]) == (
        "/de/office/login/second-factor/",
        {"next": "/admin/reporting/auditevent/"},
    )
    client.get("/de/office/")  # not verified yet: back to the login
    response = client.post(password_step["Location"], {"code": administrator.backup_codes.pop()})
    assert response["Location"] == "/admin/reporting/auditevent/"
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/reporting/auditevent/").status_code == 200
    # Logged in already: the admin login sends back to where it was asked to.
    assert client.get("/admin/login/", {"next": "/admin/auth/"})["Location"] == "/admin/auth/"


def test_the_office_login_ignores_an_unsafe_next(client, administrator):
    response = office_login(client, administrator, "/de/office/login/?next=https://evil.example/")
    assert response["Location"] == "/de/office/"


def test_admin_logout_destroys_the_session_and_the_key_cookie(client, administrator):
    office_login(client, administrator)
    assert client.cookies[KEY_COOKIE].value
    session_key = client.cookies["sessionid"].value
    assert client.get("/admin/logout/").status_code == 405
    response = client.post("/admin/logout/")
    assert response.status_code == 302 and split(response["Location"])[0] == "/de/office/login/"
    assert response.cookies[KEY_COOKIE].value == ""
    assert response.cookies[KEY_COOKIE]["max-age"] == 0
    assert not Session.objects.filter(session_key=session_key).exists()
    assert client.get("/admin/").status_code == 302


def test_admin_password_change_is_the_office_password_page(client, administrator):
    office_login(client, administrator)
    for url in ("/admin/password_change/", "/admin/password_change/done/"):
        assert client.get(url)["Location"] == "/de/office/password/"
    new = "ein-neues-langes-passwort-7"
    response = client.post(
        "/admin/password_change/",
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
    )
    assert response.status_code == 302 and response["Location"] == "/de/office/password/"
    administrator.refresh_from_db()
    assert administrator.check_password(PASSWORD)  # Django's form did not run
    assert KeyGrant.objects.filter(user=administrator).exists()


def test_admin_reset_names_the_administrator_in_the_audit_event(client, administrator, make_staff):
    from reporting.admin import _acting_administrator

    caseworker = make_staff(Role.CASEWORKER)
    office_login(client, administrator)
    response = client.post(
        f"/admin/auth/user/{caseworker.pk}/password/",
        {"password1": "reset-passwort-lang-9", "password2": "reset-passwort-lang-9"},
    )
    assert response.status_code == 302
    event = AuditEvent.objects.get(verb=AuditEvent.Verb.KEYS_DROPPED, subject=caseworker)
    assert event.actor == administrator
    assert _acting_administrator.get() is None


def test_administrators_of_a_member_organisation_get_no_admin(client, make_staff, make_member):
    member = make_member("Beratung Ohne Admin (fiktiv)", partner=False)
    member_admin = make_staff(Role.ADMINISTRATOR, organisation=member)
    caseworker = make_staff(Role.CASEWORKER)
    assert not (member_admin.is_staff or member_admin.is_superuser)
    office_login(client, member_admin)
    for url in (
        "/admin/",
        "/admin/reporting/auditevent/",
        f"/admin/auth/user/{caseworker.pk}/password/",
    ):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
    response = client.post(
        f"/admin/auth/user/{caseworker.pk}/password/",
        {"password1": "reset-passwort-lang-9", "password2": "reset-passwort-lang-9"},
    )
    assert response.status_code == 302
    assert KeyGrant.objects.filter(user=caseworker).exists()
    assert not AuditEvent.objects.filter(verb=AuditEvent.Verb.KEYS_DROPPED).exists()


def test_the_admin_still_needs_the_second_factor(administrator):
    client = Client()
    client.post("/de/office/login/", {"username": administrator.username, "password": PASSWORD})
    assert client.get("/admin/").status_code == 302


def test_unlocking_in_the_admin_and_creating_staff_are_audited(
    client, administrator, make_staff, settings
):
    caseworker = make_staff(Role.CASEWORKER)
    created = AuditEvent.objects.get(verb=AuditEvent.Verb.STAFF_CREATED, subject=caseworker)
    assert created.actor is None  # made by make_staff, as by `manage.py staff create`
    for _ in range(settings.LOGIN_FAILURES_BEFORE_LOCK):
        client.post("/de/office/login/", {"username": caseworker.username, "password": "x"})
    profile = StaffProfile.objects.get(user=caseworker)
    assert profile.locked_until is not None
    office_login(client, administrator)
    response = client.post(
        "/admin/reporting/staffprofile/",
        {"action": "unlock", "_selected_action": [profile.pk]},
    )
    assert response.status_code == 302
    profile.refresh_from_db()
    assert profile.locked_until is None and profile.failed_logins == 0
    unlocked = AuditEvent.objects.get(verb=AuditEvent.Verb.ACCOUNT_UNLOCKED)
    assert (unlocked.actor, unlocked.subject) == (administrator, caseworker)
