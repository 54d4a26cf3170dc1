"""The main menu by role. Apps add their entries with ``nav_item`` in their ``dashboard.py``."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from sinosure_portal.accounts.models import Role


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    icon: str
    roles: frozenset[str]
    order: int


_ITEMS: list[NavItem] = []


def nav_item(label, url_name: str, *, icon: str, roles: Iterable[str], order: int = 100) -> None:
    _ITEMS.append(NavItem(label, url_name, icon, frozenset(str(r) for r in roles), order))
    _ITEMS.sort(key=lambda item: item.order)


def navigation_for(request) -> list[dict]:
    role = request.user.role
    path = request.path
    entries = []
    for item in _ITEMS:
        if role not in item.roles:
            continue
        try:
            url = reverse(item.url_name)
        except NoReverseMatch:
            continue
        entries.append({"label": item.label, "url": url, "icon": item.icon, "active": False})
    # only the entry with the longest matching prefix is lit (/limits/applications/ is not /limits/)
    matches = [e for e in entries if (path == e["url"] if e["url"] == "/" else path.startswith(e["url"]))]
    if matches:
        max(matches, key=lambda e: len(e["url"]))["active"] = True
    return entries


ALL = [r.value for r in Role]
nav_item(_("Dashboard"), "core:dashboard", icon="bi-speedometer2", roles=ALL, order=0)
nav_item(_("Inbox"), "core:inbox", icon="bi-envelope", roles=ALL, order=900)
nav_item(
    _("Exchange rates"),
    "core:rates",
    icon="bi-currency-exchange",
    roles=[Role.ADMIN, Role.UNDERWRITER, Role.CLAIMS],
    order=950,
)
nav_item(
    _("Calendar"),
    "core:calendar",
    icon="bi-calendar3",
    roles=[Role.ADMIN, Role.UNDERWRITER, Role.CLAIMS],
    order=960,
)
nav_item(
    _("Audit trail"),
    "core:audit",
    icon="bi-journal-text",
    roles=[Role.ADMIN, Role.UNDERWRITER, Role.CLAIMS],
    order=970,
)
