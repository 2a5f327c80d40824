"""The compiled reads behind every staff request: the session and the second-factor device."""

from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice

from performance.otp_middleware import OTPMiddleware
from performance.sessions import SessionStore
from reporting.vocabulary.roles import Role

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


def test_an_expired_session_row_is_deleted_when_its_browser_returns():
    stale = SessionStore()
    stale["sealed_secrets"] = {"organisation_keys": "c2VhbGVk"}
    stale.save()
    Session.objects.filter(pk=stale.session_key).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )
    assert SessionStore(stale.session_key).load() == {}
    assert not Session.objects.filter(pk=stale.session_key).exists()


def test_the_daily_task_sweeps_expired_sessions_and_keeps_live_ones():
    from reporting.tasks import retention_daily

    live, stale = SessionStore(), SessionStore()
    for session in (live, stale):
        session["sealed_secrets"] = {"organisation_keys": "c2VhbGVk"}
        session.save()
    Session.objects.filter(pk=stale.session_key).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )
    retention_daily.func()
    assert list(Session.objects.values_list("pk", flat=True)) == [live.session_key]


def test_the_key_cookie_of_an_expired_staff_session_is_deleted(client, make_staff):
    from tests.logins import staff_login
    from web.keysession import KEY_COOKIE

    staff_login(client, make_staff(Role.CASEWORKER))
    assert client.cookies[KEY_COOKIE].value
    assert "ms_key" not in client.get("/de/office/").cookies  # a live session keeps it
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))
    response = client.get("/de/office/")
    assert response.status_code == 302
    assert response.cookies[KEY_COOKIE].value == ""
    assert response.cookies[KEY_COOKIE]["max-age"] == 0
    assert not Session.objects.exists()
