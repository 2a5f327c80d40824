"""Fixed-window rate limits in the shared cache, keyed by the client hash."""

import time

from django.conf import settings
from django.core.cache import cache


def _key(name: str, client_hash: str, window: int) -> str:
    return f"rl:{name}:{client_hash}:{int(time.time()) // window}"


def limit_reached(name: str, client_hash: str) -> bool:
    limit, window = settings.RATE_LIMITS[name]
    return (cache.get(_key(name, client_hash, window)) or 0) >= limit


def record_hit(name: str, client_hash: str) -> None:
    _limit, window = settings.RATE_LIMITS[name]
    key = _key(name, client_hash, window)
    if cache.add(key, 1, timeout=window):
        return
    try:
        cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window)


def hit(name: str, client_hash: str) -> bool:
    """Count one event; True if it is still within the limit."""
    if limit_reached(name, client_hash):
        return False
    record_hit(name, client_hash)
    return True
