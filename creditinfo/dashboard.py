"""Dashboard cards and menu entries of the credit information tools."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from sinosure_portal.accounts.models import Role
from sinosure_portal.core.dashboard import Card, card
from sinosure_portal.core.navigation import nav_item, phone_tab

EVERYONE = [r.value for r in Role]
CUSTOMERS = [Role.EXPORTER, Role.BANK]
ANALYSTS = [Role.UNDERWRITER, Role.ADMIN]

nav_item(gettext_lazy("Traffic light"), "creditinfo:light", icon="bi-stoplights", roles=EVERYONE, order=600)
nav_item(gettext_lazy("Alerts"), "creditinfo:alerts", icon="bi-broadcast", roles=EVERYONE, order=610)
nav_item(gettext_lazy("Buyer finder"), "creditinfo:finder", icon="bi-compass", roles=EVERYONE, order=620)
nav_item(gettext_lazy("Buyers"), "creditinfo:buyers", icon="bi-buildings", roles=EVERYONE, order=630)
nav_item(
    gettext_lazy("Credit reports"),
    "creditinfo:reports",
    icon="bi-file-earmark-text",
    roles=[*CUSTOMERS, *ANALYSTS, Role.CLAIMS],
    order=640,
)
nav_item(gettext_lazy("Country risk"), "creditinfo:countries", icon="bi-globe2", roles=EVERYONE, order=650)
nav_item(
    gettext_lazy("Industry risk"), "creditinfo:industries", icon="bi-diagram-3", roles=EVERYONE, order=660
)
nav_item(
    gettext_lazy("Learning corner"), "creditinfo_learn:home", icon="bi-mortarboard", roles=EVERYONE, order=680
)


@card(roles=CUSTOMERS, order=300)
def traffic_light_card(request) -> Card:
    from creditinfo.models import Buyer

    watched = list(
        Buyer.objects.filter(subscriptions__user=request.user, light__in=["red", "yellow"])
        .order_by("-light_changed_at")
        .only("pk", "name", "name_en", "name_zh", "light")[:3]
    )
    count = Buyer.objects.filter(subscriptions__user=request.user, light__in=["red", "yellow"]).count()
    return Card(
        title=_("Traffic light"),
        value=count,
        caption=_("red or yellow lights among the buyers you follow"),
        url=reverse("creditinfo:light"),
        icon="bi-stoplights",
        variant="danger" if count else "success",
        items=[
            (f"{b.get_light_display()} · {b.display_name}", reverse("creditinfo:buyer-detail", args=[b.pk]))
            for b in watched
        ],
    )


@card(roles=EVERYONE, order=310)
def alerts_card(request) -> Card:
    from creditinfo.selectors import unread_alert_count
    from sinosure_portal.notifications.models import Notification

    latest = Notification.objects.filter(
        user=request.user, kind__in=["creditinfo.risk_event", "creditinfo.light_change"]
    ).order_by("-created_at", "-id")[:3]
    return Card(
        title=_("Alerts"),
        value=unread_alert_count(request.user),
        caption=_("unread risk alerts on what you follow"),
        url=reverse("creditinfo:alerts"),
        icon="bi-broadcast",
        variant="warning",
        items=[(n.title, n.url or reverse("creditinfo:alerts")) for n in latest],
    )


@card(roles=CUSTOMERS, order=320)
def finder_card(request) -> Card:
    from creditinfo.models import Importer

    return Card(
        title=_("Buyer finder"),
        value=Importer.objects.count(),
        caption=_("importers in the trade records: find new customers by product and country"),
        url=reverse("creditinfo:finder"),
        icon="bi-compass",
        variant="primary",
    )


@card(roles=CUSTOMERS, order=330)
def my_reports_card(request) -> Card | None:
    from creditinfo.models import CreditReportOrder
    from creditinfo.selectors import report_orders_visible

    S = CreditReportOrder.Status
    # the card counts and lists the orders still in progress (a delivered report is not one)
    orders = report_orders_visible(request.user).filter(status__in=[S.ORDERED, S.IN_PROGRESS])
    open_count = orders.count()
    return Card(
        title=_("Credit reports"),
        value=open_count,
        caption=_("orders in progress"),
        url=reverse("creditinfo:reports"),
        icon="bi-file-earmark-text",
        variant="info",
        items=[
            (
                f"{o.reference} · {o.buyer_label} · {o.get_status_display()}",
                reverse("creditinfo:report-detail", args=[o.pk]),
            )
            for o in orders[:3]
        ],
    )


@card(roles=ANALYSTS, order=300)
def report_orders_card(request) -> Card:
    from creditinfo.selectors import report_orders_open_count

    counts = report_orders_open_count()
    return Card(
        title=_("Credit report orders"),
        value=counts["open"],
        caption=_("open (%(waiting)s waiting, %(overdue)s overdue)") % counts,
        url=reverse("creditinfo:reports") + "?status=ordered",
        icon="bi-file-earmark-text",
        variant="danger" if counts["overdue"] else "primary",
    )


@card(roles=ANALYSTS, order=310)
def record_event_card(request) -> Card:
    from creditinfo.models import RiskEvent

    recent = RiskEvent.objects.filter(recorded_at__gte=timezone.now() - timedelta(days=30)).count()
    return Card(
        title=_("Risk events"),
        value=recent,
        caption=_("recorded in the last 30 days: record a new one"),
        url=reverse("creditinfo:event-new"),
        icon="bi-exclamation-triangle",
        variant="danger",
    )


# the bottom bar on a phone (sinosure_portal/core/navigation.py)
phone_tab(
    pgettext_lazy("phone tab", "Alerts"), "creditinfo:alerts", icon="bi-broadcast", roles=EVERYONE, order=40
)
phone_tab(
    pgettext_lazy("phone tab", "Countries"),
    "creditinfo:countries",
    icon="bi-globe2",
    roles=EVERYONE,
    order=50,
)
