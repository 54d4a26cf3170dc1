"""The retry schedule and the signature: pure functions of values (no ORM).

A failed delivery is tried again after 1 minute, then 2, 4, 8 ... minutes, each wait twice the one
before and at most 4 hours, for as long as WEBHOOK_RETRY_HOURS (24) have not passed since its first
attempt: attempts at 0, 1, 3, 7, 15, 31, 63, 127, 255, 495, 735, 975, 1215 and 1455 minutes, the
last (24 h 15 min) being the first at or past 24 hours, after which it is given up.
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import datetime, timedelta

FIRST_RETRY = timedelta(minutes=1)
MAX_RETRY = timedelta(hours=4)
RETRY_FOR = timedelta(hours=24)

SIGNATURE_HEADER = "Portal-Signature"
EVENT_ID_HEADER = "Portal-Event-Id"
EVENT_TYPE_HEADER = "Portal-Event-Type"


def retry_delay(attempts: int, *, first: timedelta = FIRST_RETRY, cap: timedelta = MAX_RETRY) -> timedelta:
    """How long to wait after the ``attempts``-th failed attempt (1, 2, ...)."""
    if attempts < 1:
        return timedelta(0)
    # 2**(attempts-1) overflows nothing: past the cap the exponent no longer matters
    doubling = first * (2 ** min(attempts - 1, 30))
    return min(doubling, cap)


def next_attempt(
    *, attempts: int, first_attempt_at: datetime, now: datetime, retry_for: timedelta = RETRY_FOR
) -> datetime | None:
    """When to try again after the ``attempts``-th failure at ``now``; None: give up (the first
    attempt was ``retry_for`` or longer ago)."""
    if now - first_attempt_at >= retry_for:
        return None
    return now + retry_delay(attempts)


def sign(secret: str, timestamp: int, body: bytes) -> str:
    """The ``Portal-Signature`` header: ``t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">``."""
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={mac}"


def verify(secret: str, header: str, body: bytes, *, now: int, tolerance: int = 300) -> bool:
    """What a receiver does (the README shows it): the signature matches and is recent."""
    parts = dict(p.split("=", 1) for p in header.split(",") if "=" in p)
    try:
        timestamp = int(parts["t"])
    except (KeyError, ValueError):
        return False
    expected = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, parts.get("v1", "")) and abs(now - timestamp) <= tolerance
