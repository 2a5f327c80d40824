"""The two page caches: published statistics pages per process, live figures shared.

A published annual report never changes (a correction is a new edition with a new
key), so its rendered page can stay in each process's memory without ever being
wrong: no other process needs to hear of it. Live figures change with every report;
they are shared through the cache for a short time only.
"""

from collections import OrderedDict
from collections.abc import Callable
from threading import Lock

from django.core.cache import cache

PUBLISHED_PAGES = 64
_pages: OrderedDict = OrderedDict()
_lock = Lock()


def published_page(key, render: Callable[[], str]) -> str:
    """`render()`'s page for `key`, rendered once per process (least recently used go)."""
    with _lock:
        if key in _pages:
            _pages.move_to_end(key)
            return _pages[key]
    html = render()
    with _lock:
        _pages[key] = html
        while len(_pages) > PUBLISHED_PAGES:
            _pages.popitem(last=False)
    return html


def live_for(seconds: int, key: str, build: Callable[[], object]) -> object:
    """`build()`'s value, shared by every process for `seconds`."""
    return cache.get_or_set(key, build, seconds)
