from celery import shared_task

from sinosure_portal.outbox import relay as outbox


@shared_task(name="outbox.relay", soft_time_limit=120, time_limit=180, ignore_result=True)
def relay_pending() -> int:
    """The periodic relay: what the after-commit relay could not send (broker away, process killed)."""
    return outbox.relay_pending()


@shared_task(name="outbox.purge_sent", soft_time_limit=300, time_limit=600, ignore_result=True)
def purge_sent() -> int:
    return outbox.purge_sent()
