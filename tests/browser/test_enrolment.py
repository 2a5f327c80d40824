"""The authenticator set-up page in Chromium: fits a phone, axe-clean in German and
Arabic, the QR code drawn and visible, and the backup codes after the first code."""

import os

import pytest
from django.contrib.auth import get_user_model
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from reporting.services.second_factor import second_factor_reset
from reporting.vocabulary.roles import Role
from tests.logins import STAFF_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SIZES = [{"width": 360, "height": 740}, {"width": 1366, "height": 768}]
SCREENSHOTS = os.environ.get("MELDESTELLE_SCREENSHOTS")


@pytest.mark.parametrize("language", ["de", "ar"])
def test_setting_up_the_app_fits_a_phone_and_is_accessible(
    new_context, live_server, axe_check, make_staff, language
):
    user = make_staff(Role.CASEWORKER)
    second_factor_reset(users=get_user_model().objects.filter(pk=user.pk), actor=None)
    page = new_context(javascript=True, viewport=SIZES[0]).new_page()
    page.goto(f"{live_server.url}/{language}/office/login/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", STAFF_PASSWORD)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    assert page.url.endswith(f"/{language}/office/login/second-factor/set-up/")
    for size in SIZES:
        page.set_viewport_size(size)
        assert page.evaluate("document.documentElement.scrollWidth") <= size["width"]
        box = page.locator("svg.qr").bounding_box()
        assert box and 150 <= box["width"] <= size["width"] and box["width"] == box["height"]
        if SCREENSHOTS:
            page.screenshot(
                path=f"{SCREENSHOTS}/enrol-{language}-{size['width']}.png", full_page=True
            )
    axe_check(page)
    device = TOTPDevice.objects.get(user=user)
    page.fill("input[name=code]", f"{totp(device.bin_key):06d}")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    assert page.locator(".backup-codes li").count() == 10
    page.set_viewport_size(SIZES[0])
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    axe_check(page)
    if SCREENSHOTS:
        page.screenshot(path=f"{SCREENSHOTS}/backup-codes-{language}-360.png", full_page=True)
