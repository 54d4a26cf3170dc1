"""Dashboard cards and menu entries of credit limits."""

from decimal import Decimal

from django.urls import reverse
from django.utils.translation import get_language, gettext_lazy, pgettext_lazy
from django.utils.translation import gettext as _

from limits import selectors
from sinosure_portal.accounts.models import Role
from sinosure_portal.core.dashboard import Card, card
from sinosure_portal.core.navigation import nav_item, phone_tab
from sinosure_portal.money.currency import quantize

INSURED = [Role.EXPORTER, Role.BANK]
STAFF = [Role.UNDERWRITER, Role.CLAIMS, Role.ADMIN]

nav_item(
    gettext_lazy("Credit limits"), "limits:limit-list", icon="bi-sliders", roles=[*INSURED, *STAFF], order=200
)
nav_item(
    gettext_lazy("Limit applications"),
    "limits:application-list",
    icon="bi-ui-checks",
    roles=[*INSURED, Role.UNDERWRITER, Role.ADMIN],
    order=210,
)
nav_item(
    gettext_lazy("Limit queue"),
    "limits:queue",
    icon="bi-list-task",
    roles=[Role.UNDERWRITER, Role.ADMIN],
    order=220,
)
nav_item(
    gettext_lazy("Automatic decision rules"),
    "limits:rules",
    icon="bi-lightning-charge",
    roles=[Role.UNDERWRITER, Role.ADMIN],
    order=230,
)


def _usd(amount: Decimal) -> str:
    return f"USD {quantize(amount, 'USD'):,}"


@card(roles=INSURED, order=20)
def my_limits(request) -> Card:
    totals = selectors.limit_counts(request.user)
    latest = list(
        selectors.with_available(
            selectors.limits_visible(request.user).filter(status__in=selectors.LIVE)
        ).order_by("available")[:3]
    )
    return Card(
        title=_("My credit limits"),
        value=totals["live"],
        caption=_("available %(amount)s") % {"amount": _usd(totals["amount"] - totals["exposure"])},
        url=reverse("limits:limit-list"),
        icon="bi-sliders",
        variant="success",
        items=[
            (
                f"{limit.buyer.display_name} · {_usd(limit.available)}",
                reverse("limits:limit-detail", args=[limit.pk]),
            )
            for limit in latest
        ],
    )


@card(roles=[Role.UNDERWRITER, Role.ADMIN], order=20)
def limit_queue(request) -> Card:
    qs = selectors.limit_queue(request.user)
    oldest = list(qs[:3])
    return Card(
        title=_("Limit queue"),
        value=qs.count(),
        caption=_("applications to decide"),
        url=reverse("limits:queue"),
        icon="bi-list-task",
        variant="warning" if oldest else "success",
        items=[
            (
                f"{a.number} · {a.buyer.display_name} · {_usd(a.amount_requested_usd)}",
                reverse("limits:application-detail", args=[a.pk]),
            )
            for a in oldest
        ],
    )


@card(roles=[Role.UNDERWRITER, Role.ADMIN, Role.CLAIMS], order=30)
def exposure_by_country(request) -> Card | None:
    rows = selectors.exposure_by_country(request.user)
    totals = selectors.limit_counts(request.user)
    english = (get_language() or "").startswith("en")
    labels = [r["buyer__country__name_en"] if english else r["buyer__country__name_zh"] for r in rows]
    return Card(
        title=_("Limits by country"),
        value=_usd(totals["amount"]),
        caption=_("approved on live limits; exposure %(amount)s") % {"amount": _usd(totals["exposure"])},
        url=reverse("limits:limit-list"),
        icon="bi-globe2",
        variant="info",
        chart={
            "type": "bar",
            "data": {
                "labels": labels,
                "datasets": [
                    {
                        "label": str(_("Approved")),
                        "data": [quantize(r["limits"], "USD") for r in rows],
                        "backgroundColor": "#1f4e79",
                    },
                    {
                        "label": str(_("Exposure")),
                        "data": [quantize(r["exposure"], "USD") for r in rows],
                        "backgroundColor": "#f79009",
                    },
                ],
            },
            "options": {
                "plugins": {"legend": {"display": False}},
                "scales": {"x": {"ticks": {"font": {"size": 9}}}},
            },
        }
        if rows
        else None,
    )


# the bottom bar on a phone (sinosure_portal/core/navigation.py)
phone_tab(
    pgettext_lazy("phone tab", "Limits in transit"),
    "limits:application-list",
    icon="bi-hourglass-split",
    roles=[Role.EXPORTER],  # the phone app's functions are an exporter's
    order=20,
)
phone_tab(
    pgettext_lazy("phone tab", "To decide"),
    "limits:queue",
    icon="bi-inboxes",
    roles=[Role.UNDERWRITER],
    order=20,
)
phone_tab(
    pgettext_lazy("phone tab", "Limits"),
    "limits:limit-list",
    icon="bi-sliders",
    roles=[Role.UNDERWRITER, Role.ADMIN],
    order=25,
)
