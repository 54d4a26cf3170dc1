"""Business numbers of financing documents: a prefix, the Shanghai year and a six-digit serial
without gaps (IA2026000001), never a row id.

One :class:`~financing.models.NumberSequence` row per prefix and year holds the last serial. Taking
a number locks that row until the caller's transaction ends, so two concurrent agreements get
consecutive numbers and a rolled-back one gives its number back.
"""

from __future__ import annotations

from django.db import connection, transaction

from sinosure_portal.workdays.calendar import today as shanghai_today

PREFIXES = {"IA": "indemnity assignment", "RA": "receivable assignment", "LN": "loan"}


def format_number(prefix: str, year: int, serial: int) -> str:
    return f"{prefix}{year}{serial:06d}"


def number_next(prefix: str, year: int | None = None) -> str:
    """The next number for ``prefix`` in ``year`` (default: this year in Shanghai). Must run inside
    the transaction that stores it."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("number_next must run inside the transaction that stores the number")
    year = year or shanghai_today().year
    with connection.cursor() as cursor:
        # one statement: create the row at 1 or add 1 under the row lock, and read the result
        cursor.execute(
            "INSERT INTO financing_numbersequence (prefix, year, last) VALUES (%s, %s, 1) "
            "ON CONFLICT (prefix, year) DO UPDATE SET last = financing_numbersequence.last + 1 "
            "RETURNING last",
            [prefix, year],
        )
        (serial,) = cursor.fetchone()
    return format_number(prefix, year, serial)


def assign_number(obj, prefix: str) -> None:
    """Give a freshly created document its business number."""
    obj.number = number_next(prefix)
    type(obj).objects.filter(pk=obj.pk).update(number=obj.number)
