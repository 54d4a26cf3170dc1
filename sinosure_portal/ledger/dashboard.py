"""The ledger's menu entry and its dashboard card for the insurer's administrators and underwriters."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sinosure_portal.accounts.models import Role
from sinosure_portal.core.dashboard import Card, card
from sinosure_portal.core.navigation import nav_item
from sinosure_portal.ledger.models import ReconciliationRun

STAFF = [Role.ADMIN, Role.UNDERWRITER, Role.CLAIMS]

nav_item(
    gettext_lazy("Ledger reconciliation"), "ledger:runs", icon="bi-clipboard-check", roles=STAFF, order=980
)


@card(roles=[Role.ADMIN, Role.UNDERWRITER], order=890)
def reconciliation_card(request):
    latest = ReconciliationRun.objects.order_by("-started_at", "-id").first()
    if latest is None:
        return Card(
            title=_("Ledger reconciliation"),
            value=_("Not run yet"),
            url=reverse("ledger:runs"),
            icon="bi-clipboard-check",
            variant="secondary",
        )
    drift = latest.status == ReconciliationRun.Status.DRIFT
    return Card(
        title=_("Ledger reconciliation"),
        value=_("%(n)d rows drifted") % {"n": latest.findings_count} if drift else _("Reconciled"),
        caption=_("Last run %(when)s") % {"when": f"{latest.started_at:%Y-%m-%d %H:%M}"},
        url=reverse("ledger:run", args=[latest.pk]),
        icon="bi-clipboard-check",
        variant="danger" if drift else "success",
    )
