"""Pure rules of declarations and receivables (no ORM): dates, the cover a limit gives a row of
shipments in order, how a payment is spread over open invoices, what exposure a receivable holds,
and its ageing bucket.

The limit's own rules (terms on a shipment date, payment term and credit period, what fits in the
available amount) live in ``limits.rules`` and are used here, never re-implemented; the declaration
engine (``declarations.engine``) covers every row, one or 100,000, an amendment too, through
``cover_one``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import NamedTuple

from limits import rules as limit_rules

ZERO = Decimal("0.00")
CENT = Decimal("0.01")
DECLARING_PRODUCTS = ("COMPREHENSIVE", "BANK", "FORFAITING")  # SME and micro do not declare (seed)

COVERED, PARTLY_COVERED, REFUSED = "covered", "partly_covered", "refused"


def usd(amount: Decimal) -> Decimal:
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def due_date(shipment_date: date, credit_days: int) -> date:
    """Due date = shipment date + credit period (DESIGN.md)."""
    return shipment_date + timedelta(days=credit_days)


def declaration_deadline(shipment_date: date, deadline_days: int) -> date:
    """The last day to declare: calendar days after shipment (per policy, default 15)."""
    return shipment_date + timedelta(days=deadline_days)


def is_late(shipment_date: date, declared_on: date, deadline_days: int) -> bool:
    return declared_on > declaration_deadline(shipment_date, deadline_days)


def loss_notice_date(due: date, default_days: int) -> date:
    """Possible-loss notice deadline after a default: the due date passed unpaid + N days (seed: 30)."""
    return due + timedelta(days=default_days)


def to_usd(amount: Decimal, rate: Decimal) -> Decimal:
    return usd(amount * rate)


def premium(amount_usd: Decimal, rate: Decimal) -> Decimal:
    """Premium = declared amount (USD) x the rate from the policy's table."""
    return usd(amount_usd * rate)


def outcome_of(requested_usd: Decimal, covered_usd: Decimal) -> str:
    if covered_usd <= 0:
        return REFUSED
    return COVERED if covered_usd >= requested_usd else PARTLY_COVERED


# --- cover of a row of shipments against revolving limits ---------------------------------------------


@dataclass
class LimitState:
    """One limit as the allocation sees it: its terms history and the exposure right now."""

    limit_id: int
    changes: Sequence[limit_rules.ChangeFact]
    exposure_usd: Decimal
    used: bool = False  # something was covered on it in this allocation


class CoverRequest(NamedTuple):  # a tuple: an upload makes 100,000 of them
    limit_id: int | None
    amount_usd: Decimal
    shipment_date: date
    payment_term: str
    credit_days: int


class Cover(NamedTuple):
    covered_usd: Decimal
    reason: str | None  # a code of declarations.reasons, None when covered in full
    params: dict
    available_before_usd: Decimal = ZERO


def cover_one(state: LimitState | None, req: CoverRequest, terms_cache: dict | None = None) -> Cover:
    """Cover one shipment on a limit and add it to the limit's exposure (in ``state``): outside the
    terms -> nothing; else what is asked, at most what is left of the amount in force on the
    shipment date."""
    if state is None:
        return Cover(ZERO, "no_limit", {})
    key = (state.limit_id, req.shipment_date)
    if terms_cache is not None and key in terms_cache:
        terms = terms_cache[key]
    else:
        terms = limit_rules.terms_on(state.changes, req.shipment_date)
        if terms_cache is not None:
            terms_cache[key] = terms
    why = limit_rules.shipment_outside_terms(
        terms, payment_term=req.payment_term, credit_days=req.credit_days
    )
    if why:
        return Cover(ZERO, why, _outside_params(why, terms, req, state))
    available = max(terms.amount_usd - state.exposure_usd, ZERO)
    covered = limit_rules.coverable(
        req.amount_usd, amount_usd=terms.amount_usd, exposure_usd=state.exposure_usd
    )
    if covered > 0:
        state.exposure_usd += covered
        state.used = True
    if covered >= req.amount_usd:
        return Cover(covered, None, {}, available)
    if covered <= 0:
        return Cover(ZERO, "limit_exhausted", {"available": str(available)}, available)
    return Cover(
        covered, "limit_full", {"covered": str(covered), "requested": str(req.amount_usd)}, available
    )


def _outside_params(why: str, terms, req: CoverRequest, state: LimitState) -> dict:
    if why == "before_effective_date":
        first = min((c.applies_from for c in state.changes), default=None)
        return {"date": req.shipment_date.isoformat(), "effective": first.isoformat() if first else "-"}
    if why == "limit_ended":
        return {"since": terms.applies_from.isoformat()}
    if why == "payment_term":
        return {"term": req.payment_term, "allowed": ", ".join(terms.payment_terms)}
    if why == "credit_period":
        return {"days": req.credit_days, "max": terms.max_credit_period_days}
    return {}


def allocate(states: dict[int, LimitState], requests: Iterable[CoverRequest]) -> list[Cover]:
    """Cover shipments in the order given, each against what the ones before it left."""
    cache: dict = {}
    return [cover_one(states.get(r.limit_id) if r.limit_id else None, r, cache) for r in requests]


# --- receivables ------------------------------------------------------------------------------------


def exposure_held(covered_usd: Decimal, outstanding_usd: Decimal) -> Decimal:
    """What an open receivable holds on its limit: the covered amount, but never more than is still
    unpaid (the indemnifiable loss is min(loss, covered), DESIGN.md); nothing once fully paid."""
    return max(min(covered_usd, outstanding_usd), ZERO)


def paid_usd(paid_amount: Decimal, amount: Decimal, amount_usd: Decimal, rate: Decimal) -> Decimal:
    """The USD value of what was paid, at the shipment date's rate; exactly the USD amount once all
    of the invoice is paid, so that rounding never leaves a cent of exposure behind."""
    if paid_amount >= amount:
        return amount_usd
    return min(usd(paid_amount * rate), amount_usd)


@dataclass(frozen=True)
class OpenItem:
    declaration_id: int
    outstanding: Decimal


def spread_payment(amount: Decimal, items: Sequence[OpenItem]) -> list[tuple[int, Decimal]]:
    """A payment without an invoice number goes to the oldest open invoices first (``items`` in that
    order): each gets at most what it still owes. Returns (declaration id, amount applied) for the
    invoices it reached; what is left over is ``amount`` minus their sum."""
    left = amount
    applied = []
    for item in items:
        if left <= 0:
            break
        if item.outstanding <= 0:
            continue
        part = min(left, item.outstanding)
        applied.append((item.declaration_id, part))
        left -= part
    return applied


AGEING_BUCKETS = (
    ("current", None, 0),
    ("1_30", 1, 30),
    ("31_60", 31, 60),
    ("61_90", 61, 90),
    ("91_180", 91, 180),
    ("over_180", 181, None),
)


def days_past_due(due: date, today: date) -> int:
    return (today - due).days


def ageing_bucket(due: date, today: date) -> str:
    """current (not yet due), 1-30, 31-60, 61-90, 91-180 and over 180 days past due."""
    days = days_past_due(due, today)
    for key, low, high in AGEING_BUCKETS:
        if (low is None or days >= low) and (high is None or days <= high):
            return key
    return "over_180"  # unreachable: the buckets cover every integer
