"""What the top bar's global search finds among loans (sinosure_portal/core/search.py)."""

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from financing.selectors import loans_visible
from sinosure_portal.core.search import Hit, search_provider


@search_provider("loan", _("Loans"), order=60)
def search_loans(user, query: str, limit: int):
    found = (
        loans_visible(user)
        .filter(Q(number__startswith=query.upper()) | Q(bank_reference__istartswith=query))
        .select_related("organisation", "bank")
        .order_by("-id")[:limit]
    )
    return [
        Hit(
            loan.number or loan.bank_reference,
            f"{loan.organisation.display_name} · {loan.bank.display_name} · {loan.currency} {loan.amount:,.2f}",
            reverse("financing:loan-detail", args=[loan.pk]),
        )
        for loan in found
    ]
