"""The shared cache: Django's database cache with an atomic, expiry-keeping `incr`
(rate-limit counters), and Django's Redis cache that degrades when Redis is down.

Database cache
--------------

Django's `DatabaseCache.incr` is `get` followed by `set`: five statements in two
transactions, a `SELECT COUNT(*)` over the whole table on every call, and two
requests at the same moment can both read 3 and both write 4. `set` also
replaces the key's expiry with the default timeout (300 s), so a counter for a
one-hour window could vanish five minutes after its last hit.

Here `incr` is a compare-and-swap: read the row, then
`UPDATE … SET value = new WHERE cache_key = key AND value = old`. If another
request changed the value in between, no row matches and the increment is tried
again on the new value, so no count is lost (PostgreSQL re-checks the WHERE
clause on the newest row version after waiting for a concurrent update; SQLite
has one writer at a time). Two statements in autocommit, no explicit transaction;
the expiry stays where `add` put it, as with Redis's INCR. The stored format
(base64 of a pickle) is Django's, so every other cache call and
`createcachetable` work unchanged.

Redis cache
-----------
Redis is a second service that can fail while the database serves. Reporting must
go on then: reads miss, writes are dropped, and `incr` and `count` raise
CacheUnavailable, on which the rate limiter lets the request through
(web/ratelimit.py). Each failure is logged with the exception's class only;
its message can hold the URL.
"""

import base64
import logging
import pickle
from functools import cached_property

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.db import DatabaseCache as DjangoDatabaseCache
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.db import connections, router
from django.utils.timezone import now as tz_now
from redis import RedisError

logger = logging.getLogger(__name__)

_CAS_ATTEMPTS = 100  # each failed attempt means another request counted


class CacheUnavailable(Exception):
    """The cache could not count: the caller decides whether to go on without it."""


class DatabaseCache(DjangoDatabaseCache):
    def incr(self, key, delta=1, version=None):
        key = self.make_and_validate_key(key, version=version)
        db = router.db_for_write(self.cache_model_class)
        connection = connections[db]
        quote_name = connection.ops.quote_name
        table = quote_name(self._table)
        value_column, key_column = quote_name("value"), quote_name("cache_key")
        select = (
            f"SELECT {value_column} FROM {table} "  # noqa: S608
            f"WHERE {key_column} = %s AND {quote_name('expires')} > %s"
        )
        # As in Django's has_key: an expired row counts as missing.
        now = connection.ops.adapt_datetimefield_value(tz_now().replace(microsecond=0, tzinfo=None))
        update = (
            f"UPDATE {table} SET {value_column} = %s "  # noqa: S608
            f"WHERE {key_column} = %s AND {value_column} = %s"
        )
        with connection.cursor() as cursor:
            for _attempt in range(_CAS_ATTEMPTS):
                cursor.execute(select, [key, now])
                row = cursor.fetchone()
                if row is None:
                    raise ValueError(f"Key '{key}' not found")
                stored = connection.ops.process_clob(row[0])
                value = pickle.loads(base64.b64decode(stored.encode())) + delta  # noqa: S301 - Django's own format
                new = base64.b64encode(pickle.dumps(value, self.pickle_protocol)).decode("latin1")
                cursor.execute(update, [new, key, stored])
                if cursor.rowcount == 1:
                    return value
        raise RuntimeError(f"Key '{key}' kept changing; not counted")


_COUNT_SCRIPT = """
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
return count
"""


def _unavailable(operation: str, exc: Exception) -> None:
    logger.warning("Cache unavailable, %s skipped (%s)", operation, type(exc).__name__)


class RedisCache(DjangoRedisCache):
    def get(self, key, default=None, version=None):
        try:
            return super().get(key, default, version)
        except RedisError as exc:
            _unavailable("get", exc)
            return default

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            super().set(key, value, timeout, version)
        except RedisError as exc:
            _unavailable("set", exc)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().add(key, value, timeout, version)
        except RedisError as exc:
            _unavailable("add", exc)
            return False

    def delete(self, key, version=None):
        try:
            return super().delete(key, version)
        except RedisError as exc:
            _unavailable("delete", exc)
            return False

    def incr(self, key, delta=1, version=None):
        try:
            return super().incr(key, delta, version)
        except RedisError as exc:
            _unavailable("incr", exc)
            raise CacheUnavailable from exc

    @cached_property
    def _writer(self):
        """Django builds a client per call (a sixth of a count's time); this one is kept.
        It takes connections from the process's pool, so it is safe in threads."""
        return self._cache.get_client(write=True)

    def count(self, key, window: int) -> int:
        """Add one to a rate-limit counter and return it; the first count of a window
        sets its expiry. One atomic command, where `incr` + `add` take two or three."""
        key = self.make_and_validate_key(key)
        try:
            return self._writer.eval(_COUNT_SCRIPT, 1, key, window)
        except RedisError as exc:
            _unavailable("count", exc)
            raise CacheUnavailable from exc
