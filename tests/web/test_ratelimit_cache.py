"""Rate-limit counters in the database cache (performance.cache.DatabaseCache, the default)."""

import base64
import datetime
import pickle

import pytest
import time_machine
from django.core.cache import caches
from django.core.management import call_command
from django.db import connection

from web import ratelimit

pytestmark = pytest.mark.django_db
TABLE = "meldestelle_cache"


@pytest.fixture
def db_cache(settings):
    settings.CACHES = {"default": {"BACKEND": "performance.cache.DatabaseCache", "LOCATION": TABLE}}
    call_command("createcachetable", verbosity=0)
    cache = caches["default"]
    cache.clear()
    return cache


def stored_expiry(cache, key):
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT expires FROM {TABLE} WHERE cache_key = %s",  # noqa: S608
            [cache.make_key(key)],
        )
        return cursor.fetchone()[0]


def test_incr_adds_and_keeps_the_expiry(db_cache):
    assert db_cache.add("counter", 1, timeout=3600)
    expires = stored_expiry(db_cache, "counter")
    assert db_cache.incr("counter") == 2
    assert db_cache.incr("counter", 3) == 5
    assert db_cache.get("counter") == 5  # Django's own format, read by Django's get
    assert stored_expiry(db_cache, "counter") == expires  # Django's incr reset it to 300 s


def test_incr_of_a_missing_or_expired_key_raises(db_cache):
    with pytest.raises(ValueError):
        db_cache.incr("missing")
    db_cache.add("short", 1, timeout=60)
    with (
        time_machine.travel(datetime.datetime.now(tz=datetime.UTC) + datetime.timedelta(minutes=2)),
        pytest.raises(ValueError),
    ):
        db_cache.incr("short")


def test_incr_loses_no_count_when_another_request_writes_in_between(db_cache):
    """The compare-and-swap: a count written between our read and our write is kept."""
    db_cache.add("counter", 1, timeout=3600)
    other_request_done = False

    def another_request_counts_first(execute, sql, params, many, context):
        nonlocal other_request_done
        if sql.startswith("UPDATE") and not other_request_done:
            other_request_done = True
            # What a concurrent incr() would have stored: 1 -> 2.
            value = base64.b64encode(pickle.dumps(2)).decode()
            execute(
                f"UPDATE {TABLE} SET value = %s WHERE cache_key = %s",  # noqa: S608
                [value, db_cache.make_key("counter")],
                False,
                context,
            )
        return execute(sql, params, many, context)

    with connection.execute_wrapper(another_request_counts_first):
        assert db_cache.incr("counter") == 3
    assert other_request_done
    assert db_cache.get("counter") == 3


def test_rate_limit_counts_every_hit_with_two_queries(
    db_cache, settings, django_assert_num_queries
):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "report_submit": (3, 3600)}
    assert ratelimit.hit("report_submit", "abcde")  # opens the window
    with django_assert_num_queries(2):  # SELECT, UPDATE … WHERE value = old
        assert ratelimit.hit("report_submit", "abcde")
    assert ratelimit.hit("report_submit", "abcde")
    assert not ratelimit.hit("report_submit", "abcde")
    assert ratelimit.limit_reached("report_submit", "abcde")
    assert not ratelimit.limit_reached("report_submit", "fghij")


def test_a_new_window_starts_at_one(db_cache, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "report_submit": (1, 3600)}
    assert ratelimit.hit("report_submit", "abcde")
    assert not ratelimit.hit("report_submit", "abcde")
    with time_machine.travel(datetime.datetime.now(tz=datetime.UTC) + datetime.timedelta(hours=1)):
        assert ratelimit.hit("report_submit", "abcde")
