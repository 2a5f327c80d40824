"""The page where a staff user without an authenticator app sets one up (issue 21),
and the administrator's reset that sends a user there again."""

import base64
import re
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
import segno
from django.contrib.auth import get_user_model
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from frontend.office.qr import QUIET_ZONE
from reporting.models import AuditEvent
from reporting.services.second_factor import second_factor_reset
from reporting.services.staff_login import SecondFactorRefused
from reporting.vocabulary.roles import Role
from tests.logins import STAFF_PASSWORD, staff_login

pytestmark = pytest.mark.django_db
ENROL = "/de/office/login/second-factor/set-up/"


@pytest.fixture
def newcomer(make_staff):
    """A caseworker whose second factor an administrator reset."""
    user = make_staff(Role.CASEWORKER)
    second_factor_reset(users=get_user_model().objects.filter(pk=user.pk), actor=None)
    return user


def _password_step(client, user, language="de"):
    response = client.post(
        f"/{language}/office/login/", {"username": user.username, "password": STAFF_PASSWORD}
    )
    assert response.status_code == 302
    return client.get(f"/{language}/office/login/second-factor/")


def _modules(svg: str) -> set[tuple[int, int]]:
    """The dark modules of segno's one-path SVG ("M x y" then "h n" runs and "m dx dy"
    moves; each run is drawn along the middle of its row, hence y + 0.5)."""
    path = re.search(r'<path [^>]*d="([^"]+)"', svg).group(1)
    x = y = 0.0
    dark = set()
    for command, args in re.findall(r"([MmHh])([-\d. ]+)", path):
        numbers = [float(n) for n in args.split()]
        if command == "M":
            x, y = numbers
        elif command == "m":
            x, y = x + numbers[0], y + numbers[1]
        else:
            dark.update((int(x) + i, int(y - 0.5)) for i in range(int(numbers[0])))
            x += numbers[0]
    return dark


def test_a_user_without_an_app_is_sent_from_the_code_page_to_the_set_up(client, newcomer):
    response = _password_step(client, newcomer)
    assert response.status_code == 302 and response["Location"] == ENROL


def test_the_page_shows_the_secret_and_a_qr_code_of_the_otpauth_uri(client, newcomer):
    _password_step(client, newcomer)
    response = client.get(ENROL)
    page = response.content.decode()
    assert response["Cache-Control"].count("no-store") == 1
    device = TOTPDevice.objects.get(user=newcomer, confirmed=False)
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    shown = re.search(r'<code dir="ltr" translate="no">([A-Z2-7 ]+)</code>', page).group(1)
    assert shown.replace(" ", "") == secret
    svg = re.search(r"<svg .*?</svg>", page, re.S).group(0)
    assert "style" not in svg and "<script" not in page
    uri = (
        f"otpauth://totp/Meldestelle%3A{newcomer.username}"
        f"?secret={secret}&algorithm=SHA1&digits=6&period=30&issuer=Meldestelle"
    )
    expected = segno.make(uri, error="m", micro=False)
    dark = {
        (x + QUIET_ZONE, y + QUIET_ZONE)
        for y, row in enumerate(expected.matrix)
        for x, bit in enumerate(row)
        if bit
    }
    assert _modules(svg) == dark
    parts = urlsplit(uri)
    assert (parts.scheme, unquote(parts.path)) == ("otpauth", f"/Meldestelle:{newcomer.username}")
    assert parse_qs(parts.query)["secret"] == [secret]


@pytest.mark.parametrize("language", ["de", "ar"])
def test_the_page_is_in_the_viewers_language(client, newcomer, language):
    _password_step(client, newcomer, language)
    page = client.get(f"/{language}/office/login/second-factor/set-up/").content.decode()
    assert "Set up your authenticator app" not in page and "Scan this QR code" not in page
    if language == "de":
        assert "Authenticator-App einrichten" in page


def test_a_wrong_code_keeps_the_page_and_confirms_nothing(client, newcomer):
    _password_step(client, newcomer)
    client.get(ENROL)
    device = TOTPDevice.objects.get(user=newcomer)
    wrong = f"{(totp(device.bin_key) + 1) % 1_000_000:06d}"
    response = client.post(ENROL, {"code": wrong})
    assert response.status_code == 200
    assert response.context["form"].errors["code"] == [str(SecondFactorRefused.message)]
    assert not TOTPDevice.objects.get(pk=device.pk).confirmed
    assert client.get("/de/office/").status_code == 302


def test_the_first_code_signs_in_and_shows_the_backup_codes_once(client, newcomer):
    _password_step(client, newcomer)
    client.get(ENROL)
    device = TOTPDevice.objects.get(user=newcomer)
    response = client.post(ENROL, {"code": f"{totp(device.bin_key):06d}"})
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    codes = response.context["codes"]
    page = response.content.decode()
    assert len(codes) == 10 and all(code in page for code in codes)
    assert client.get("/de/office/").status_code == 200
    assert client.get(ENROL).status_code == 404  # shown once: the page is gone
    event = AuditEvent.objects.get(verb=AuditEvent.Verb.TOTP_ENROLLED)
    assert event.subject == newcomer and device.key not in str(AuditEvent.objects.values())


def test_nobody_else_reaches_the_page(client, make_staff):
    assert client.get(ENROL)["Location"] == "/de/office/login/"
    enrolled = make_staff(Role.CASEWORKER)
    _password_step(client, enrolled)
    assert client.get(ENROL).status_code == 404
    staff_login(client, enrolled)
    assert client.get(ENROL).status_code == 404
    assert not TOTPDevice.objects.filter(user=enrolled, confirmed=False).exists()


def test_an_administrator_resets_a_user_in_the_admin(client, make_staff):
    administrator = make_staff(Role.ADMINISTRATOR)
    user = make_staff(Role.CASEWORKER)
    staff_login(client, administrator)
    response = client.post(
        "/admin/auth/user/", {"action": "reset_second_factor", "_selected_action": [user.pk]}
    )
    assert response.status_code == 302
    assert not user.totpdevice_set.exists() and not user.staticdevice_set.exists()
    event = AuditEvent.objects.get(verb=AuditEvent.Verb.SECOND_FACTOR_RESET)
    assert (event.actor, event.subject) == (administrator, user)
