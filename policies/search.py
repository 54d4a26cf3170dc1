"""What the top bar's global search finds among policies (sinosure_portal/core/search.py)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from policies.selectors import policies_visible
from sinosure_portal.core.search import Hit, search_provider


@search_provider("policy", _("Policies"), order=20)
def search_policies(user, query: str, limit: int):
    found = (
        policies_visible(user)
        .filter(number__startswith=query.upper())
        .select_related("organisation")
        .order_by("-id")[:limit]
    )
    return [
        Hit(
            p.number,
            f"{p.organisation.display_name} · {p.get_product_display()} · {p.get_status_display()}",
            reverse("policies:policy-detail", args=[p.pk]),
        )
        for p in found
    ]
