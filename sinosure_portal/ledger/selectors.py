from django.db.models import QuerySet
from django.http import Http404

from sinosure_portal.accounts.access import is_insurer
from sinosure_portal.ledger.checks import AT_MOST, ledger_check
from sinosure_portal.ledger.models import ReconciliationFinding, ReconciliationRun


def runs_visible(user) -> QuerySet[ReconciliationRun]:
    """Reconciliation runs are the insurer's own books: staff only, anyone else gets a 404."""
    if not is_insurer(user):
        raise Http404
    return ReconciliationRun.objects.select_related("started_by")


def run_findings(run: ReconciliationRun) -> QuerySet[ReconciliationFinding]:
    return run.findings.all()


def check_info(code: str) -> dict:
    """How a run's check is shown: its label, and whether its figure must equal or stay within."""
    check = ledger_check(code)
    return {
        "label": str(check.label) if check else code,
        "at_most": bool(check and check.relation == AT_MOST),
    }
