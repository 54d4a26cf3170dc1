"""What the top bar's global search finds among claims (sinosure_portal/core/search.py)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from claims.selectors import claims_visible
from sinosure_portal.core.search import Hit, search_provider


@search_provider("claim", _("Claims"), order=50)
def search_claims(user, query: str, limit: int):
    found = (
        claims_visible(user)
        .filter(number__startswith=query.upper())
        .select_related("buyer")
        .order_by("-id")[:limit]
    )
    return [
        Hit(
            c.number,
            f"{c.buyer.display_name} · {c.get_status_display()}",
            reverse("claims:claim-detail", args=[c.pk]),
        )
        for c in found
    ]
