from celery import shared_task

from sinosure_portal.webhooks import sending


@shared_task(name="webhooks.send", soft_time_limit=120, time_limit=180, ignore_result=True)
def send(event_ids: list[str] | None = None) -> dict:
    """Send these events' deliveries now (queued through the outbox by the change that raised them);
    with no ids, whatever is due."""
    return sending.deliveries_send(event_ids=event_ids)


@shared_task(name="webhooks.send_due", soft_time_limit=120, time_limit=180, ignore_result=True)
def send_due() -> dict:
    """The beat's pass every minute: retries whose time came, and deliveries whose task was lost."""
    return sending.deliveries_send()


@shared_task(name="webhooks.purge", soft_time_limit=300, time_limit=600, ignore_result=True)
def purge() -> int:
    return sending.deliveries_purge()
