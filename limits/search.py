"""What the top bar's global search finds among credit limits (sinosure_portal/core/search.py)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from limits.selectors import limits_visible
from sinosure_portal.core.search import Hit, search_provider


@search_provider("limit", _("Credit limits"), order=30)
def search_limits(user, query: str, limit: int):
    found = (
        limits_visible(user)
        .filter(number__startswith=query.upper())
        .select_related("buyer", "policy")
        .order_by("-id")[:limit]
    )
    return [
        Hit(
            credit_limit.number,
            f"{credit_limit.buyer.display_name} · USD {credit_limit.amount_usd:,.2f} · {credit_limit.get_status_display()}",
            reverse("limits:limit-detail", args=[credit_limit.pk]),
        )
        for credit_limit in found
    ]
