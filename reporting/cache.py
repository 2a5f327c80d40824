"""Django's database cache with an atomic, expiry-keeping `incr` (rate-limit counters).

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
"""

import base64
import pickle

from django.core.cache.backends.db import DatabaseCache as DjangoDatabaseCache
from django.db import connections, router
from django.utils.timezone import now as tz_now

_CAS_ATTEMPTS = 100  # each failed attempt means another request counted


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
