"""What the top bar's global search finds among buyers (sinosure_portal/core/search.py): the
traffic-light look-up itself (registration number, or any of the names, typo-tolerant), which every
signed-in user may use."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from creditinfo.selectors import buyer_lookup
from sinosure_portal.core.search import Hit, search_provider


@search_provider("buyer", _("Buyers"), order=10)
def search_buyers(user, query: str, limit: int):
    result = buyer_lookup(query=query, limit=limit)
    return [
        Hit(
            b.display_name,
            f"{b.country_id} · {b.registration_number or b.swift_code} · {b.get_light_display()}",
            reverse("creditinfo:buyer-detail", args=[b.pk]),
            b.pk,
        )
        for b in result.buyers
    ]
