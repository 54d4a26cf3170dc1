"""Thin Celery tasks calling the daily sweeps (schedules in sinosure_portal/schedules.py)."""

from celery import shared_task

from sinosure_portal.workdays.calendar import today


@shared_task(name="claims.escalate_decisions_due", soft_time_limit=240, time_limit=300)
def escalate_decisions_due() -> int:
    from claims.services.sweeps import claims_escalate_decisions

    return claims_escalate_decisions(today=today())


@shared_task(name="claims.remind_deadlines", soft_time_limit=240, time_limit=300)
def remind_deadlines() -> int:
    from claims.services.sweeps import claims_remind_deadlines

    return claims_remind_deadlines(today=today())
