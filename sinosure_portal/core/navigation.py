"""The main menu by role. Apps add their entries with ``nav_item`` in their ``dashboard.py``.

Entries are grouped under a heading by the app that owns their URL (policies and limits under
underwriting, and so on); the groups follow the order of their first entry, so each role's menu
reads as the lifecycle it works in. The dashboard stands alone at the top."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

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


# the heading of each URL namespace's entries
SECTIONS = {
    "policies": pgettext_lazy("menu section", "Underwriting"),
    "limits": pgettext_lazy("menu section", "Underwriting"),
    "limit_batches": pgettext_lazy("menu section", "Underwriting"),
    "declarations": pgettext_lazy("menu section", "Shipments and receivables"),
    "claims": pgettext_lazy("menu section", "Losses and claims"),
    "financing": pgettext_lazy("menu section", "Financing"),
    "creditinfo": pgettext_lazy("menu section", "Credit information"),
    "creditinfo_learn": pgettext_lazy("menu section", "Learning corner"),
    "core": pgettext_lazy("menu section", "Tools"),
}


def _section(item: NavItem):
    if item.url_name == "core:dashboard":
        return None
    return SECTIONS.get(item.url_name.split(":", 1)[0], SECTIONS["core"])


def navigation_for(request) -> list[dict]:
    """The user's menu entries in display order; ``heading`` is set on the first of each group."""
    role = request.user.role
    path = request.path
    groups: dict = {}
    for item in _ITEMS:
        if role not in item.roles:
            continue
        try:
            url = reverse(item.url_name)
        except NoReverseMatch:
            continue
        section = _section(item)
        groups.setdefault(str(section) if section else "", (section, []))[1].append(
            {"label": item.label, "url": url, "icon": item.icon, "active": False, "heading": None}
        )
    entries = []
    for section, items in groups.values():  # dicts keep the order of each group's first entry
        items[0]["heading"] = section
        entries.extend(items)
    # only the entry with the longest matching prefix is lit (/limits/applications/ is not /limits/)
    matches = [e for e in entries if (path == e["url"] if e["url"] == "/" else path.startswith(e["url"]))]
    if matches:
        max(matches, key=lambda e: len(e["url"]))["active"] = True
    return entries


ALL = [r.value for r in Role]
nav_item(_("Dashboard"), "core:dashboard", icon="bi-speedometer2", roles=ALL, order=0)
nav_item(_("Inbox"), "core:inbox", icon="bi-envelope", roles=ALL, order=900)
nav_item(_("Statistics"), "core:stats", icon="bi-bar-chart-line", roles=ALL, order=905)
nav_item(_("Team"), "team", icon="bi-people", roles=[Role.EXPORTER, Role.BANK], order=920)
nav_item(
    _("Approvals"),
    "approvals",
    icon="bi-check2-square",
    roles=[Role.EXPORTER, Role.BANK, Role.UNDERWRITER],
    order=930,
)
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


# --- the bottom bar on a phone -------------------------------------------------------------------
# What a person on the move opens most (the phone app's functions: my policy, limits in transit,
# receivables, buyer alerts, country panorama). Apps add their tabs with ``phone_tab`` in their
# dashboard.py; a role sees at most PHONE_TABS of them, in order, after "Home".

PHONE_TABS = 5
_PHONE: list[NavItem] = []


_PHONE_SECTIONS: dict[str, str] = {}


def phone_tab(
    label, url_name: str, *, icon: str, roles: Iterable[str], order: int = 100, section: str | None = None
) -> None:
    """``section``: the URL name of a list whose pages also light the tab (a tab that opens one
    policy stays lit on every policy page)."""
    _PHONE.append(NavItem(label, url_name, icon, frozenset(str(r) for r in roles), order))
    _PHONE.sort(key=lambda item: item.order)
    if section:
        _PHONE_SECTIONS[url_name] = section


def phone_tabs_for(request) -> list[dict]:
    role, path = request.user.role, request.path
    tabs = []
    for item in _PHONE:
        if role in item.roles and len(tabs) < PHONE_TABS:
            try:
                url = reverse(item.url_name)
                section = reverse(_PHONE_SECTIONS[item.url_name]) if item.url_name in _PHONE_SECTIONS else url
                tabs.append(
                    {"label": item.label, "url": url, "section": section, "icon": item.icon, "active": False}
                )
            except NoReverseMatch:
                continue
    matches = [t for t in tabs if (path == t["url"] if t["url"] == "/" else path.startswith(t["section"]))]
    if matches:
        max(matches, key=lambda t: len(t["section"]))["active"] = True
    return tabs


phone_tab(_("Home"), "core:dashboard", icon="bi-house", roles=ALL, order=0)
