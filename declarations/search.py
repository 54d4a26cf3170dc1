"""What the top bar's global search finds among declared shipments, by invoice number
(sinosure_portal/core/search.py). The match ignores case and uses the index on
UPPER(invoice_number) (migration 0007), so it stays fast over millions of declarations."""

from django.db.models.functions import Upper
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from declarations.selectors import declarations_visible
from sinosure_portal.core.search import Hit, search_provider


@search_provider("invoice", _("Invoices"), order=40)
def search_invoices(user, query: str, limit: int):
    found = (
        declarations_visible(user)
        .annotate(invoice_upper=Upper("invoice_number"))
        .filter(invoice_upper__startswith=query.upper())
        .select_related("buyer")
        .order_by("-declared_on", "-id")[:limit]
    )
    return [
        Hit(
            d.invoice_number,
            f"{d.buyer.display_name} · {d.currency} {d.amount:,.2f} · {d.get_status_display()}",
            reverse("declarations:declaration-detail", args=[d.pk]),
        )
        for d in found
    ]
