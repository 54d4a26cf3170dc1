"""The public holidays fixed by law (全国年节及纪念日放假办法, as amended in 2024, in force from 2025).

Used only for years the State Council has not announced yet: a provisional deadline already skips
these days, while the makeup working days (调休) stay unknown until staff confirm the notice. Lunar
dates come from ``lunardate``; Qingming is the Pure Brightness solar term from ``chinese-calendar``.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

from chinese_calendar import get_solar_terms
from chinese_calendar.solar_terms import SolarTerms
from django.utils.translation import gettext_lazy as _
from lunardate import LunarDate

from sinosure_portal.base.errors import DomainError

FIRST_YEAR, LAST_YEAR = 1901, 2098  # lunardate knows 1900-2099; a year either side is looked at


def _lunar(year: int, month: int, day: int) -> date:
    if not FIRST_YEAR - 1 <= year <= LAST_YEAR + 1:
        raise DomainError(
            "date_out_of_range",
            _("Dates must fall between %(first)s and %(last)s (the working-day calendar's range)."),
            first=FIRST_YEAR,
            last=LAST_YEAR,
        )
    return LunarDate(year, month, day).to_solar_date()


@lru_cache(maxsize=64)
def statutory_holidays(year: int) -> frozenset[date]:
    """Every statutory day off of ``year`` (weekends included when a holiday falls on one)."""
    spring = _lunar(year, 1, 1)
    days = {
        date(year, 1, 1),  # New Year's Day
        spring - timedelta(days=1),  # Spring Festival: the eve and the first three days
        spring,
        spring + timedelta(days=1),
        spring + timedelta(days=2),
        date(year, 5, 1),  # Labour Day: two days
        date(year, 5, 2),
        _lunar(year, 5, 5),  # Dragon Boat Festival
        _lunar(year, 8, 15),  # Mid-Autumn Festival
        date(year, 10, 1),  # National Day: three days
        date(year, 10, 2),
        date(year, 10, 3),
    }
    qingming = SolarTerms.pure_brightness.value[1]
    days.update(d for d, term in get_solar_terms(date(year, 4, 1), date(year, 4, 30)) if term == qingming)
    return frozenset(days)
