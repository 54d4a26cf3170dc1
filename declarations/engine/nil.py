"""A shipment declared in a month reported nil (零申报) withdraws that report, in the declaring
transaction: the month was not nil after all (audited, the reason in the reader's language)."""

from __future__ import annotations

from django.db.models.functions import TruncMonth

from declarations.models import NilDeclaration, ShipmentDeclaration
from sinosure_portal.audit.services import audit_record_many
from sinosure_portal.texts import Text


def withdraw_nil_months(*, policy_id: int, declaration_ids: list[int], actor_id, actor_org_id, at) -> int:
    """Withdraw the policy's nil reports for the months these declarations shipped in (one query
    when there are none, the usual case); returns how many were withdrawn."""
    if not declaration_ids:
        return 0
    months = (
        ShipmentDeclaration.objects.filter(pk__in=declaration_ids)
        .annotate(shipped_month=TruncMonth("shipment_date"))
        .values("shipped_month")
    )
    withdrawn = list(
        NilDeclaration.objects.select_for_update()
        .filter(policy_id=policy_id, month__in=months)
        .order_by("pk")
    )
    if not withdrawn:
        return 0
    audit_record_many(
        NilDeclaration,
        actor_id=actor_id,
        actor_organisation_id=actor_org_id,
        at=at,
        rows=[
            {
                "object_id": nil.pk,
                "object_repr": str(nil),
                "action": "nil_declaration.withdrawn",
                "reason": Text("declarations.nil_withdrawn", {"month": nil.month.strftime("%Y-%m")}),
            }
            for nil in withdrawn
        ],
    )
    NilDeclaration.objects.filter(pk__in=[nil.pk for nil in withdrawn]).delete()
    return len(withdrawn)
