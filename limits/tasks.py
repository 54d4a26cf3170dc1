"""Daily sweeps of credit limits (thin tasks; the services do set-based, idempotent work)."""

from celery import shared_task

from limits import services
from sinosure_portal.workdays.calendar import today


@shared_task(name="limits.remind_idle", soft_time_limit=240, time_limit=300)
def remind_idle() -> int:
    return services.limits_remind_idle(today=today())


@shared_task(name="limits.revoke_idle", soft_time_limit=240, time_limit=300)
def revoke_idle() -> int:
    return services.limits_revoke_idle(today=today())
