"""Business numbers: a prefix, the Shanghai year and a six-digit serial without gaps
(PA2026000001, CL2026000001, IA2026000001), never a row id. Every app numbers its documents here.

One :class:`~sinosure_portal.core.models.NumberSequence` row per prefix and year holds the last serial. Taking
a number locks that row until the caller's transaction ends, so two concurrent agreements get
consecutive numbers and a rolled-back one gives its number back.
"""

from __future__ import annotations

from django.db import connection, transaction

from sinosure_portal.workdays.calendar import today as shanghai_today


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
            "INSERT INTO core_numbersequence (prefix, year, last) VALUES (%s, %s, 1) "
            "ON CONFLICT (prefix, year) DO UPDATE SET last = core_numbersequence.last + 1 "
            "RETURNING last",
            [prefix, year],
        )
        (serial,) = cursor.fetchone()
    return format_number(prefix, year, serial)


def assign_number(obj, prefix: str) -> None:
    """Give a freshly created document its business number."""
    obj.number = number_next(prefix)
    type(obj).objects.filter(pk=obj.pk).update(number=obj.number)


def number_unnumbered(model, prefix: str, year: int | None = None) -> int:
    """Give every row of ``model`` still without a number the next numbers of ``prefix`` in
    ``year``, in row order, in one statement (for documents made set-based, e.g. coverage notices
    inserted in bulk). Must run inside the transaction that inserted the rows: the sequence row is
    locked first, so a concurrent caller waits and then numbers only its own rows after these.
    Returns how many rows were numbered."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("number_unnumbered must run inside the transaction that inserted the rows")
    year = year or shanghai_today().year
    if connection.vendor != "postgresql":
        # the embedded SQLite of make run: one writer at a time holds the whole file, so the rows
        # are numbered one by one from the same sequence, in the same order
        missing = list(model.objects.filter(number__isnull=True).order_by("pk").values_list("pk", flat=True))
        for pk in missing:
            model.objects.filter(pk=pk).update(number=number_next(prefix, year))
        return len(missing)
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO core_numbersequence (prefix, year, last) VALUES (%s, %s, 0) "
            "ON CONFLICT (prefix, year) DO UPDATE SET last = core_numbersequence.last "
            "RETURNING last",
            [prefix, year],
        )
        (last,) = cursor.fetchone()
        cursor.execute(
            f"WITH locked AS (SELECT id FROM {table} WHERE number IS NULL ORDER BY id FOR UPDATE), "  # noqa: S608 - table from the model
            "missing AS (SELECT id, row_number() OVER (ORDER BY id) AS n FROM locked) "
            f"UPDATE {table} t SET number = %s || lpad((%s + m.n)::text, 6, '0') "
            "FROM missing m WHERE t.id = m.id",
            [f"{prefix}{year}", last],
        )
        numbered = cursor.rowcount
        if numbered:
            cursor.execute(
                "UPDATE core_numbersequence SET last = last + %s WHERE prefix = %s AND year = %s",
                [numbered, prefix, year],
            )
    return numbered
