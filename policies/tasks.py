"""Daily sweeps of policies (thin tasks; the services do set-based, idempotent work)."""

from celery import shared_task

from policies import services
from sinosure_portal.workdays.calendar import today


@shared_task(name="policies.expire", soft_time_limit=240, time_limit=300)
def expire() -> int:
    return services.policies_expire(today=today())


@shared_task(name="policies.remind_renewals", soft_time_limit=240, time_limit=300)
def remind_renewals() -> int:
    return services.policies_remind_renewal(today=today())
