"""Menu entries and dashboard cards of declarations and receivables."""

from django.db.models import Count, F, Q, Sum
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from declarations import selectors
from declarations.models import DeclarationAmendment, ShipmentDeclaration
from sinosure_portal.accounts.models import Role
from sinosure_portal.core.dashboard import Card, card
from sinosure_portal.core.navigation import nav_item, phone_tab
from sinosure_portal.core.templatetags.portal import money
from sinosure_portal.workdays.calendar import today

DECLARERS = [Role.EXPORTER, Role.BANK]
STAFF = [Role.UNDERWRITER, Role.CLAIMS, Role.ADMIN]

nav_item(
    gettext_lazy("Shipment declarations"),
    "declarations:declaration-list",
    icon="bi-box-seam",
    roles=[*DECLARERS, *STAFF],
    order=300,
)
nav_item(
    gettext_lazy("Receivables"),
    "declarations:receivable-list",
    icon="bi-hourglass-split",
    roles=[*DECLARERS, *STAFF],
    order=310,
)
nav_item(
    gettext_lazy("Limit batches"),
    "limit_batches:batch-list",
    icon="bi-collection",
    roles=[*DECLARERS, Role.UNDERWRITER],
    order=215,
)
nav_item(
    gettext_lazy("Remaining cover"),
    "declarations:cover-quote",
    icon="bi-calculator",
    roles=DECLARERS,
    order=305,
)
nav_item(
    gettext_lazy("Exposure by buyer"),
    "declarations:buyer-exposure",
    icon="bi-bar-chart-line",
    roles=STAFF,
    order=320,
)


@card(roles=DECLARERS, order=250)
def receivables_card(request):
    on = today()
    qs = selectors.receivables(request.user, on)
    summary = selectors.ageing_summary(qs)
    total = sum(s["outstanding_usd"] for s in summary)
    overdue = sum(s["count"] for s in summary if s["bucket"] != "current")
    return Card(
        title=_("Open receivables"),
        value=money(total, "USD"),
        caption=_("%(n)s overdue") % {"n": overdue},
        url=reverse("declarations:receivable-list"),
        icon="bi-hourglass-split",
        variant="danger" if overdue else "success",
        chart={
            "type": "bar",
            "data": {
                "labels": ["0", "1-30", "31-60", "61-90", "91-180", ">180"],
                "datasets": [
                    {"data": [float(s["outstanding_usd"]) for s in summary], "backgroundColor": "#12355b"}
                ],
            },
            "options": {"plugins": {"legend": {"display": False}}, "scales": {"y": {"display": False}}},
        },
    )


@card(roles=DECLARERS, order=255)
def declarations_card(request):
    if not selectors.policies_declaring(request.user).exists():
        return None
    first = today().replace(day=1)
    month = (
        selectors.declarations_visible(request.user)
        .filter(declared_on__gte=first)
        .aggregate(n=Count("pk"), premium=Sum("premium_usd"))
    )
    return Card(
        title=_("Declared this month"),
        value=month["n"],
        caption=_("premium %(amount)s") % {"amount": money(month["premium"] or 0, "USD")},
        url=reverse("declarations:declaration-list"),
        icon="bi-box-seam",
        items=[
            (_("Declare a shipment"), reverse("declarations:declaration-new")),
            (_("Bulk upload"), reverse("declarations:upload")),
        ],
    )


@card(roles=[Role.UNDERWRITER], order=260)
def exposure_card(request):
    totals = ShipmentDeclaration.objects.filter(status__in=list(ShipmentDeclaration.OPEN)).aggregate(
        exposure=Sum("exposure_usd"),
        overdue=Count("pk", filter=Q(status=ShipmentDeclaration.Status.OVERDUE)),
        outstanding=Sum(F("amount_usd") - F("paid_usd")),
    )
    pending = DeclarationAmendment.objects.filter(status=DeclarationAmendment.Status.SUBMITTED).count()
    return Card(
        title=_("Declared exposure"),
        value=money(totals["exposure"] or 0, "USD"),
        caption=_("%(n)s overdue receivables, %(m)s amendments to decide")
        % {"n": totals["overdue"], "m": pending},
        url=reverse("declarations:buyer-exposure"),
        icon="bi-bar-chart-line",
        variant="warning" if pending else "primary",
        items=[(_("Amendments to decide"), reverse("declarations:amendment-list"))] if pending else [],
    )


# the bottom bar on a phone (sinosure_portal/core/navigation.py)
phone_tab(
    pgettext_lazy("phone tab", "Receivables"),
    "declarations:receivable-list",
    icon="bi-receipt",
    roles=[Role.EXPORTER],
    order=30,
)
