"""Global search: the top bar's box finds buyers, policies, limits, invoices, claims and loans by
number or name, as the user types.

Each app registers what it can find in its own ``search.py`` (autodiscovered, like dashboard
cards) with ``@search_provider(kind, label, order)``; a provider receives the user, the query and
how many hits to return, and reads through the app's own "visible to this user" selector, so a
search never shows what the user could not open. Numbers match from their start, ignoring case.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

MIN_CHARS = 2
MAX_CHARS = 100
PER_KIND = 5


@dataclass(frozen=True)
class Hit:
    title: str  # the number or the name
    subtitle: str  # what tells two hits apart (insured, buyer, status ...)
    url: str
    id: int | None = None  # the object's id, for pickers that fill a form field with it


_PROVIDERS: list[tuple[int, str, object, Callable[..., Iterable[Hit]]]] = []


def search_provider(kind: str, label, order: int = 100):
    """Register ``func(user, query, limit) -> iterable of Hit`` under ``kind`` (shown as ``label``)."""

    def register(func):
        if all(k != kind for _o, k, _l, _f in _PROVIDERS):
            _PROVIDERS.append((order, kind, label, func))
            _PROVIDERS.sort(key=lambda p: p[0])
        return func

    return register


def clean_query(query: str | None) -> str:
    return " ".join((query or "").split())[:MAX_CHARS]


def search(user, query: str | None, *, per_kind: int = PER_KIND) -> list[dict]:
    """Groups of hits the user may see: [{"kind", "label", "hits": [Hit, ...]}], empty groups left out;
    nothing for a query shorter than MIN_CHARS."""
    text = clean_query(query)
    if len(text) < MIN_CHARS or not getattr(user, "is_authenticated", False):
        return []
    groups = []
    for _order, kind, label, func in _PROVIDERS:
        hits = list(func(user, text, per_kind))[:per_kind]
        if hits:
            groups.append({"kind": kind, "label": str(label), "hits": hits})
    return groups
