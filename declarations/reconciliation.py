"""The declarations' figures the nightly reconciliation checks (registered in ``apps.py``).

- A limit's exposure equals the sum of what its declarations hold on it (each declaration's
  ``exposure_usd``: its covered, still outstanding amount). The declarations app owns both sides,
  so the check lives here, not in limits, which must not read declarations.
- A declaration's ``paid_amount`` equals the sum of the payments recorded against it.
Each check is one query that returns only the rows that disagree.
"""

from declarations.models import Payment, ShipmentDeclaration
from limits.models import CreditLimit
from sinosure_portal.ledger.checks import CheckResult, stored_equals_sum


def limit_exposure_check() -> CheckResult:
    return stored_equals_sum(
        CreditLimit.objects.all(),
        stored="exposure_usd",
        children=ShipmentDeclaration.objects.all(),
        link="limit",
        amount="exposure_usd",
    )


def declaration_paid_check() -> CheckResult:
    return stored_equals_sum(
        ShipmentDeclaration.objects.all(),
        stored="paid_amount",
        children=Payment.objects.all(),
        link="declaration",
        amount="amount",
        currency="currency",
    )
