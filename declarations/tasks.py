"""Thin Celery tasks: the background upload and the daily sweeps (schedules in
sinosure_portal/schedules.py)."""

from celery import shared_task

from sinosure_portal.workdays.calendar import today


@shared_task(
    name="declarations.process_batch",
    soft_time_limit=1500,
    time_limit=1800,
    acks_late=True,
    reject_on_worker_lost=True,
)
def process_batch(batch_id: int) -> int:
    """Declare an upload's rows. Acks late: a worker lost mid-way leaves the message to be taken
    again, and the batch resumes after its last committed chunk."""
    from declarations.services import declaration_batch_process

    return declaration_batch_process(batch_id=batch_id).processed_rows


@shared_task(name="declarations.requeue_stuck_batches", soft_time_limit=240, time_limit=300)
def requeue_stuck_batches() -> int:
    from declarations.services.bulk import declaration_batches_requeue_stuck

    return declaration_batches_requeue_stuck()


@shared_task(name="declarations.remind_receivables_due", soft_time_limit=240, time_limit=300)
def remind_receivables_due() -> int:
    from declarations.services.sweeps import receivables_remind_due

    return receivables_remind_due(today=today())


@shared_task(name="declarations.mark_receivables_overdue", soft_time_limit=240, time_limit=300)
def mark_receivables_overdue() -> int:
    from declarations.services.sweeps import loss_notices_remind, receivables_mark_overdue

    marked = receivables_mark_overdue(today=today())
    return marked + loss_notices_remind(today=today())


@shared_task(name="declarations.remind_declarations_due", soft_time_limit=240, time_limit=300)
def remind_declarations_due() -> int:
    from declarations.services.sweeps import declarations_remind_due

    return declarations_remind_due(today=today())


@shared_task(name="declarations.issue_premium_invoices", soft_time_limit=240, time_limit=300)
def issue_premium_invoices() -> int:
    from declarations.services.premiums import premium_invoices_issue, premium_invoices_remind

    issued = premium_invoices_issue(today=today())
    return issued + premium_invoices_remind(today=today())


@shared_task(
    name="declarations.process_limit_batch",
    soft_time_limit=1500,
    time_limit=1800,
    acks_late=True,
    reject_on_worker_lost=True,
)
def process_limit_batch(batch_id: int) -> int:
    """Do a limit batch's rows through each limit's workflow; resumes after the last row done, and
    an unexpected error marks the batch failed with the error (never left running)."""
    from declarations.services.limit_batches import limit_batch_process

    return limit_batch_process(batch_id=batch_id).processed_rows


@shared_task(name="declarations.sweep_stuck_limit_batches", soft_time_limit=240, time_limit=300)
def sweep_stuck_limit_batches() -> int:
    from declarations.services.limit_batches import limit_batches_sweep_stuck

    return limit_batches_sweep_stuck()
