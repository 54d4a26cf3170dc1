"""Pure rules of credit limits (no ORM): the automatic decision, the outcome of an underwriter's
decision, the terms in force on a shipment date, and how much of a shipment a limit can cover."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

MAX_CREDIT_PERIOD_DAYS = 720  # DESIGN.md (seed): at most two years
PAYMENT_TERMS = ("LC", "DP", "DA", "OA")
RED = "red"
ZERO = Decimal("0.00")


# --- automatic decision ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ApplicationFacts:
    amount_usd: Decimal
    buyer_light: str  # green / yellow / red
    country_class: int  # 1 (lowest risk) .. 9
    payment_term: str
    credit_period_days: int
    related_party: bool = False
    product: str = ""


@dataclass(frozen=True)
class AutoRuleFacts:
    id: int
    max_amount_usd: Decimal
    max_country_class: int
    allowed_lights: frozenset[str]
    allowed_payment_terms: frozenset[str]
    max_credit_period_days: int
    allow_related_party: bool = False
    products: frozenset[str] = field(default_factory=frozenset)  # empty: every product
    enabled: bool = True


@dataclass(frozen=True)
class AutoDecision:
    approve: bool
    rule_id: int | None = None
    # why it was referred to an underwriter: the unmet conditions of the closest rule
    referral_reasons: tuple[str, ...] = ()


def rule_failures(facts: ApplicationFacts, rule: AutoRuleFacts) -> tuple[str, ...]:
    """The conditions of ``rule`` that ``facts`` do not meet (empty: the rule approves)."""
    failures = []
    if not rule.enabled:
        failures.append("rule_disabled")
    if facts.buyer_light == RED:
        failures.append("red_buyer")  # never, whatever the rule says
    elif facts.buyer_light not in rule.allowed_lights:
        failures.append("light")
    if facts.amount_usd > rule.max_amount_usd:
        failures.append("amount")
    if facts.amount_usd <= 0:
        failures.append("amount_not_positive")
    if facts.country_class > rule.max_country_class:
        failures.append("country_class")
    if facts.payment_term not in rule.allowed_payment_terms:
        failures.append("payment_term")
    if facts.credit_period_days > min(rule.max_credit_period_days, MAX_CREDIT_PERIOD_DAYS):
        failures.append("credit_period")
    if facts.related_party and not rule.allow_related_party:
        failures.append("related_party")
    if rule.products and facts.product not in rule.products:
        failures.append("product")
    return tuple(failures)


def auto_decide(facts: ApplicationFacts, rules: Iterable[AutoRuleFacts]) -> AutoDecision:
    """Approve at once when one enabled rule's every condition holds; otherwise refer the request to
    the underwriter queue. Never approves a red buyer, never more than the matching rule's ceiling.
    The automatic decision only ever approves: refusals are for people."""
    closest: tuple[str, ...] | None = None
    for rule in rules:
        failures = rule_failures(facts, rule)
        if not failures:
            return AutoDecision(True, rule.id)
        if rule.enabled and (closest is None or len(failures) < len(closest)):
            closest = failures
    if facts.buyer_light == RED:
        closest = ("red_buyer",)
    return AutoDecision(False, None, closest or ("no_rule",))


# --- an underwriter's decision -------------------------------------------------------------------------

APPROVED, PARTLY_APPROVED = "approved", "partly_approved"


def decision_outcome(
    *,
    requested_amount: Decimal,
    requested_period: int,
    requested_term: str,
    approved_amount: Decimal,
    approved_period: int,
    approved_terms: Sequence[str],
) -> str:
    """Approved as asked, or approved with changes (less, a shorter period, or not the asked term)."""
    if (
        approved_amount < requested_amount
        or approved_period < requested_period
        or requested_term not in approved_terms
    ):
        return PARTLY_APPROVED
    return APPROVED


def decision_problems(
    *,
    requested_amount: Decimal,
    requested_period: int,
    approved_amount: Decimal,
    approved_period: int,
    approved_terms: Sequence[str],
    policy_max_period: int = MAX_CREDIT_PERIOD_DAYS,
) -> list[tuple[str, str]]:
    """(field, code) of what is wrong with an approval: nothing above what was asked, a positive
    amount, a period within the policy's and two years, at least one known payment term."""
    problems = []
    if approved_amount <= 0:
        problems.append(("amount", "amount_not_positive"))
    elif approved_amount > requested_amount:
        problems.append(("amount", "amount_above_request"))
    if approved_period <= 0:
        problems.append(("credit_period_days", "period_not_positive"))
    elif approved_period > requested_period:
        problems.append(("credit_period_days", "period_above_request"))
    elif approved_period > min(policy_max_period, MAX_CREDIT_PERIOD_DAYS):
        problems.append(("credit_period_days", "period_above_policy"))
    if not approved_terms or any(t not in PAYMENT_TERMS for t in approved_terms):
        problems.append(("payment_terms", "payment_terms"))
    return problems


# --- terms in force on a shipment date ----------------------------------------------------------------


@dataclass(frozen=True)
class ChangeFact:
    applies_from: date
    amount_after_usd: Decimal
    payment_terms_after: tuple[str, ...]
    max_credit_period_after: int
    kind: str = ""
    change_id: int | None = None


@dataclass(frozen=True)
class LimitTerms:
    amount_usd: Decimal  # zero after a cancellation or revocation
    payment_terms: tuple[str, ...]
    max_credit_period_days: int
    applies_from: date
    kind: str
    change_id: int | None

    @property
    def covers_anything(self) -> bool:
        return self.amount_usd > 0


def terms_on(changes: Sequence[ChangeFact], shipment_date: date) -> LimitTerms | None:
    """The terms that apply to a shipment made on ``shipment_date``: those of the latest change that
    applies from that day or earlier (changes in the order they were made). None before the limit's
    effective date."""
    current: ChangeFact | None = None
    for change in changes:
        if change.applies_from <= shipment_date and (
            current is None or change.applies_from >= current.applies_from
        ):
            current = change
    if current is None:
        return None
    return LimitTerms(
        amount_usd=current.amount_after_usd,
        payment_terms=tuple(current.payment_terms_after),
        max_credit_period_days=current.max_credit_period_after,
        applies_from=current.applies_from,
        kind=current.kind,
        change_id=current.change_id,
    )


def shipment_outside_terms(terms: LimitTerms | None, *, payment_term: str, credit_days: int) -> str | None:
    """Why a shipment is not covered by these terms (a code), or None when it is inside them."""
    if terms is None:
        return "before_effective_date"
    if not terms.covers_anything:
        return "limit_ended"
    if payment_term not in terms.payment_terms:
        return "payment_term"
    if credit_days > terms.max_credit_period_days:
        return "credit_period"
    return None


def coverable(requested_usd: Decimal, *, amount_usd: Decimal, exposure_usd: Decimal) -> Decimal:
    """How much of a new shipment fits in a revolving limit: what is asked, at most what is left."""
    if requested_usd <= 0:
        return ZERO
    available = max(amount_usd - exposure_usd, ZERO)
    return min(requested_usd, available)
