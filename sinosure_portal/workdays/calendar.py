"""China's working-day calendar.

Working days follow the official State Council calendar with its makeup working days (调休),
from the ``chinese-calendar`` package for the years it covers. For later years staff enter the
notice's days in :class:`CalendarDay` and mark the year official in :class:`CalendarYear`. A result
that depends on a year with neither is computed from weekends, the statutory holidays fixed by law
(:mod:`.statutory`) and whatever was entered, and is flagged ``provisional`` instead of being
silently guessed. Confirming a year recomputes the stored provisional deadlines (:mod:`.deadlines`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import chinese_calendar
from django.utils import timezone

from sinosure_portal.workdays.statutory import statutory_holidays

SHANGHAI = ZoneInfo("Asia/Shanghai")
PACKAGE_YEARS = range(2004, max(chinese_calendar.constants.holidays).year + 1)


def today() -> date:
    """Today's date in Shanghai: the date every deadline is counted from."""
    return timezone.now().astimezone(SHANGHAI).date()


def to_shanghai_date(moment: datetime) -> date:
    return moment.astimezone(SHANGHAI).date()


@dataclass(frozen=True)
class BusinessDate:
    date: date
    provisional: bool  # True when a year on the way had no official data

    def __str__(self) -> str:
        return self.date.isoformat() + (" (provisional)" if self.provisional else "")


class _Calendar:
    """Loads staff overrides and the confirmed years once per call chain."""

    def __init__(self, years: set[int]):
        from sinosure_portal.workdays.models import CalendarDay, CalendarYear

        lo, hi = min(years), max(years)
        self.overrides = dict(
            CalendarDay.objects.filter(date__year__gte=lo, date__year__lte=hi).values_list("date", "kind")
        )
        self.confirmed = set(CalendarYear.objects.filter(official=True).values_list("year", flat=True))
        self.provisional = False

    def official(self, year: int) -> bool:
        return year in PACKAGE_YEARS or year in self.confirmed

    def is_workday(self, day: date) -> bool:
        if not self.official(day.year):
            self.provisional = True
        kind = self.overrides.get(day)
        if kind is not None:
            return kind == "workday"
        if day.year in PACKAGE_YEARS:
            return chinese_calendar.is_workday(day)
        if day.year not in self.confirmed and day in statutory_holidays(day.year):
            return False  # fixed by law; the makeup days stay unknown until the notice is confirmed
        return day.weekday() < 5


def is_workday(day: date) -> bool:
    cal = _Calendar({day.year})
    return cal.is_workday(day)


def year_is_official(year: int) -> bool:
    return _Calendar({year}).official(year)


def add_business_days(start: date, n: int) -> BusinessDate:
    """The n-th working day after ``start`` (n >= 0; n == 0 gives ``start`` itself if it is one,
    else the next working day)."""
    if n < 0:
        raise ValueError("n must not be negative")
    cal = _Calendar({start.year, start.year + 1 + n // 200})
    day = start
    if n == 0:
        while not cal.is_workday(day):
            day += timedelta(days=1)
        return BusinessDate(day, cal.provisional)
    remaining = n
    while remaining:
        day += timedelta(days=1)
        if cal.is_workday(day):
            remaining -= 1
    return BusinessDate(day, cal.provisional)


def business_days_between(start: date, end: date) -> tuple[int, bool]:
    """Working days after ``start`` up to and including ``end`` (negative if end is before start)."""
    if end < start:
        n, provisional = business_days_between(end, start)
        return -n, provisional
    cal = _Calendar({start.year, end.year})
    count = sum(1 for i in range(1, (end - start).days + 1) if cal.is_workday(start + timedelta(days=i)))
    return count, cal.provisional


def add_calendar_days(start: date, n: int) -> BusinessDate:
    """Calendar-day deadlines never depend on the official notice."""
    return BusinessDate(start + timedelta(days=n), False)


def coverage() -> dict:
    """Which years have official data (for /healthz and the calendar page)."""
    from sinosure_portal.workdays.models import CalendarYear

    confirmed = sorted(CalendarYear.objects.filter(official=True).values_list("year", flat=True))
    last = max([PACKAGE_YEARS.stop - 1, *confirmed])
    current = today().year
    return {
        "package_years": [PACKAGE_YEARS.start, PACKAGE_YEARS.stop - 1],
        "confirmed_years": confirmed,
        "official_through": last,
        "next_year_official": (current + 1) <= last or (current + 1) in confirmed,
    }
