"""Declaring one shipment: check it (what the page shows before confirming) and declare it.

One declaration is a run of one row through the declaration engine (``declarations.engine``), the
same code an upload of 100,000 rows goes through: the limit row is locked (SELECT ... FOR UPDATE)
for the transaction, so however many people declare on one buyer at once, they queue on that lock
and together never commit more than the limit.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from creditinfo.models import Buyer
from declarations.engine.checks import declaring_policy, ensure_policy_declares  # noqa: F401 - re-exported
from declarations.engine.cover import change_facts
from declarations.engine.run import Outcome, run
from declarations.models import DeclarationBatchRow, ShipmentDeclaration
from declarations.reasons import reason_text
from limits import rules as limit_rules
from limits.models import CreditLimit
from sinosure_portal.base.errors import DomainError

Kind = DeclarationBatchRow.Outcome


@dataclass
class DeclarationInput:
    policy_id: int
    buyer_id: int
    invoice_number: str
    shipment_date: date
    currency: str
    amount: Decimal
    payment_term: str
    credit_days: int
    hs_code: str = ""
    description: str = ""
    destination: str = ""  # ISO country code; blank: the buyer's country
    financing_intent: bool = False
    client_reference: str = ""

    def as_row(self) -> dict:
        """The row as a file would hold it (the engine's input)."""
        return {
            "invoice_number": self.invoice_number or "",
            "client_reference": self.client_reference or "",
            "buyer": "" if self.buyer_id is None else str(self.buyer_id),
            "shipment_date": self.shipment_date,
            "currency": self.currency,
            "amount": self.amount,
            "payment_term": self.payment_term,
            "credit_days": self.credit_days,
            "hs_code": self.hs_code or "",
            "description": self.description or "",
            "destination": self.destination or "",
            "financing": bool(self.financing_intent),
        }


@dataclass
class Assessment:
    """What a declaration would get (check) or got (declare)."""

    outcome: str  # covered / partly_covered / refused
    amount_usd: Decimal = Decimal("0.00")
    rate_used: Decimal = Decimal("1")
    covered_usd: Decimal = Decimal("0.00")
    premium_rate: Decimal = Decimal("0")
    premium_usd: Decimal = Decimal("0.00")
    due_date: date | None = None
    declaration_deadline: date | None = None
    late: bool = False
    reason_code: str = ""
    reason_params: dict = field(default_factory=dict)
    limit_id: int | None = None
    limit_number: str = ""
    limit_amount_usd: Decimal | None = None
    available_before_usd: Decimal | None = None

    @property
    def reason_message(self) -> str:
        return reason_text(self.reason_code, self.reason_params) if self.reason_code else ""

    @property
    def late_message(self) -> str:
        from declarations.reasons import LATE_NOTE

        if not self.late or not self.declaration_deadline:
            return ""
        return str(LATE_NOTE) % {"deadline": self.declaration_deadline.isoformat()}


def _one(actor, data: DeclarationInput, mode: str) -> Outcome:
    policy = declaring_policy(actor, data.policy_id)
    if data.buyer_id is None or not Buyer.objects.filter(pk=data.buyer_id).exists():
        raise DomainError("buyer_not_found", _("No such buyer."), field="buyer")
    return run(policy, [data.as_row()], actor, mode=mode)[0]


def declaration_check(*, actor, data: DeclarationInput) -> Assessment:
    """What declaring this shipment would give now, without declaring it (no lock, no write). A
    refusal for a reason other than the limit is raised as the declaring would raise it."""
    outcome = _one(actor, data, "check")
    if outcome.outcome == Kind.DUPLICATE or (
        outcome.outcome == Kind.REFUSED and outcome.reason_code not in _LIMIT_ANSWERS
    ):
        raise outcome.error()
    return _assessment(outcome)


_LIMIT_ANSWERS = {
    "no_limit",
    "before_effective_date",
    "limit_ended",
    "payment_term",
    "credit_period",
    "limit_exhausted",
}


def _assessment(outcome: Outcome) -> Assessment:
    row = outcome.row
    answer = Assessment(
        outcome=outcome.outcome,
        amount_usd=row.amount_usd or Decimal("0.00"),
        covered_usd=outcome.covered_usd or Decimal("0.00"),
        late=row.late,
        reason_code=outcome.reason_code,
        reason_params=outcome.reason_params,
        available_before_usd=outcome.available_before_usd,
    )
    limit_id = getattr(row, "limit_id", None)
    if limit_id is None:
        return answer
    terms = limit_rules.terms_on(change_facts([limit_id])[limit_id], row.shipment_date)
    answer.rate_used, answer.premium_rate, answer.premium_usd = row.rate, row.premium_rate, row.premium_usd
    answer.due_date, answer.declaration_deadline = row.due_date, row.deadline
    answer.limit_id = limit_id
    answer.limit_number = (
        CreditLimit.objects.filter(pk=limit_id).values_list("number", flat=True).first() or ""
    )
    answer.limit_amount_usd = terms.amount_usd if terms else None
    return answer


def declaration_create(*, actor, data: DeclarationInput) -> ShipmentDeclaration:
    """Declare one shipment: cover what fits in the limit now (partly, if that is all that fits) and
    store it, or refuse it with the reason and store nothing."""
    outcome = _one(actor, data, "write")
    if outcome.declaration_id is None:
        raise outcome.error()
    return ShipmentDeclaration.objects.get(pk=outcome.declaration_id)
