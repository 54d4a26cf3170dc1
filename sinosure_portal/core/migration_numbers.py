"""Numbering rows that were made before their business number existed, inside a migration.

Written with the ORM so that it runs on PostgreSQL and on the embedded SQLite of ``make run``
alike. Rows get PREFIX + the Shanghai year they were made + the next serials of the sequence, in
the order they were made; the sequence then holds the last serial given.
"""

from __future__ import annotations

import re
from collections import defaultdict
from zoneinfo import ZoneInfo

SHANGHAI = ZoneInfo("Asia/Shanghai")


def numbers_backfill(apps, *, model: str, prefix: str, created: str, sequence: str) -> None:
    """Number the rows of ``model`` ("app.Model") whose number is empty, from ``sequence``
    ("app.NumberSequence" as it stands in this migration's state)."""
    rows = apps.get_model(model)
    seq = apps.get_model(sequence)
    last: dict[int, int] = {s.year: s.last for s in seq.objects.filter(prefix=prefix)}
    for row in rows.objects.filter(number__isnull=True).order_by(created, "id"):
        year = getattr(row, created).astimezone(SHANGHAI).year
        last[year] = last.get(year, 0) + 1
        rows.objects.filter(pk=row.pk).update(number=f"{prefix}{year}{last[year]:06d}")
    for year, serial in last.items():
        seq.objects.update_or_create(prefix=prefix, year=year, defaults={"last": serial})


def sequence_catch_up(apps, *, model: str, prefix: str, sequence: str) -> None:
    """Start the sequence of ``prefix`` after the highest serial already issued per year in
    ``model``, so that no number is given twice."""
    rows = apps.get_model(model)
    seq = apps.get_model(sequence)
    pattern = re.compile(rf"^{re.escape(prefix)}(\d{{4}})(\d{{6}})$")
    highest: dict[int, int] = defaultdict(int)
    for number in rows.objects.filter(number__startswith=prefix).values_list("number", flat=True):
        match = pattern.match(number or "")
        if match:
            year, serial = int(match[1]), int(match[2])
            highest[year] = max(highest[year], serial)
    for year, serial in highest.items():
        current = seq.objects.filter(prefix=prefix, year=year).first()
        if current is None:
            seq.objects.create(prefix=prefix, year=year, last=serial)
        elif current.last < serial:
            current.last = serial
            current.save(update_fields=["last"])
