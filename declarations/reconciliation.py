"""The declarations' figures the nightly reconciliation checks (registered in ``apps.py``).

- A limit's exposure equals the sum of what its declarations hold on it (each declaration's
  ``exposure_usd``: its covered, still outstanding amount). The declarations app owns both sides,
  so the check lives here, not in limits, which must not read declarations.
- A declaration's ``paid_amount`` equals the sum of the payments recorded against it.
Each check is one query that returns only the rows that disagree.
"""

from decimal import Decimal

from django.db.models import DecimalField, F, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from declarations.models import Payment, ShipmentDeclaration
from limits.models import CreditLimit
from sinosure_portal.ledger.checks import CheckResult, drift_rows

ZERO = Value(Decimal("0"), output_field=DecimalField(max_digits=20, decimal_places=3))


def limit_exposure_check() -> CheckResult:
    held = (
        ShipmentDeclaration.objects.filter(limit=OuterRef("pk"))
        .order_by()
        .values("limit")
        .annotate(total=Sum("exposure_usd"))
        .values("total")
    )
    drifted = (
        CreditLimit.objects.annotate(held=Coalesce(Subquery(held), ZERO))
        .exclude(exposure_usd=F("held"))
        .order_by("pk")
    )
    rows = [(lim.pk, str(lim), lim.exposure_usd, lim.held) for lim in drifted]
    return CheckResult(CreditLimit.objects.count(), drift_rows(rows, object_type="limits.creditlimit"))


def declaration_paid_check() -> CheckResult:
    received = (
        Payment.objects.filter(declaration=OuterRef("pk"))
        .order_by()
        .values("declaration")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    drifted = (
        ShipmentDeclaration.objects.annotate(received=Coalesce(Subquery(received), ZERO))
        .exclude(paid_amount=F("received"))
        .order_by("pk")
        .values_list("pk", "invoice_number", "paid_amount", "received", "currency")
    )
    return CheckResult(
        ShipmentDeclaration.objects.count(),
        drift_rows(drifted, object_type="declarations.shipmentdeclaration"),
    )
