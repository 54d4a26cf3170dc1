from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sinosure_portal.audit.services import audit_record
from sinosure_portal.base.errors import DomainError
from sinosure_portal.workdays.calendar import PACKAGE_YEARS
from sinosure_portal.workdays.deadlines import deadlines_recompute
from sinosure_portal.workdays.models import CalendarDay, CalendarYear


@transaction.atomic
def calendar_day_enter(*, date: date, kind: str, name: str, actor) -> CalendarDay:
    if kind == CalendarDay.Kind.WORKDAY and date.weekday() < 5:
        raise DomainError(
            "workday_on_weekday", _("A makeup working day falls on a Saturday or Sunday."), field="date"
        )
    if kind == CalendarDay.Kind.HOLIDAY and date.weekday() >= 5:
        raise DomainError(
            "holiday_on_weekend",
            _("Weekends are already days off; enter holidays that fall on weekdays."),
            field="date",
        )
    old = CalendarDay.objects.select_for_update().filter(date=date).values("kind", "name").first() or {}
    day, created = CalendarDay.objects.update_or_create(
        date=date, defaults={"kind": kind, "name": name, "entered_by": actor}
    )
    audit_record(
        day,
        action="calendar_day.entered" if created else "calendar_day.changed",
        actor=actor,
        to_state=kind,
        changes={
            field: (old.get(field), value)
            for field, value in (("kind", kind), ("name", name))
            if old.get(field) != value
        },
    )
    return day


@transaction.atomic
def calendar_year_confirm(*, year: int, notice: str, actor) -> CalendarYear:
    if year in PACKAGE_YEARS:
        raise DomainError(
            "year_in_package", _("%(year)s is already covered by the official calendar package."), year=year
        )
    row, _created = CalendarYear.objects.update_or_create(
        year=year,
        defaults={"official": True, "notice": notice, "confirmed_by": actor, "confirmed_at": timezone.now()},
    )
    audit_record(row, action="calendar_year.confirmed", actor=actor, to_state="official", reason=notice)
    # every stored provisional deadline through this year now follows the confirmed calendar
    deadlines_recompute(year=year, actor=actor)
    return row
