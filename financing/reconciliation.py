"""The financing figures the nightly reconciliation checks (registered in ``apps.py``): a loan's
repaid amount equals the sum of its repayments (in the loan's currency)."""

from financing.models import Loan, Repayment
from sinosure_portal.ledger.checks import CheckResult, stored_equals_sum


def loan_repaid_check() -> CheckResult:
    return stored_equals_sum(
        Loan.objects.all(),
        stored="repaid_amount",
        children=Repayment.objects.all(),
        link="loan",
        amount="amount",
        currency="currency",
    )
