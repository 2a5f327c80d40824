"""The second factor: one field for a code from the authenticator app or a backup code;
the server picks the device (issue 21: an empty device select failed the first try)."""

import pytest
from django_otp.oath import totp

from reporting.services.staff_login import SecondFactorRefused
from reporting.vocabulary.roles import Role
from tests.logins import STAFF_PASSWORD

pytestmark = pytest.mark.django_db
SECOND_FACTOR = "/de/office/login/second-factor/"


@pytest.fixture
def caseworker(make_staff):
    return make_staff(Role.CASEWORKER)


def _password_step(client, user, language="de"):
    response = client.post(
        f"/{language}/office/login/", {"username": user.username, "password": STAFF_PASSWORD}
    )
    assert response.status_code == 302


@pytest.mark.parametrize("language", ["de", "ar"])
def test_the_page_asks_for_one_code_in_the_viewers_language(client, caseworker, language):
    _password_step(client, caseworker, language)
    page = client.get(f"/{language}/office/login/second-factor/").content.decode()
    assert "<select" not in page and 'name="otp_device"' not in page
    assert page.count('name="code"') == 1
    assert "Otp" not in page and "OTP" not in page
    if language == "de":
        assert "Sechs Ziffern aus Ihrer Authenticator-App" in page


def test_a_code_from_the_app_passes_at_the_first_try(client, caseworker):
    _password_step(client, caseworker)
    code = f"{totp(caseworker.totpdevice_set.get().bin_key):06d}"
    response = client.post(SECOND_FACTOR, {"code": f"{code[:3]} {code[3:]}"})
    assert response.status_code == 302 and response["Location"] == "/de/office/"


def test_a_backup_code_passes_once(client, caseworker):
    code = caseworker.backup_codes[0]
    _password_step(client, caseworker)
    assert client.post(SECOND_FACTOR, {"code": code.upper()}).status_code == 302
    client.post("/de/office/logout/")
    _password_step(client, caseworker)
    response = client.post(SECOND_FACTOR, {"code": code})
    assert response.status_code == 200
    assert response.context["form"].errors["code"] == [str(SecondFactorRefused.message)]


def test_wrong_app_codes_do_not_throttle_the_backup_codes(client, caseworker):
    """Only the device the code's shape names is tried, so only its throttle counts."""
    _password_step(client, caseworker)
    for guess in ("000000", "111111", "222222"):
        assert client.post(SECOND_FACTOR, {"code": guess}).status_code == 200
    assert caseworker.totpdevice_set.get().throttling_failure_count >= 1
    assert caseworker.staticdevice_set.get().throttling_failure_count == 0
    assert client.post(SECOND_FACTOR, {"code": caseworker.backup_codes[0]}).status_code == 302


def test_another_users_code_is_refused(client, caseworker, make_staff):
    other = make_staff(Role.CASEWORKER)
    _password_step(client, caseworker)
    assert client.post(SECOND_FACTOR, {"code": other.backup_codes[0]}).status_code == 200
    assert client.get("/de/office/").status_code == 302
