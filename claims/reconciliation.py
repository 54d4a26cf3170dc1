"""The claims' figures the nightly reconciliation checks (registered in ``apps.py``): the
indemnities paid on a policy never exceed its maximum liability (赔偿限额)."""

from django.db.models import F, OuterRef, Subquery, Sum

from claims.models import IndemnityPayment
from policies.models import Policy
from sinosure_portal.ledger.checks import CheckResult, drift_rows


def policy_indemnities_check() -> CheckResult:
    paid = (
        IndemnityPayment.objects.filter(policy=OuterRef("pk"))
        .order_by()
        .values("policy")
        .annotate(total=Sum("amount_usd"))
        .values("total")
    )
    over = Policy.objects.annotate(paid=Subquery(paid)).filter(paid__gt=F("max_liability_usd")).order_by("pk")
    rows = [(p.pk, str(p), p.paid, p.max_liability_usd) for p in over]
    return CheckResult(Policy.objects.count(), drift_rows(rows, object_type="policies.policy"))
