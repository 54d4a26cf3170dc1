"""Dashboard cards by role.

Any app registers a card with ``@card(roles=[...], order=N)`` in its ``dashboard.py``; the card
function receives the request and returns a :class:`Card` (or None to stay hidden). The
dashboard page shows, for the signed-in user's role, every card in order.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from sinosure_portal.accounts.models import Role


@dataclass
class Card:
    title: str
    value: str | int = ""
    caption: str = ""
    url: str = ""
    icon: str = "bi-grid"
    variant: str = "primary"  # bootstrap colour of the accent
    items: list[tuple[str, str]] = field(default_factory=list)  # (label, url) lines under the figure
    chart: dict | None = None  # a Chart.js config, rendered as a small chart

    @property
    def chart_json(self) -> str:
        import json

        return json.dumps(self.chart, ensure_ascii=False, default=str)


_REGISTRY: list[tuple[int, frozenset[str], Callable]] = []


def card(*, roles: Iterable[str], order: int = 100):
    def register(func: Callable) -> Callable:
        _REGISTRY.append((order, frozenset(str(r) for r in roles), func))
        _REGISTRY.sort(key=lambda entry: entry[0])
        return func

    return register


def cards_for(request) -> list[Card]:
    role = request.user.role
    result = []
    for _order, roles, func in _REGISTRY:
        if role in roles:
            built = func(request)
            if built is not None:
                result.append(built)
    return result


ALL_ROLES = [r.value for r in Role]


@card(roles=ALL_ROLES, order=900)
def inbox_card(request) -> Card:
    from sinosure_portal.notifications.models import Notification

    latest = list(Notification.objects.filter(user=request.user).order_by("-created_at")[:3])
    return Card(
        title=str(_("Inbox")),
        value=Notification.objects.filter(user=request.user, read_at__isnull=True).count(),
        caption=str(_("unread messages")),
        url=reverse("core:inbox"),
        icon="bi-envelope",
        variant="info",
        items=[(n.heading(), n.url or reverse("core:inbox")) for n in latest],
    )


@card(roles=[Role.ADMIN], order=950)
def calendar_card(request) -> Card:
    from sinosure_portal.workdays.calendar import coverage

    cov = coverage()
    ok = cov["next_year_official"]
    return Card(
        title=str(_("Working-day calendar")),
        value=cov["official_through"],
        caption=str(_("official data through this year"))
        if ok
        else str(_("next year is provisional: enter the State Council notice")),
        url=reverse("core:calendar"),
        icon="bi-calendar3",
        variant="success" if ok else "warning",
    )


@card(roles=[Role.ADMIN, Role.UNDERWRITER, Role.CLAIMS], order=960)
def rates_card(request) -> Card:
    from sinosure_portal.money.models import ExchangeRate

    latest = ExchangeRate.objects.order_by("-date").values_list("date", flat=True).first()
    return Card(
        title=str(_("Exchange rates")),
        value=latest.isoformat() if latest else "-",
        caption=str(_("latest rate date")),
        url=reverse("core:rates"),
        icon="bi-currency-exchange",
        variant="secondary",
    )
