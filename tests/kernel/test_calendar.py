from datetime import date

import pytest

from sinosure_portal.workdays import calendar
from sinosure_portal.workdays.models import CalendarDay, CalendarYear

pytestmark = pytest.mark.django_db


def test_national_day_holiday_is_skipped():
    # 2026-10-01..07 are the National Day holidays; 10-08 is the first working day after 09-30
    assert calendar.add_business_days(date(2026, 9, 30), 1) == calendar.BusinessDate(date(2026, 10, 8), False)


def test_makeup_saturday_counts_as_working_day():
    assert calendar.is_workday(date(2026, 10, 10))  # a Saturday, made up for the holiday
    # 09-28 -> 09-29 (1), 09-30 (2), 10-08 (3), 10-09 (4), 10-10 Sat (5), 10-12..16 (6..10)
    assert calendar.add_business_days(date(2026, 9, 28), 10).date == date(2026, 10, 16)


def test_ordinary_weekend_is_skipped():
    assert calendar.add_business_days(date(2026, 11, 20), 1).date == date(2026, 11, 23)  # Fri -> Mon


def test_zero_days_rolls_forward_to_a_working_day():
    assert calendar.add_business_days(date(2026, 10, 3), 0).date == date(2026, 10, 8)


def test_result_in_a_year_without_official_data_is_provisional():
    result = calendar.add_business_days(date(2026, 12, 28), 5)
    assert result.provisional
    # without official data for 2027, weekends and the statutory New Year's Day (Fri 1 Jan) are days
    # off: 29, 30, 31 Dec, 4, 5 Jan
    assert result.date == date(2027, 1, 5)


def test_staff_entered_holidays_apply_and_confirmed_year_is_official():
    CalendarDay.objects.create(date=date(2027, 1, 1), kind=CalendarDay.Kind.HOLIDAY, name="元旦")
    assert calendar.add_business_days(date(2026, 12, 28), 5).date == date(2027, 1, 5)
    assert calendar.add_business_days(date(2026, 12, 28), 5).provisional
    CalendarYear.objects.create(year=2027, official=True)
    assert not calendar.add_business_days(date(2026, 12, 28), 5).provisional


def test_makeup_workday_entered_for_next_year_counts():
    CalendarDay.objects.create(date=date(2027, 2, 6), kind=CalendarDay.Kind.WORKDAY, name="春节调休")
    assert calendar.is_workday(date(2027, 2, 6))


def test_business_days_between_counts_working_days_after_start():
    assert calendar.business_days_between(date(2026, 9, 28), date(2026, 10, 16)) == (10, False)
    assert calendar.business_days_between(date(2026, 10, 16), date(2026, 9, 28)) == (-10, False)


def test_year_wholly_in_package_is_not_provisional():
    assert not calendar.add_business_days(date(2026, 1, 5), 30).provisional


def test_coverage_reports_package_years():
    cov = calendar.coverage()
    assert cov["package_years"][0] == 2004
    assert cov["official_through"] >= 2026
