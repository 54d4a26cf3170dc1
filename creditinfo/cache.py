"""The traffic-light look-up's answers, cached in the shared cache (Redis when REDIS_URL is set).

An answer is kept under the current *lookup version*; every change to what a look-up shows (a
buyer registered, a light or its reason changed, the name-word counts refreshed) moves the
version on, so the next look-up reads the database again. The version moves twice: in the
changing transaction (a look-up meanwhile may read the old rows, and files them under the new
version) and after its commit (which leaves that stale answer unread). Should a process die in
between, an answer lives LOOKUP_CACHE_SECONDS at most.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

VERSION_KEY = "creditinfo:lookup-version"


def lookup_version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, 1, timeout=None)
        version = cache.get(VERSION_KEY, 1)
    return version


def _bump() -> None:
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # not set yet (or evicted): any new value leaves older answers unread
        cache.add(VERSION_KEY, 2, timeout=None)


def lookup_answers_changed() -> None:
    """What look-ups show has changed (call inside the changing transaction)."""
    _bump()
    transaction.on_commit(_bump, robust=True)


def cached_answer(parts: tuple, compute: Callable[[], dict]) -> dict:
    """The answer for ``parts`` (query, country, language ...) from the cache, or computed and kept."""
    seconds = settings.LOOKUP_CACHE_SECONDS
    if seconds <= 0:
        return compute()
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()[:32]
    key = f"creditinfo:lookup:{lookup_version()}:{digest}"
    answer = cache.get(key)
    if answer is None:
        answer = compute()
        cache.set(key, answer, timeout=seconds)
    return answer
