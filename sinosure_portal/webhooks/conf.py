"""The webhooks' settings, each read from Django's settings when set there, else its default here
(kept out of settings.py, which has a size limit)."""

from __future__ import annotations

import os

from django.conf import settings


def _get(name: str, default):
    value = getattr(settings, name, None)
    if value is not None:
        return value
    raw = os.environ.get(name)
    if raw is None:
        return default
    if isinstance(default, bool):
        return raw.strip().lower() in {"1", "true", "yes", "on"}
    return type(default)(raw)


def timeout_seconds() -> float:
    """Connect and read timeout of one attempt: a slow endpoint is a failed attempt."""
    return _get("WEBHOOKS_TIMEOUT_SECONDS", 10.0)


def allow_private_addresses() -> bool:
    """Send to loopback and private addresses and over plain http (tests, a laptop). Off in
    production: an endpoint must be https on a public address, so that no one can make the portal
    call into its own network."""
    return _get("WEBHOOKS_ALLOW_PRIVATE_ADDRESSES", bool(settings.DEBUG))


def endpoints_per_organisation() -> int:
    return _get("WEBHOOKS_ENDPOINTS_PER_ORGANISATION", 10)


def send_batch() -> int:
    """Deliveries one sending pass tries at most (a pass also stops after ``send_seconds``)."""
    return _get("WEBHOOKS_SEND_BATCH", 200)


def send_seconds() -> float:
    return _get("WEBHOOKS_SEND_SECONDS", 50.0)


def keep_days() -> int:
    """Deliveries done (delivered or given up) are kept this long in the log."""
    return _get("WEBHOOKS_KEEP_DAYS", 30)
