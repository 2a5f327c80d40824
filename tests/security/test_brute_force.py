"""Guessing receipt codes (and second factors): failures are counted per client bucket
(the keyed hash of the address, /64 for IPv6), a throttled bucket refuses even the right
code until the window has passed, successes are not counted, and headers a client can
set itself do not open a new bucket.
"""

import datetime

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from django.test.client import RequestFactory

from tests.security.conftest import PASSWORD, body_of
from web.client_privacy import ClientPrivacyMiddleware

pytestmark = pytest.mark.django_db

WRONG = "1234 5678 9012 3456"


def limit() -> tuple[int, int]:
    return settings.RATE_LIMITS["receipt_login_failure"]


def bucket(address: str) -> str:
    request = RequestFactory().get("/", REMOTE_ADDR=address)
    ClientPrivacyMiddleware(lambda r: None)(request)
    return request.client_hash


def attempt(code: str, address: str = "198.51.100.7", **headers):
    return Client(REMOTE_ADDR=address).post("/de/receipt/", {"code": code}, **headers)


def exhaust(address: str = "198.51.100.7", count: int | None = None):
    for _ in range(limit()[0] if count is None else count):
        assert attempt(WRONG, address).status_code == 400


def test_wrong_codes_are_throttled_and_then_the_right_code_too(world):
    exhaust()
    assert attempt(WRONG).status_code == 429
    response = attempt(world.x.receipt_code)
    assert response.status_code == 429
    assert "sessionid" not in response.cookies
    assert "Geheim" not in body_of(response)


def test_throttle_is_not_tied_to_cookies_or_sessions(world):
    exhaust()
    fresh = Client(REMOTE_ADDR="198.51.100.7")  # no cookies, a new "browser"
    assert fresh.post("/de/receipt/", {"code": world.x.receipt_code}).status_code == 429


SPOOFABLE = ("HTTP_X_FORWARDED_FOR", "HTTP_X_REAL_IP", "HTTP_FORWARDED", "HTTP_CLIENT_IP",
             "HTTP_TRUE_CLIENT_IP", "HTTP_CF_CONNECTING_IP", "HTTP_USER_AGENT")  # fmt: skip


def test_client_set_headers_do_not_open_a_new_bucket(world):
    exhaust()
    for header in SPOOFABLE:
        value = "for=203.0.113.99" if header == "HTTP_FORWARDED" else "203.0.113.99"
        response = attempt(world.x.receipt_code, **{header: value})
        assert response.status_code == 429, header


def test_other_clients_are_not_locked_out(world):
    assert bucket("198.51.100.7") != bucket("192.0.2.44")
    exhaust("198.51.100.7")
    assert attempt(world.x.receipt_code, "192.0.2.44").status_code == 302


def test_ipv6_neighbours_in_one_64_share_a_bucket(world):
    same, other = "2001:db8:1:2::ffff", "2001:db8:1:3::1"
    assert bucket("2001:db8:1:2::1") == bucket(same) != bucket(other)
    for host in range(1, limit()[0] + 1):
        assert attempt(WRONG, f"2001:db8:1:2::{host:x}").status_code == 400
    assert attempt(world.x.receipt_code, same).status_code == 429
    assert attempt(world.x.receipt_code, other).status_code == 302


def test_the_right_code_works_again_after_the_window(world):
    exhaust()
    with time_machine.travel(
        datetime.datetime.now(tz=datetime.UTC) + datetime.timedelta(seconds=limit()[1] + 1)
    ):
        assert attempt(world.x.receipt_code).status_code == 302


def test_only_failures_count(world):
    for _ in range(limit()[0] + 1):
        assert attempt(world.x.receipt_code).status_code == 302
    exhaust(count=limit()[0] - 1)
    assert attempt(world.x.receipt_code).status_code == 302


def test_malformed_codes_count_as_failures_too(world):
    """Not only well-formed guesses: every refused code counts."""
    for code in ["0", "abc", "1" * 15, "1" * 17, "١٢٣٤"] * 2:
        assert attempt(code).status_code == 400
    assert attempt(world.x.receipt_code).status_code == 429


def test_wrong_codes_all_look_the_same(world):
    """No oracle: a well-formed unknown code and a malformed one give the same answer."""
    errors = {
        code: attempt(code, f"192.0.2.{i}").context["form"].errors.get("code")
        for i, code in enumerate(
            [WRONG, "12", "abcd efgh ijkl mnop", world.x.receipt_code[:-1] + "x"]
        )
    }
    assert len({tuple(e) for e in errors.values()}) == 1


def test_second_factor_guessing_is_throttled(world):
    """After wrong backup codes the right one is refused for a while (django-otp throttling)."""
    user = world.member_caseworker
    client = Client()
    response = client.post("/de/office/login/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    for guess in ("aaaaaaaa", "bbbbbbbb", "cccccccc"):
        assert client.post("/de/office/login/second-factor/", {"code": guess}).status_code == 200
    right = {"code": user.backup_codes[0]}
    assert client.post("/de/office/login/second-factor/", right).status_code == 200
    assert client.get("/api/v1/me/").status_code == 403
