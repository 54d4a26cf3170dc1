"""An independent oracle of the ledger's invariants, for the concurrency tests: plain SQL written
here (not the reconciliation's queries), then the reconciliation itself must agree that nothing
drifted."""

from django.db import connection

from sinosure_portal.ledger.models import ReconciliationRun
from sinosure_portal.ledger.services import reconciliation_run


def _rows(sql: str) -> list[tuple]:
    with connection.cursor() as cur:
        cur.execute(sql)
        return cur.fetchall()


def ledger_drift_by_hand() -> dict[str, list[tuple]]:
    return {
        "limit_exposure": _rows(
            "SELECT l.id, l.exposure_usd, COALESCE(SUM(d.exposure_usd), 0) FROM limits_creditlimit l "
            "LEFT JOIN declarations_shipmentdeclaration d ON d.limit_id = l.id "
            "GROUP BY l.id, l.exposure_usd HAVING l.exposure_usd <> COALESCE(SUM(d.exposure_usd), 0)"
        ),
        "declaration_paid": _rows(
            "SELECT d.id, d.paid_amount, COALESCE(SUM(p.amount), 0) FROM declarations_shipmentdeclaration d "
            "LEFT JOIN declarations_payment p ON p.declaration_id = d.id "
            "GROUP BY d.id, d.paid_amount HAVING d.paid_amount <> COALESCE(SUM(p.amount), 0)"
        ),
        "loan_repaid": _rows(
            "SELECT l.id, l.repaid_amount, COALESCE(SUM(r.amount), 0) FROM financing_loan l "
            "LEFT JOIN financing_repayment r ON r.loan_id = l.id "
            "GROUP BY l.id, l.repaid_amount HAVING l.repaid_amount <> COALESCE(SUM(r.amount), 0)"
        ),
        "indemnities": _rows(
            "SELECT p.id, SUM(i.amount_usd), p.max_liability_usd FROM policies_policy p "
            "JOIN claims_indemnitypayment i ON i.policy_id = p.id "
            "GROUP BY p.id, p.max_liability_usd HAVING SUM(i.amount_usd) > p.max_liability_usd"
        ),
    }


def assert_ledger_reconciles() -> None:
    by_hand = ledger_drift_by_hand()
    assert by_hand == {k: [] for k in by_hand}, by_hand
    run = reconciliation_run()
    assert run.status == ReconciliationRun.Status.CLEAN, list(run.findings.values())
