"""The Redis cache (REDIS_URL): rate limits count there, and reporting goes on without it.

The counting tests need Redis at 127.0.0.1:6379 (database 15, keys under a prefix of
their own); they skip without it unless MELDESTELLE_REQUIRE_REDIS=1 (CI). The tests of
an unreachable Redis point at a closed port and need nothing.
"""

import logging
import os
import socket
import threading
import uuid

import pytest
from django.core.cache import caches

from performance.cache import CacheUnavailable
from reporting.models import Report
from tests.factories import api_payload, form_data
from web import ratelimit

pytestmark = pytest.mark.django_db
REDIS = ("127.0.0.1", 6379)
TIMEOUTS = {"socket_connect_timeout": 1, "socket_timeout": 1}


def _redis_cache(settings, location: str):
    settings.CACHES = {
        "default": {
            "BACKEND": "performance.cache.RedisCache",
            "LOCATION": location,
            "KEY_PREFIX": f"test-{uuid.uuid4().hex}",
            "OPTIONS": TIMEOUTS,
        }
    }
    return caches["default"]


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]  # nothing listens once the socket is closed


@pytest.fixture
def redis_cache(settings):
    try:
        socket.create_connection(REDIS, timeout=1).close()
    except OSError:
        reason = "Redis is not running at 127.0.0.1:6379"
        if os.environ.get("MELDESTELLE_REQUIRE_REDIS") == "1":
            pytest.fail(reason, pytrace=False)
        pytest.skip(reason)
    return _redis_cache(settings, f"redis://{REDIS[0]}:{REDIS[1]}/15")


@pytest.fixture
def redis_down(settings):
    return _redis_cache(settings, f"redis://127.0.0.1:{_closed_port()}/0")


def test_the_rate_limit_counts_in_redis_with_the_window_as_expiry(redis_cache, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "report_submit": (3, 3600)}
    assert [ratelimit.hit("report_submit", "client-a") for _ in range(4)] == [
        True,
        True,
        True,
        False,
    ]
    assert ratelimit.hit("report_submit", "client-b")  # another client has its own count
    key = ratelimit._key("report_submit", "client-a", 3600)
    ttl = redis_cache._cache.get_client().ttl(redis_cache.make_and_validate_key(key))
    assert 3590 < ttl <= 3600


def test_concurrent_hits_lose_no_count(redis_cache):
    def hits():
        for _ in range(25):
            ratelimit.record_hit("report_submit", "shared-address")

    threads = [threading.Thread(target=hits) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert ratelimit.record_hit("report_submit", "shared-address") == 101


def test_without_redis_reads_miss_and_writes_are_dropped(redis_down, caplog):
    with caplog.at_level(logging.WARNING, logger="performance.cache"):
        redis_down.set("key", 1)
        assert redis_down.get("key", "default") == "default"
        assert redis_down.add("key", 1) is False
        assert redis_down.delete("key") is False
        assert redis_down.get_or_set("key", lambda: "computed") == "computed"
        with pytest.raises(CacheUnavailable):
            redis_down.incr("key")
    assert caplog.messages[0] == "Cache unavailable, set skipped (ConnectionError)"
    assert "127.0.0.1" not in caplog.text  # the class only: the message names the host


def test_without_redis_nothing_is_counted_and_nothing_is_refused(redis_down, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "report_submit": (1, 3600)}
    assert ratelimit.record_hit("report_submit", "client") == 0
    assert all(ratelimit.hit("report_submit", "client") for _ in range(3))
    assert not ratelimit.limit_reached("report_submit", "client")


def test_without_redis_reports_are_still_taken(redis_down, client, association_keyring):
    api = client.post("/api/v1/public/reports/", api_payload(), content_type="application/json")
    form = client.post("/de/report/", form_data(), headers={"Sec-Fetch-Site": "same-origin"})
    assert api.status_code == 201
    assert form.status_code == 200 and "group" in form.content.decode()
    assert Report.objects.count() == 2


def test_redis_holds_no_address_or_browser_after_a_journey(
    redis_cache, client, settings, association_keyring
):
    """What a Redis dump would show: the keyed client hash in rate-limit keys, never the
    address, the browser or the referer."""
    settings.TRUSTED_PROXY_COUNT = 1
    marks = {"address": "198.51.100.231", "browser": "Redis-Marker-Browser/7.3"}
    headers = {
        "HTTP_X_FORWARDED_FOR": marks["address"],
        "HTTP_USER_AGENT": marks["browser"],
        "HTTP_REFERER": "https://referer-marker.invalid/",
        "HTTP_SEC_FETCH_SITE": "same-origin",
    }
    assert client.post("/de/report/", form_data(), **headers).status_code == 200
    assert (
        client.post("/de/receipt/", {"code": "1234 5678 1234 5678"}, **headers).status_code == 400
    )

    redis = redis_cache._cache.get_client()
    keys = list(redis.scan_iter(match=f"{redis_cache.key_prefix}:*"))
    assert any(b":rl:report_submit:" in key for key in keys)
    assert any(b":rl:receipt_login_failure:" in key for key in keys)
    dump = b"".join(keys + [redis.dump(key) or b"" for key in keys])
    for needle in (*marks.values(), "198.51.100", "referer-marker"):
        assert needle.encode() not in dump
