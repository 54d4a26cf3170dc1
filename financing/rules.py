"""Pure rules of policy financing (no ORM): when an agreement is in force, what a receivable may
finance, why a receivable cannot be financed, and whether a loan over-finances its receivables.

Money is Decimal US dollars to the cent; a financeable amount is rounded down, so that rounding can
never let a loan pass the covered amount x the financing ratio.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_DOWN, Decimal

CENT = Decimal("0.01")

# receivable states a bank may lend against: the receivable is open and not in trouble
FINANCEABLE_STATES = frozenset({"covered", "partly_covered"})
# why not, by state (the reason code of each refused state)
REFUSAL_BY_STATE = {
    "overdue": "receivable_overdue",
    "loss_notified": "receivable_under_loss_notice",
    "claimed": "receivable_claimed",
    "indemnified": "receivable_indemnified",
    "settled": "receivable_settled",
}
BINDING_STATES = frozenset({"in_force", "termination_requested"})


def agreement_in_force(status: str, effective_date: date, ended_on: date | None, day: date) -> bool:
    """An indemnity assignment binds from its effective date (once approved) until the day its
    termination took effect; a terminated one still answers for the days it was in force."""
    if status not in BINDING_STATES and status != "terminated":
        return False
    if status == "terminated" and ended_on is None:
        return False
    return effective_date <= day and (ended_on is None or day < ended_on)


def scopes_overlap(
    a_whole: bool, a_buyers: Iterable[int], b_whole: bool, b_buyers: Iterable[int]
) -> set[int] | bool:
    """Whether two agreements on one policy would both claim some buyer's indemnity: True when
    either covers the whole policy, else the buyers they share (empty: no overlap)."""
    if a_whole or b_whole:
        return True
    return set(a_buyers) & set(b_buyers)


def financeable_usd(covered_usd: Decimal, outstanding_usd: Decimal, ratio: Decimal) -> Decimal:
    """What one receivable may finance: the covered amount still outstanding x the ratio, rounded
    down to the cent."""
    base = max(min(covered_usd, outstanding_usd), Decimal("0"))
    return (base * ratio).quantize(CENT, rounding=ROUND_DOWN)


@dataclass(frozen=True)
class ReceivableFacts:
    invoice_number: str
    status: str
    covered_usd: Decimal
    outstanding_usd: Decimal
    due_date: date
    under_loss_notice: bool = False


def receivable_refusal(facts: ReceivableFacts, today: date) -> str | None:
    """The reason code why a bank may not lend against this receivable now, or None."""
    if facts.status in REFUSAL_BY_STATE:
        return REFUSAL_BY_STATE[facts.status]
    if facts.under_loss_notice:
        return "receivable_under_loss_notice"
    if facts.status not in FINANCEABLE_STATES or facts.covered_usd <= 0:
        return "receivable_not_covered"
    if facts.outstanding_usd <= 0:
        return "receivable_settled"
    if facts.due_date < today:  # past due, even before the nightly sweep marked it
        return "receivable_overdue"
    return None


@dataclass(frozen=True)
class LoanCheck:
    financeable_usd: Decimal
    covered_usd: Decimal
    fits: bool


def loan_check(amount_usd: Decimal, lines: Iterable[tuple[Decimal, Decimal, Decimal]]) -> LoanCheck:
    """Over-financing check: ``lines`` are (covered, outstanding, ratio) of each receivable; the loan
    fits when its USD amount is at most the sum of what each receivable may finance."""
    total = Decimal("0.00")
    covered = Decimal("0.00")
    for cov, outstanding, ratio in lines:
        total += financeable_usd(cov, outstanding, ratio)
        covered += max(min(cov, outstanding), Decimal("0"))
    return LoanCheck(financeable_usd=total, covered_usd=covered, fits=Decimal("0") < amount_usd <= total)


def repayment_fits(outstanding: Decimal, amount: Decimal) -> bool:
    return Decimal("0") < amount <= outstanding
