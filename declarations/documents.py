"""The premium invoice PDF (保费发票), rendered in Chinese with English sub-titles and kept with its
SHA-256: rendered once when first asked for, then served unchanged."""

from __future__ import annotations

from django.db.models import Count, Sum

from declarations.models import ShipmentDeclaration
from policies.models import PremiumInvoice
from sinosure_portal.core.documents import document_latest, document_render, document_response

KIND = "premium_invoice"
CONTRACT_LANGUAGE = "zh-hans"


def premium_invoice_render(invoice: PremiumInvoice, *, actor=None):
    lines = list(
        ShipmentDeclaration.objects.filter(premium_invoice=invoice)
        .values("buyer__name", "buyer__name_zh", "buyer__country_id")
        .annotate(count=Count("pk"), declared=Sum("amount_usd"), premium=Sum("premium_usd"))
        .order_by("buyer__name")
    )
    return document_render(
        invoice,
        kind=KIND,
        template="declarations/documents/premium_invoice.html",
        context={"invoice": invoice, "policy": invoice.policy, "lines": lines},
        title=f"保费发票 {invoice.number or invoice.pk}",
        actor=actor,
        language=CONTRACT_LANGUAGE,
    )


def premium_invoice_pdf_response(invoice: PremiumInvoice, *, actor=None):
    doc = document_latest(invoice, KIND) or premium_invoice_render(invoice, actor=actor)
    return document_response(doc, filename=f"premium-invoice-{invoice.number or invoice.pk}.pdf", inline=True)
