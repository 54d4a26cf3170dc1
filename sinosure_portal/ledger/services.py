"""Run the reconciliation: every registered check, one run row, the drift found, and an alert.

The run is read-only towards the ledger: it records what disagrees and tells administrators and
underwriters (once per run that finds drift), with the rows involved; nothing is corrected here.
"""

from __future__ import annotations

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from sinosure_portal.accounts.models import Role, User
from sinosure_portal.audit.services import audit_record
from sinosure_portal.ledger.checks import ledger_checks
from sinosure_portal.ledger.models import ReconciliationFinding, ReconciliationRun
from sinosure_portal.notifications.services import notify

ALERTED_ROLES = (Role.ADMIN, Role.UNDERWRITER)
ROWS_IN_ALERT = 20  # the alert lists the first rows; the run's page lists them all


def reconciliation_run(*, actor=None, trigger: str = ReconciliationRun.Trigger.SCHEDULE) -> ReconciliationRun:
    """Check every invariant (each check is one set-based query), store the run and its drift,
    audit it, and alert the insurer's administrators and underwriters if anything drifted."""
    started = timezone.now()
    results = [(check, check.run()) for check in ledger_checks()]
    with transaction.atomic():
        findings = [
            ReconciliationFinding(
                check_code=check.code,
                object_type=d.object_type,
                object_id=str(d.object_id),
                object_repr=d.object_repr,
                stored=d.stored,
                expected=d.expected,
                currency=d.currency,
            )
            for check, result in results
            for d in result.drift
        ]
        run = ReconciliationRun.objects.create(
            started_at=started,
            finished_at=timezone.now(),
            status=ReconciliationRun.Status.DRIFT if findings else ReconciliationRun.Status.CLEAN,
            trigger=trigger,
            started_by=actor if getattr(actor, "is_authenticated", False) else None,
            checks=[
                {"code": check.code, "checked": result.checked, "drift": len(result.drift)}
                for check, result in results
            ],
            findings_count=len(findings),
        )
        for finding in findings:
            finding.run = run
        ReconciliationFinding.objects.bulk_create(findings)
        audit_record(
            run,
            action="ledger.reconciled",
            actor=actor,
            to_state=run.status,
            data={"checks": run.checks, "findings": len(findings)},
        )
        if findings:
            _alert(run, findings)
    return run


def _alert(run: ReconciliationRun, findings: list[ReconciliationFinding]) -> None:
    rows = "\n".join(
        f"{f.check_code}: {f.object_repr} {f.stored} ≠ {f.expected} {f.currency}"
        for f in findings[:ROWS_IN_ALERT]
    )
    staff = User.objects.filter(is_active=True, role__in=ALERTED_ROLES).order_by("pk")
    notify(
        staff,
        kind="ledger.drift",
        params={"count": len(findings), "rows": rows},
        url=reverse("ledger:run", args=[run.pk]),
        level="danger",
    )
