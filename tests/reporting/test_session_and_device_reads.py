"""The compiled reads behind every staff request: the session and the second-factor device."""

from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice

from reporting.otp_middleware import OTPMiddleware
from reporting.permissions import Role
from reporting.sessions import SessionStore

pytestmark = pytest.mark.django_db


def test_a_live_session_loads_and_an_expired_or_unknown_one_is_empty():
    live = SessionStore()
    live["who"] = "staff"
    live.save()
    assert SessionStore(live.session_key).load() == {"who": "staff"}

    Session.objects.filter(pk=live.session_key).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )
    expired = SessionStore(live.session_key)
    assert expired.load() == {}
    assert expired.session_key is None  # a new session would get a new key

    unknown = SessionStore("x" * 32)
    assert unknown.load() == {} and unknown.session_key is None


def test_the_device_is_read_from_a_well_formed_persistent_id_only(make_staff):
    user = make_staff(Role.CASEWORKER)
    device = StaticDevice.objects.get(user=user)
    middleware = OTPMiddleware(lambda request: None)
    assert middleware._device_from_persistent_id(device.persistent_id) == device
    for forged in (
        "",
        "otp_static.staticdevice/",
        "otp_static.staticdevice/abc",
        f"otp_static.staticdevice/{2**70}",
        f"otp_static.nosuchdevice/{device.pk}",
        f"auth.user/{user.pk}",  # a model, but not a device
        f"otp_static.staticdevice/{device.pk + 1000}",
        "../../etc/passwd",
    ):
        assert middleware._device_from_persistent_id(forged) is None, forged
