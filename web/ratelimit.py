"""Fixed-window rate limits in the shared cache, keyed by the client hash.

When the cache cannot count (Redis down: performance.cache), requests go through
uncounted: a person reporting discrimination is never turned away because of a
counter. The limits are a second line of defence; Argon2id per submission and per
receipt login, and 10^16 receipt codes, are the first (docs/decisions.md).
"""

import time

from django.conf import settings
from django.core.cache import cache

from performance.cache import CacheUnavailable


def _key(name: str, client_hash: str, window: int) -> str:
    return f"rl:{name}:{client_hash}:{int(time.time()) // window}"


def limit_reached(name: str, client_hash: str) -> bool:
    limit, window = settings.RATE_LIMITS[name]
    return (cache.get(_key(name, client_hash, window)) or 0) >= limit


def record_hit(name: str, client_hash: str) -> int:
    """Count one event and return the count in this window (0 if the cache cannot count).

    Atomic on Redis (performance.cache.RedisCache.count, one round trip) and on the
    database cache (performance.cache.DatabaseCache increments by compare-and-swap).
    Elsewhere the counter usually exists already, so `incr` comes first: two statements
    per event; `add` only opens a window.
    """
    _limit, window = settings.RATE_LIMITS[name]
    key = _key(name, client_hash, window)
    try:
        return _count(key, window)
    except CacheUnavailable:
        return 0


def _count(key: str, window: int) -> int:
    if hasattr(cache, "count"):  # performance.cache.RedisCache: one round trip
        return cache.count(key, window)
    for _attempt in range(3):
        try:
            return cache.incr(key)
        except ValueError:  # no counter in this window yet (or it just expired)
            if cache.add(key, 1, timeout=window):
                return 1
            # Another request opened the window in between: count on its row.
    return cache.incr(key)


def hit(name: str, client_hash: str) -> bool:
    """Count one event; True if it is still within the limit."""
    limit, _window = settings.RATE_LIMITS[name]
    return record_hit(name, client_hash) <= limit
