"""Thin Celery tasks of policy financing (schedules in sinosure_portal/schedules.py)."""

from celery import shared_task


@shared_task(name="financing.issue_coverage_notices", soft_time_limit=240, time_limit=300)
def issue_coverage_notices(declaration_ids: list[int]) -> int:
    """Recorded in the outbox when a shipment is declared with financing intent (sent after commit)."""
    from financing.services import coverage_notices_issue

    return coverage_notices_issue(declaration_ids=list(declaration_ids))
