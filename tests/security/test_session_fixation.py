"""Session fixation: a session id (or key cookie) planted before a login is never the one
in use after it, and the planted one opens nothing afterwards. Logouts end the session
on the server, not only in the browser.
"""

import pytest
from django.contrib.sessions.models import Session
from django.test import Client

from tests.security.conftest import (
    NARRATIVE_X,
    NARRATIVE_Y,
    body_of,
    receipt_login,
    staff_login,
)

pytestmark = pytest.mark.django_db

FORGED = "a" * 32
KEY_COOKIE = "ms_key"


def planted(session_key: str, key_cookie: str | None = None) -> Client:
    victim = Client()
    victim.cookies["sessionid"] = session_key
    if key_cookie:
        victim.cookies[KEY_COOKIE] = key_cookie
    return victim


def attacker_with(session_key: str, key_cookie: str | None) -> Client:
    return planted(session_key, key_cookie)


def sessions_from(kind: str, world):
    """A live session the attacker owns: from their own receipt or staff login."""
    if kind == "forged":
        return FORGED, None
    if kind == "attacker_receipt":
        client = receipt_login(Client(), world.x.receipt_code)
    else:
        client = staff_login(Client(), world.administrator)
    return client.cookies["sessionid"].value, client.cookies[KEY_COOKIE].value


@pytest.mark.parametrize("source", ["forged", "attacker_receipt", "attacker_staff"])
def test_staff_login_never_keeps_a_planted_session(world, source):
    session_key, key_cookie = sessions_from(source, world)
    victim = staff_login(planted(session_key, key_cookie), world.caseworker)
    assert victim.cookies["sessionid"].value != session_key
    if key_cookie:
        assert victim.cookies[KEY_COOKIE].value != key_cookie
    assert not Session.objects.filter(session_key=session_key).exists()
    assert victim.get(f"/de/office/cases/{world.case_y.pk}/").status_code == 200
    attacker = attacker_with(session_key, key_cookie)
    assert attacker.get("/de/office/").status_code == 302
    assert attacker.get("/api/v1/me/").status_code == 403
    assert NARRATIVE_Y not in body_of(attacker.get(f"/api/v1/cases/{world.case_y.pk}/"))


def test_password_step_already_rotates(world):
    """The id changes at the password step, before the second factor is asked."""
    session_key, key_cookie = sessions_from("attacker_receipt", world)
    victim = planted(session_key, key_cookie)
    response = victim.post(
        "/de/office/login/",
        {"username": world.caseworker.username, "password": "staff-password-123"},
    )
    assert response.status_code == 302
    assert victim.cookies["sessionid"].value != session_key
    assert (
        attacker_with(session_key, key_cookie).get("/de/office/login/second-factor/").status_code
        == 302
    )


@pytest.mark.parametrize("source", ["forged", "attacker_receipt", "attacker_staff"])
def test_receipt_login_never_keeps_a_planted_session(world, source):
    session_key, key_cookie = sessions_from(source, world)
    victim = receipt_login(planted(session_key, key_cookie), world.y.receipt_code)
    assert victim.cookies["sessionid"].value != session_key
    if key_cookie:
        assert victim.cookies[KEY_COOKIE].value != key_cookie
    assert not Session.objects.filter(session_key=session_key).exists()
    assert NARRATIVE_Y in body_of(victim.get("/de/receipt/status/"))
    attacker = attacker_with(session_key, key_cookie)
    response = attacker.get("/de/receipt/status/")
    assert response.status_code == 302
    assert NARRATIVE_Y not in body_of(response)


def test_victim_session_with_attackers_key_cookie_opens_nothing(world):
    """Planting only the key cookie: the victim's secrets are sealed under a fresh key."""
    attacker_key = sessions_from("attacker_receipt", world)[1]
    victim = Client()
    victim.cookies[KEY_COOKIE] = attacker_key
    receipt_login(victim, world.y.receipt_code)
    assert victim.cookies[KEY_COOKIE].value != attacker_key


@pytest.mark.parametrize(
    ("kind", "logout", "probe"),
    [
        ("caseworker", "/de/office/logout/", "/de/office/"),
        ("partner_a", "/de/office/logout/", "/de/office/referrals/"),
        ("reporter_x", "/de/receipt/logout/", "/de/receipt/status/"),
    ],
)
def test_logout_ends_the_session_on_the_server(world, kind, logout, probe):
    client = world.client(kind)
    session_key = client.cookies["sessionid"].value
    key_cookie = client.cookies[KEY_COOKIE].value
    assert client.get(probe).status_code == 200
    assert client.post(logout).status_code == 302
    assert not Session.objects.filter(session_key=session_key).exists()
    replay = attacker_with(session_key, key_cookie)  # a copy of the cookies taken earlier
    response = replay.get(probe)
    assert response.status_code == 302
    assert NARRATIVE_X not in body_of(response)


TAMPERED_KEYS = {
    "random_key": "QUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUE=",
    "short_key": "QUFB",
    "not_base64": "***not-base64***",
    "non_ascii": "schlüssel",
    "empty": "",
}


@pytest.mark.parametrize("kind", ["caseworker", "reporter_x"])
@pytest.mark.parametrize("tampered", list(TAMPERED_KEYS))
def test_tampered_key_cookie_opens_nothing_and_does_not_crash(world, kind, tampered):
    client = world.client(kind, raise_request_exception=False)
    client.cookies[KEY_COOKIE] = TAMPERED_KEYS[tampered]
    if kind == "caseworker":
        response = client.get(f"/de/office/cases/{world.case_x.pk}/")
        assert response.status_code == 403  # "keys locked", never decrypted content
        download = client.get(f"/de/office/attachments/{world.attachment_x.pk}/")
        assert download.status_code == 403  # as the case page and the API: keys locked
        assert NARRATIVE_X not in body_of(download)
    else:
        response = client.get("/de/receipt/status/")
        assert response.status_code == 302
    assert NARRATIVE_X not in body_of(response)


@pytest.mark.parametrize("value", ["x", "a" * 40, "../../etc/passwd", "' OR 1=1 --", "ü" * 32])
def test_forged_session_ids_open_nothing(world, value):
    client = Client(raise_request_exception=False)
    client.cookies["sessionid"] = value
    assert client.get("/de/office/").status_code == 302
    assert client.get("/de/receipt/status/").status_code == 302
    assert client.get("/api/v1/me/").status_code == 403
