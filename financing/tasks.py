"""Thin Celery tasks of policy financing (schedules in sinosure_portal/schedules.py)."""

from celery import shared_task


@shared_task(name="financing.issue_coverage_notices", soft_time_limit=240, time_limit=300)
def issue_coverage_notices(declaration_ids: list[int]) -> int:
    """Queued after commit when a shipment is declared with financing intent."""
    from financing.services import coverage_notices_issue

    return coverage_notices_issue(declaration_ids=list(declaration_ids))


@shared_task(name="financing.sweep_coverage_notices", soft_time_limit=240, time_limit=300)
def sweep_coverage_notices() -> int:
    """Catch up the notices owed for declarations whose after-commit task was lost."""
    from financing.services import coverage_notices_issue

    return coverage_notices_issue(declaration_ids=None)
