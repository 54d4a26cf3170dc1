"""The financing figures the nightly reconciliation checks (registered in ``apps.py``): a loan's
repaid amount equals the sum of its repayments (in the loan's currency)."""

from decimal import Decimal

from django.db.models import DecimalField, F, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from financing.models import Loan, Repayment
from sinosure_portal.ledger.checks import CheckResult, drift_rows

ZERO = Value(Decimal("0"), output_field=DecimalField(max_digits=20, decimal_places=3))


def loan_repaid_check() -> CheckResult:
    repaid = (
        Repayment.objects.filter(loan=OuterRef("pk"))
        .order_by()
        .values("loan")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    drifted = (
        Loan.objects.annotate(repayments_total=Coalesce(Subquery(repaid), ZERO))
        .exclude(repaid_amount=F("repayments_total"))
        .order_by("pk")
    )
    rows = [
        (loan.pk, str(loan), loan.repaid_amount, loan.repayments_total, loan.currency) for loan in drifted
    ]
    return CheckResult(Loan.objects.count(), drift_rows(rows, object_type="financing.loan"))
