from celery import shared_task


@shared_task(
    name="ledger.reconcile", acks_late=True, reject_on_worker_lost=True, soft_time_limit=1700, time_limit=1800
)
def reconcile() -> int:
    """The nightly reconciliation. Read-only towards the ledger, so running it again (a redelivered
    message after a worker was killed) only adds a second run row; returns the rows that drifted."""
    from sinosure_portal.ledger.models import ReconciliationRun
    from sinosure_portal.ledger.services import reconciliation_run

    return reconciliation_run(trigger=ReconciliationRun.Trigger.SCHEDULE).findings_count
