"""What declarations add to the premium invoice PDF (保费发票, rendered by policies): the shipments
billed on a monthly invoice, per buyer."""

from __future__ import annotations

from django.db.models import Count, Sum

from declarations.models import ShipmentDeclaration


def premium_invoice_lines(invoice) -> list[dict]:
    return list(
        ShipmentDeclaration.objects.filter(premium_invoice=invoice)
        .values("buyer__name", "buyer__name_zh", "buyer__country_id")
        .annotate(count=Count("pk"), declared=Sum("amount_usd"), premium=Sum("premium_usd"))
        .order_by("buyer__name")
    )
