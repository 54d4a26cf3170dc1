"""Remaining cover at order entry: "if I ship X to this buyer on date D with terms T, how much is
covered, at what premium, and why not all of it", for orders not shipped yet; and the exporter's
planned orders, listed against the buyer's limit so the limit left after them shows.

Nothing here reserves cover. The answer is the declaration engine's own, in check mode with
``planned=True`` (``declarations.engine.run``): the same limit lookup, terms, premium table and
``declarations.rules.cover_one`` a real declaration goes through, so no rule is written twice.
Planned orders are covered in the order they ship, before the quoted order when asked to.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from creditinfo.models import Buyer
from declarations.engine.checks import DECLARER_ROLES, declaring_policy, latest_rate_day
from declarations.engine.run import Outcome, run
from declarations.models import DeclarationBatchRow, PlannedOrder
from declarations.reasons import reason_text
from declarations.rows import RefusedRow
from declarations.workflow import planned_order_workflow
from limits.models import CreditLimit
from sinosure_portal.accounts.access import ensure_role
from sinosure_portal.audit.services import audit_record
from sinosure_portal.base.errors import DomainError
from sinosure_portal.workdays.calendar import today as shanghai_today

Kind = DeclarationBatchRow.Outcome
ZERO = Decimal("0.00")


@dataclass
class QuoteInput:
    policy_id: int
    buyer_id: int
    shipment_date: date
    currency: str
    amount: Decimal
    payment_term: str
    credit_days: int

    def as_row(self) -> dict:
        return {
            "buyer": str(self.buyer_id),
            "shipment_date": self.shipment_date,
            "currency": self.currency,
            "amount": self.amount,
            "payment_term": self.payment_term,
            "credit_days": self.credit_days,
        }


@dataclass
class CoverQuote:
    """What an order would get if it shipped as described, the limit as it stands now."""

    outcome: str  # covered / partly_covered / refused
    amount_usd: Decimal = ZERO
    covered_usd: Decimal = ZERO
    premium_rate: Decimal = Decimal("0")
    premium_usd: Decimal = ZERO
    rate_used: Decimal | None = None
    rate_date: date | None = None  # the day of the rate used (the latest known before shipping)
    due_date: date | None = None
    reason_code: str = ""
    reason_params: dict = field(default_factory=dict)
    limit_id: int | None = None
    limit_number: str = ""
    available_usd: Decimal | None = None  # what the limit has left for this order
    planned_usd: Decimal = ZERO  # the cover the planned orders counted first would take

    @property
    def uncovered_usd(self) -> Decimal:
        return max(self.amount_usd - self.covered_usd, ZERO)

    @property
    def reasons(self) -> list[str]:
        """Why not all of it is covered, in words (empty when all of it is)."""
        return [reason_text(self.reason_code, self.reason_params)] if self.reason_code else []


def _planned_rows(orders) -> list[dict]:
    return [
        {
            "buyer": str(o.buyer_id),
            "shipment_date": o.shipment_date,
            "currency": o.currency,
            "amount": o.amount,
            "payment_term": o.payment_term,
            "credit_days": o.credit_days,
        }
        for o in orders
    ]


def planned_orders_of(*, organisation_id: int, policy_id: int, buyer_id: int):
    return PlannedOrder.objects.filter(
        organisation_id=organisation_id,
        policy_id=policy_id,
        buyer_id=buyer_id,
        status=PlannedOrder.Status.PLANNED,
    ).order_by("shipment_date", "id")


def cover_quote(*, actor, data: QuoteInput, after_planned: bool = False) -> CoverQuote:
    """The cover an order would get (nothing reserved, nothing written). ``after_planned``: the
    exporter's planned orders to the same buyer take the limit first. A row that is wrong in itself
    (an unknown currency, a negative amount) is a 400 naming the field; a rule that refuses cover is
    an answer: not covered, and why."""
    policy = declaring_policy(actor, data.policy_id)
    if data.buyer_id is None or not Buyer.objects.filter(pk=data.buyer_id).exists():
        raise DomainError("buyer_not_found", _("No such buyer."), field="buyer")
    planned = (
        list(
            planned_orders_of(
                organisation_id=policy.organisation_id, policy_id=policy.pk, buyer_id=data.buyer_id
            )
        )
        if after_planned
        else []
    )
    outcomes = run(policy, [*_planned_rows(planned), data.as_row()], actor, mode="check", planned=True)
    answer = outcomes[-1]
    row = answer.row
    if row.__class__ is RefusedRow and row.stage == "parse":
        raise answer.error()
    quote = CoverQuote(
        outcome=answer.outcome,
        amount_usd=row.amount_usd or ZERO,
        covered_usd=answer.covered_usd or ZERO,
        reason_code=answer.reason_code,
        reason_params=answer.reason_params,
        available_usd=answer.available_before_usd,
        planned_usd=sum((o.covered_usd or ZERO for o in outcomes[:-1]), ZERO),
    )
    limit_id = getattr(row, "limit_id", None)
    if limit_id is not None:
        quote.premium_rate, quote.premium_usd = row.premium_rate, row.premium_usd
        quote.rate_used, quote.due_date = row.rate, row.due_date
        quote.rate_date = latest_rate_day(row.currency, row.shipment_date)
        quote.limit_id = limit_id
        quote.limit_number = CreditLimit.objects.filter(pk=limit_id).values_list("number", flat=True).first()
    return quote


# --- planned orders ------------------------------------------------------------------------------------


@dataclass
class PlannedLine:
    order: PlannedOrder
    covered_usd: Decimal
    outcome: str
    reason: str


@dataclass
class LimitOutlook:
    """A limit with the exporter's planned orders covered in shipping order, nothing reserved."""

    limit: CreditLimit
    available_usd: Decimal
    lines: list[PlannedLine]

    @property
    def planned_usd(self) -> Decimal:
        return sum((line.covered_usd for line in self.lines), ZERO)

    @property
    def left_after_usd(self) -> Decimal:
        return max(self.available_usd - self.planned_usd, ZERO)


