"""Pure rules of credit information (no ORM): the traffic light (资信红绿灯)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

GREEN, YELLOW, RED = "green", "yellow", "red"

# DESIGN.md (seed): red = trade prudently: fraud or strong suspicion of it, serious default record,
# bankrupt or closed; yellow = trade with care: a past breach of trust, operating trouble, or
# incomplete disclosure; green = normal trading, no notable negative information.
RED_KINDS = frozenset({"fraud", "serious_default", "bankruptcy"})
YELLOW_KINDS = frozenset({"past_default", "operating_trouble", "incomplete_disclosure"})


@dataclass(frozen=True)
class EventFact:
    kind: str
    event_date: date
    title: str
    resolved: bool = False


@dataclass(frozen=True)
class Light:
    colour: str
    reason: str  # one line: the event that set the colour, or the green default
    event_kind: str = ""


def traffic_light(events: Iterable[EventFact]) -> Light:
    """The light of a buyer from its own risk events. Red wins over yellow; within a colour the
    latest event gives the reason. Resolved events no longer count."""
    live = [e for e in events if not e.resolved]
    for colour, kinds in ((RED, RED_KINDS), (YELLOW, YELLOW_KINDS)):
        hits = [e for e in live if e.kind in kinds]
        if hits:
            latest = max(hits, key=lambda e: e.event_date)
            return Light(colour, f"{latest.event_date.isoformat()} {latest.title}", latest.kind)
    return Light(GREEN, "", "")


# The advice that goes with each colour (seed: 正常交易 / 稳妥交易 / 审慎交易).
def light_advice(colour: str) -> str:
    from django.utils.translation import gettext

    return {
        GREEN: gettext("Normal trading: no notable negative information on this buyer."),
        YELLOW: gettext(
            "Trade with care: a past breach of trust, operating trouble or incomplete disclosure."
        ),
        RED: gettext(
            "Trade prudently: fraud or strong suspicion of it, a serious default record, or bankrupt "
            "or closed. Learn more before you ship on credit."
        ),
    }.get(colour, "")


def light_reason_or_default(colour: str, reason: str) -> str:
    """The one line shown with a light: the event that set it, or the green default."""
    from django.utils.translation import gettext

    if reason:
        return reason
    return gettext("No notable negative information.") if colour == GREEN else ""


# --- buyer finder (资信导航仪) ---------------------------------------------------------------------


def hs_digits(value: str) -> str:
    """An HS code or prefix as typed ("8504.40", "8504 40") reduced to its digits."""
    return "".join(ch for ch in (value or "") if ch.isdigit())


def hs_prefix_range(prefix: str) -> tuple[str, str | None]:
    """The half-open string range [low, high) of the HS codes that start with ``prefix``.

    A range instead of LIKE 'prefix%' lets any B-tree index on hs_code serve the finder,
    whatever the database collation. ``high`` is None when every code from ``low`` on matches
    (a prefix of nines)."""
    digits = hs_digits(prefix)
    if not digits:
        raise ValueError("an HS prefix has at least one digit")
    stripped = digits.rstrip("9")
    if not stripped:
        return digits, None
    high = stripped[:-1] + str(int(stripped[-1]) + 1)
    return digits, high
