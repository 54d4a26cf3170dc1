"""Texts the system writes for people (notifications, reminders, audit reasons), stored as a kind
and its parameters and rendered in the reader's language when shown or e-mailed.

Each app registers its texts once, in its ``messages.py`` (imported from ``AppConfig.ready``)::

    register_texts(
        "limits.decided",
        title=_("Credit limit %(number)s decided"),
        body=ngettext_lazy("%(count)s shipment is covered.", "%(count)s shipments are covered.", "count"),
    )

and refers to them as ``Text("limits.decided", {"number": "CL2026000001", "count": 3})``. The
parameters must be JSON (str, int, ISO dates, amounts pre-formatted with the money helper): they
are stored, and the templates are applied to them again for every reader. A plural template
(``ngettext_lazy(..., "count")``) takes its form from ``params["count"]``.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass, field
from typing import Any

from django.utils.encoding import force_str
from django.utils.translation import override


@dataclass(frozen=True)
class _Templates:
    title: Any
    body: Any = ""
    prepare: Callable[[dict], dict] | None = None  # params as stored -> params as shown


_TEXTS: dict[str, _Templates] = {}


def register_texts(
    kind: str, title: Any, body: Any = "", prepare: Callable[[dict], dict] | None = None
) -> None:
    """Register the title (and body) templates of ``kind``; registering the same again is harmless.
    ``prepare`` turns stored parameters into shown ones when a text is rendered (an amount stored
    as "1000.125" with its currency shown as "1,000.125")."""
    entry = _Templates(title, body, prepare)
    existing = _TEXTS.get(kind)
    if existing is not None and (force_str(existing.title), force_str(existing.body)) != (
        force_str(title),
        force_str(body),
    ):
        raise ValueError(f"text {kind} is registered twice with different templates")
    _TEXTS[kind] = entry


def is_registered(kind: str) -> bool:
    return kind in _TEXTS


def render(kind: str, params: dict | None = None, *, part: str = "title", language: str | None = None) -> str:
    """``kind``'s title or body with ``params``, in ``language`` (default: the active language)."""
    templates = _TEXTS.get(kind)
    if templates is None:
        raise KeyError(f"no text registered as {kind}")
    template = templates.title if part == "title" else templates.body
    with override(language) if language else nullcontext():
        if not template:
            return ""
        if params and templates.prepare is not None:
            params = templates.prepare(dict(params))
        if params:
            return force_str(template % params)
        return force_str(template)


@dataclass(frozen=True)
class Text:
    """A registered text with its parameters, not yet rendered."""

    kind: str
    params: dict = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not is_registered(self.kind):
            raise KeyError(f"no text registered as {self.kind}")

    def title(self, language: str | None = None) -> str:
        return render(self.kind, self.params, part="title", language=language)

    def body(self, language: str | None = None) -> str:
        return render(self.kind, self.params, part="body", language=language)

    def __str__(self) -> str:
        return self.title()
