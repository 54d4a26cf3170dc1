from celery import shared_task

from sinosure_portal.accounts import services
from sinosure_portal.workdays.calendar import today


@shared_task(name="accounts.remind_old_passwords", soft_time_limit=240, time_limit=300)
def remind_old_passwords() -> int:
    return services.passwords_remind_old(today=today())
