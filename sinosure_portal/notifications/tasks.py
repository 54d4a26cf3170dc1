from celery import shared_task

from sinosure_portal.notifications import services


@shared_task(
    name="notifications.send_emails",
    soft_time_limit=120,
    time_limit=180,
    autoretry_for=(ConnectionError, TimeoutError),
    retry_backoff=True,
    max_retries=5,
)
def send_notification_emails(notification_ids: list[int]) -> int:
    return services.notification_emails_send(notification_ids)


@shared_task(name="notifications.deliver_reminders", soft_time_limit=120, time_limit=180)
def deliver_reminders() -> int:
    return services.reminders_deliver()
