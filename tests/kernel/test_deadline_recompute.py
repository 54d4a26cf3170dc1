"""Confirming a year's official calendar recomputes the stored provisional deadlines (issue 10 item
6); before confirmation the statutory holidays fixed by law are already skipped. Every expected
date is counted by hand in the comments."""

from datetime import date

import pytest

from claims.models import PossibleLossNotice
from sinosure_portal.audit.models import AuditEvent
from sinosure_portal.notifications.models import Notification
from sinosure_portal.workdays import calendar
from sinosure_portal.workdays.models import CalendarDay
from sinosure_portal.workdays.services import calendar_day_enter, calendar_year_confirm
from tests.factories.claims import file_notice, overdue_setup

pytestmark = pytest.mark.django_db


def test_spring_festival_2027_is_skipped_before_confirmation():
    # Spring Festival 2027 is Saturday 6 February (lunar 1/1); the law gives the eve (Fri 5 Feb)
    # and lunar 1/1-1/3 (6, 7, 8 Feb): the next working day after Thursday 4 February is Tue 9 Feb
    assert calendar.add_business_days(date(2027, 2, 4), 1) == calendar.BusinessDate(date(2027, 2, 9), True)


def test_national_day_and_new_year_2027_are_skipped_before_confirmation():
    # 1-3 October 2027 are Fri-Sun: Thursday 30 September + 1 working day is Monday 4 October
    assert calendar.add_business_days(date(2027, 9, 30), 1).date == date(2027, 10, 4)
    # 1 January 2027 is a Friday: Thursday 31 December 2026 + 1 is Monday 4 January
    assert calendar.add_business_days(date(2026, 12, 31), 1) == calendar.BusinessDate(date(2027, 1, 4), True)
    # Qingming 2027 is Monday 5 April (solar term); Labour Day 1-2 May is a weekend
    assert not calendar.is_workday(date(2027, 4, 5))


def _provisional_notice(claims_officer):
    user, policy, _limit, shipments = overdue_setup()
    notice = file_notice(user, policy, shipments)
    # a political-risk notice on an event of Monday 27 September 2027, stored before 2027 was official:
    # 10 business days skipping only 1-3 October: 28, 29, 30 Sep, 4, 5, 6, 7, 8, 11, 12 Oct
    PossibleLossNotice.objects.filter(pk=notice.pk).update(
        cause="buyer_insolvency",
        event_date=date(2027, 9, 27),
        deadline=date(2027, 10, 12),
        deadline_basis="business",
        deadline_rule="event date + 10 business days",
        deadline_provisional=True,
    )
    policy.loss_notice_other_business_days = 10
    policy.save(update_fields=["loss_notice_other_business_days"])
    return user, notice


def _enter_2027_national_day(actor):
    for day in (1, 4, 5, 6, 7):
        calendar_day_enter(date=date(2027, 10, day), kind="holiday", name="国庆节", actor=actor)
    calendar_day_enter(date=date(2027, 10, 9), kind="workday", name="国庆节调休", actor=actor)


def test_confirmation_moves_the_deadline_tells_each_party_once_and_never_twice(claims_officer, admin_user):
    user, notice = _provisional_notice(claims_officer)
    before = Notification.objects.filter(kind="claims.notice_deadline_moved").count()
    _enter_2027_national_day(admin_user)
    calendar_year_confirm(year=2027, notice="国办发明电〔2026〕X号", actor=admin_user)

    notice.refresh_from_db()
    # official: 1-7 Oct off, Saturday 9 Oct worked: 28, 29, 30 Sep, 8, 9 (makeup), 11, 12, 13, 14, 15 Oct
    assert (notice.deadline, notice.deadline_provisional) == (date(2027, 10, 15), False)
    audit = AuditEvent.objects.get(action="deadline.recomputed", object_id=str(notice.pk))
    assert (audit.from_state, audit.to_state) == ("2027-10-12", "2027-10-15")
    assert audit.data["before"] == "2027-10-12" and audit.data["after"] == "2027-10-15"
    sent = Notification.objects.filter(kind="claims.notice_deadline_moved")
    assert sent.filter(user=user).count() == 1
    assert sent.filter(user=claims_officer).count() == 1
    assert sent.count() - before == len({n.user_id for n in sent})

    # confirming again (a corrected notice text) moves nothing and tells no one again
    calendar_year_confirm(year=2027, notice="国办发明电〔2026〕X号 (corrected)", actor=admin_user)
    assert AuditEvent.objects.filter(action="deadline.recomputed").count() == 1
    assert Notification.objects.filter(kind="claims.notice_deadline_moved", user=user).count() == 1


def test_the_history_page_shows_the_move(claims_officer, admin_user, client_for):
    user, notice = _provisional_notice(claims_officer)
    _enter_2027_national_day(admin_user)
    calendar_year_confirm(year=2027, notice="notice", actor=admin_user)
    page = client_for(user).get(f"/claims/notices/{notice.pk}/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Deadline recomputed on the official calendar" in text or "2027-10-15" in text


def test_a_confirmed_year_uses_only_the_entered_days():
    CalendarDay.objects.create(date=date(2027, 2, 8), kind="holiday", name="春节")
    from sinosure_portal.workdays.models import CalendarYear

    CalendarYear.objects.create(year=2027, official=True)
    # entered: only 8 Feb; the statutory defaults no longer apply once the notice is confirmed
    assert calendar.add_business_days(date(2027, 2, 4), 1) == calendar.BusinessDate(date(2027, 2, 5), False)
