"""The register of acts that commit an organisation (see accounts.acts). Apps add theirs in their
``acts.py``; the kernel knows them only through it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class ActKind:
    code: str
    label: Any  # what the act is called, translated
    duty: str  # the Duty that commits it (reviewer or e-signer)
    # runs the app's workflow function for an approved act; returns what it made or changed
    perform: Callable[[Any, Any], Any]
    # the page of the act's subject
    url: Callable[[Any], str] | None = None
    # a second person is needed whatever the organisation's setting (a limit decision above the amount)
    always_four_eyes: Callable[[Any], bool] | None = None
    # roles that may decide the act besides the duty (the insurer's acts: underwriters)
    roles: frozenset[str] | None = None
    # a draft is tried (and undone) when it is made, so that what could not be approved is refused
    # at once; False for an act whose workflow writes files (the app checks the draft itself)
    dry_run: bool = True


class ActRegistry:
    def __init__(self):
        self._kinds: dict[str, ActKind] = {}

    def register(self, kind: ActKind) -> None:
        """Register an act (once per code: an app's acts.py registering again replaces it)."""
        self._kinds[kind.code] = kind

    def get(self, code: str) -> ActKind:
        return self._kinds[code]

    def label(self, code: str) -> str:
        kind = self._kinds.get(code)
        return str(kind.label) if kind else str(_("Other act"))

    def codes(self) -> list[str]:
        return sorted(self._kinds)


act_registry = ActRegistry()
