"""The webhooks' menu entry: every role of every organisation may connect its systems."""

from django.utils.translation import gettext_lazy

from sinosure_portal.accounts.models import Role
from sinosure_portal.core.navigation import nav_item

nav_item(
    gettext_lazy("Webhooks"),
    "webhooks:endpoints",
    icon="bi-broadcast",
    roles=[r.value for r in Role],
    order=940,
)
