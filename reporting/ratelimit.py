"""Fixed-window rate limits in the shared cache, keyed by the client hash."""

import time

from django.conf import settings
from django.core.cache import cache


def _key(name: str, client_hash: str, window: int) -> str:
    return f"rl:{name}:{client_hash}:{int(time.time()) // window}"


def limit_reached(name: str, client_hash: str) -> bool:
    limit, window = settings.RATE_LIMITS[name]
    return (cache.get(_key(name, client_hash, window)) or 0) >= limit


def record_hit(name: str, client_hash: str) -> int:
    """Count one event and return the count in this window.

    Atomic on Redis; the database cache's incr is a read and a write, so a burst of
    parallel requests can lose a few counts there (docs/operations.md: use Redis).
    """
    _limit, window = settings.RATE_LIMITS[name]
    key = _key(name, client_hash, window)
    if cache.add(key, 1, timeout=window):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window)
        return 1


def hit(name: str, client_hash: str) -> bool:
    """Count one event; True if it is still within the limit."""
    limit, _window = settings.RATE_LIMITS[name]
    return record_hit(name, client_hash) <= limit