def limit_outlook(*, actor, limit: CreditLimit) -> LimitOutlook:
    """The limit left after the planned orders on it (the caller checked the actor sees the limit)."""
    orders = list(
        planned_orders_of(
            organisation_id=limit.organisation_id, policy_id=limit.policy_id, buyer_id=limit.buyer_id
        ).select_related("buyer")
    )
    lines = []
    if orders:
        outcomes: list[Outcome] = run(limit.policy, _planned_rows(orders), actor, mode="check", planned=True)
        for order, answer in zip(orders, outcomes, strict=True):
            reason = reason_text(answer.reason_code, answer.reason_params) if answer.reason_code else ""
            lines.append(PlannedLine(order, answer.covered_usd or ZERO, answer.outcome, reason))
    return LimitOutlook(limit, limit.available_usd, lines)


@dataclass
class PlannedInput(QuoteInput):
    client_reference: str = ""
    note: str = ""


def planned_order_add(*, actor, data: PlannedInput) -> tuple[PlannedOrder, bool]:
    """List an order against the buyer's live limit (reserving nothing). The same reference sent
    again answers with the order it made first (``created`` False) and changes nothing."""
    reference = (data.client_reference or "").strip()[:64]
    policy = declaring_policy(actor, data.policy_id)
    if reference:
        existing = PlannedOrder.objects.filter(
            organisation_id=policy.organisation_id, client_reference=reference
        ).first()
        if existing is not None:
            return existing, False
    limit = CreditLimit.objects.filter(
        policy=policy, buyer_id=data.buyer_id, status__in=list(CreditLimit.LIVE)
    ).first()
    if limit is None:
        raise DomainError(
            "planned_without_limit",
            _("There is no credit limit in force on this buyer under policy %(policy)s."),
            field="buyer",
            policy=policy.number,
        )
    if data.shipment_date < shanghai_today():
        raise DomainError(
            "planned_in_past",
            _("A planned order ships today or later; declare a shipment made on %(date)s instead."),
            field="shipment_date",
            date=data.shipment_date.isoformat(),
        )
    quote = cover_quote(actor=actor, data=data)  # a row wrong in itself is refused here
    try:
        with transaction.atomic():
            order = PlannedOrder.objects.create(
                organisation_id=policy.organisation_id,
                policy=policy,
                buyer_id=data.buyer_id,
                limit=limit,
                client_reference=reference,
                shipment_date=data.shipment_date,
                currency=data.currency,
                amount=data.amount,
                payment_term=data.payment_term,
                credit_days=data.credit_days,
                note=(data.note or "")[:200],
                created_by=actor if getattr(actor, "pk", None) else None,
            )
            audit_record(
                order,
                action="planned_order.planned",
                actor=actor,
                to_state=order.status,
                data={"amount_usd": quote.amount_usd, "limit": limit.number},
            )
    except IntegrityError:  # the same reference, sent twice at once: the first one stands
        return PlannedOrder.objects.get(
            organisation_id=policy.organisation_id, client_reference=reference
        ), False
    return order, True


@transaction.atomic
def planned_order_drop(*, actor, order_id: int, reason: str = "") -> PlannedOrder:
    """The order is no longer expected (shipped and declared, or cancelled). Dropping it again
    changes nothing."""
    ensure_role(actor, DECLARER_ROLES, action=_("declare shipments"))
    order = PlannedOrder.objects.select_for_update().get(pk=order_id)
    planned_order_workflow.transition(order, to=PlannedOrder.Status.DROPPED, actor=actor, reason=reason)
    return order
