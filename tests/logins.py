"""Staff sign-in through the back-office pages, as a browser does it."""

from django.test import Client
from django_otp.oath import totp

STAFF_PASSWORD = "staff-password-123"  # make_staff's default (tests/conftest.py)


def staff_login(client: Client, user, *, second_factor=True) -> Client:
    """Password, then TOTP (a backup code when this 30 s TOTP window was used already:
    a code is valid once)."""
    response = client.post(
        "/de/office/login/", {"username": user.username, "password": STAFF_PASSWORD}
    )
    assert response.status_code == 302, response.content[:500]
    if second_factor:
        device = user.totpdevice_set.get()
        response = client.post(
            "/de/office/login/second-factor/", {"code": f"{totp(device.bin_key):06d}"}
        )
        if response.status_code == 200:
            response = client.post(
                "/de/office/login/second-factor/", {"code": user.backup_codes.pop()}
            )
        assert response.status_code == 302, response.content[:800]
    return client
