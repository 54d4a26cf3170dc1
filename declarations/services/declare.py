"""Declaring one shipment: check it (what the page shows before confirming) and declare it.

The cover is reserved through ``limits.services.limit_exposure_reserve``, which locks the limit row
(SELECT ... FOR UPDATE) for the rest of this transaction: however many people declare on one buyer
at once, they queue on that lock and together never commit more than the limit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from creditinfo.models import Buyer, Country
from declarations import rules
from declarations.models import ShipmentDeclaration
from declarations.reasons import NotCovered, reason_text
from declarations.selectors import buyer_has_loss_notice
from limits import rules as limit_rules
from limits.models import CreditLimit
from limits.selectors import limit_for_shipment
from limits.services import change_facts, limit_exposure_reserve
from policies.models import PaymentTerm, Policy, Product
from policies.selectors import premium_rate_for
from sinosure_portal.accounts.access import ensure_role
from sinosure_portal.accounts.models import Role
from sinosure_portal.audit.services import audit_record
from sinosure_portal.core.errors import DomainError
from sinosure_portal.money.currency import is_currency, quantize
from sinosure_portal.money.services import RateMissing, rate_to_usd
from sinosure_portal.workdays.calendar import today as shanghai_today

DECLARER_ROLES = [Role.EXPORTER, Role.BANK]
HS_CODE = re.compile(r"^\d{6,10}$")


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


@dataclass
class _Facts:
    policy: Policy
    buyer: Buyer
    destination: Country
    data: DeclarationInput
    declared_on: date
    rate: Decimal
    amount_usd: Decimal
    premium_rate: Decimal
    premium_usd: Decimal
    due: date
    deadline: date
    late: bool


def declaring_policy(actor, policy_id: int) -> Policy:
    """The actor's own policy, one that declares shipments (SME and micro say so instead)."""
    ensure_role(actor, DECLARER_ROLES, action=_("declare shipments"))
    policy = Policy.objects.select_related("organisation").filter(pk=policy_id).first()
    if policy is None or policy.organisation_id != actor.organisation_id:
        raise DomainError("policy_not_found", _("No such policy."), field="policy")
    ensure_policy_declares(policy)
    return policy


def ensure_policy_declares(policy: Policy) -> None:
    if policy.product not in rules.DECLARING_PRODUCTS:
        raise NotCovered("policy_does_not_declare", field="policy", product=Product(policy.product).label)
    if policy.status == Policy.Status.CANCELLED:
        raise NotCovered("policy_not_in_force", field="policy", policy=policy.number)


def _validate(policy: Policy, data: DeclarationInput, declared_on: date) -> tuple[Buyer, Country]:
    data.invoice_number = (data.invoice_number or "").strip()
    data.currency = (data.currency or "").strip().upper()
    data.client_reference = (data.client_reference or "").strip()
    data.hs_code = re.sub(r"[.\s]", "", data.hs_code or "")
    data.description = (data.description or "").strip()
    if not data.invoice_number:
        raise DomainError("missing", _("Give the invoice number."), field="invoice_number")
    if len(data.invoice_number) > 64:
        raise DomainError("too_long", _("The invoice number is too long."), field="invoice_number")
    if not is_currency(data.currency):
        raise DomainError(
            "invalid_currency",
            _("%(value)s is not an ISO 4217 currency code."),
            field="currency",
            value=data.currency,
        )
    if data.amount is None or data.amount <= 0:
        raise DomainError("invalid_amount", _("The amount must be above zero."), field="amount")
    if quantize(data.amount, data.currency) != data.amount:
        raise DomainError(
            "invalid_amount",
            _("%(currency)s amounts have at most %(places)s decimals."),
            field="amount",
            currency=data.currency,
            places=-quantize(Decimal("1"), data.currency).as_tuple().exponent,
        )
    if data.payment_term not in PaymentTerm.values:
        raise DomainError(
            "invalid_payment_term",
            _("%(value)s is not a payment term (L/C, D/P, D/A or O/A)."),
            field="payment_term",
            value=data.payment_term,
        )
    if data.credit_days is None or not (0 <= data.credit_days <= rules_max_days()):
        raise DomainError(
            "invalid_credit_days",
            _("%(value)s is not a credit period in days (0 to 720)."),
            field="credit_days",
            value=data.credit_days,
        )
    if data.credit_days > policy.max_credit_period_days:
        raise NotCovered(
            "credit_days_above_policy",
            field="credit_days",
            days=data.credit_days,
            max=policy.max_credit_period_days,
        )
    if data.hs_code and not HS_CODE.match(data.hs_code):
        raise DomainError(
            "invalid_hs_code",
            _("%(value)s is not an HS code (6 to 10 digits)."),
            field="hs_code",
            value=data.hs_code,
        )
    if not data.hs_code and not data.description:
        raise DomainError(
            "description_needed",
            _("Give an HS code for goods, or a description for a service."),
            field="hs_code",
        )
    if data.shipment_date > declared_on:
        raise NotCovered("shipment_in_future", field="shipment_date", date=data.shipment_date.isoformat())
    if not policy.covers_date(data.shipment_date):
        raise NotCovered(
            "outside_policy_period",
            field="shipment_date",
            date=data.shipment_date.isoformat(),
            start=policy.period_start.isoformat(),
            end=policy.period_end.isoformat(),
        )
    buyer = Buyer.objects.select_related("country").filter(pk=data.buyer_id).first()
    if buyer is None:
        raise DomainError("buyer_not_found", _("No such buyer."), field="buyer")
    code = (data.destination or "").strip().upper() or buyer.country_id
    destination = Country.objects.filter(pk=code).first()
    if destination is None:
        raise DomainError(
            "invalid_country", _("%(value)s is not a known country code."), field="destination", value=code
        )
    return buyer, destination


def rules_max_days() -> int:
    return limit_rules.MAX_CREDIT_PERIOD_DAYS


def _facts(policy: Policy, data: DeclarationInput) -> _Facts:
    declared_on = shanghai_today()
    buyer, destination = _validate(policy, data, declared_on)
    if ShipmentDeclaration.objects.filter(policy=policy, invoice_number=data.invoice_number).exists():
        raise NotCovered("already_declared", field="invoice_number", invoice=data.invoice_number)
    if (
        data.client_reference
        and ShipmentDeclaration.objects.filter(
            organisation_id=policy.organisation_id, client_reference=data.client_reference
        ).exists()
    ):
        raise NotCovered("reference_used", field="client_reference", reference=data.client_reference)
    try:
        rate = rate_to_usd(data.currency, data.shipment_date)
    except RateMissing as exc:
        raise NotCovered(
            "rate_missing", field="currency", currency=data.currency, date=data.shipment_date.isoformat()
        ) from exc
    amount_usd = rules.to_usd(data.amount, rate)
    try:
        premium_rate = premium_rate_for(
            policy,
            country_class=buyer.country.risk_class,
            payment_term=data.payment_term,
            credit_days=data.credit_days,
        )
    except DomainError as exc:
        raise NotCovered(
            "premium_rate_missing",
            field="payment_term",
            cls=buyer.country.risk_class,
            term=data.payment_term,
            days=data.credit_days,
        ) from exc
    deadline = rules.declaration_deadline(data.shipment_date, policy.declaration_deadline_days)
    late = declared_on > deadline
    # from a possible-loss notice on, the buyer's limit takes no new cover (late or not)
    if buyer_has_loss_notice(policy.pk, buyer.pk):
        if late:
            raise NotCovered("late_after_loss_notice", field="shipment_date", deadline=deadline.isoformat())
        raise NotCovered("buyer_under_loss_notice", field="buyer")
    return _Facts(
        policy=policy,
        buyer=buyer,
        destination=destination,
        data=data,
        declared_on=declared_on,
        rate=rate,
        amount_usd=amount_usd,
        premium_rate=premium_rate,
        premium_usd=rules.premium(amount_usd, premium_rate),
        due=rules.due_date(data.shipment_date, data.credit_days),
        deadline=deadline,
        late=late,
    )


def _assessment(facts: _Facts, limit: CreditLimit | None, cover: rules.Cover, amount_in_force) -> Assessment:
    return Assessment(
        outcome=rules.outcome_of(facts.amount_usd, cover.covered_usd),
        amount_usd=facts.amount_usd,
        rate_used=facts.rate,
        covered_usd=cover.covered_usd,
        premium_rate=facts.premium_rate,
        premium_usd=facts.premium_usd,
        due_date=facts.due,
        declaration_deadline=facts.deadline,
        late=facts.late,
        reason_code=cover.reason or "",
        reason_params=cover.params,
        limit_id=limit.pk if limit else None,
        limit_number=(limit.number or "") if limit else "",
        limit_amount_usd=amount_in_force,
        available_before_usd=cover.available_before_usd if limit else None,
    )


def declaration_check(*, actor, data: DeclarationInput) -> Assessment:
    """What declaring this shipment would give now, without declaring it (no lock, no write). A
    refusal for a reason other than the limit is raised as the declaring would raise it."""
    policy = declaring_policy(actor, data.policy_id)
    facts = _facts(policy, data)
    limit = limit_for_shipment(policy, facts.buyer, data.shipment_date)
    if limit is None:
        cover = rules.Cover(Decimal("0.00"), "no_limit", {"policy": policy.number})
        return _assessment(facts, None, cover, None)
    state = rules.LimitState(limit.pk, change_facts(limit.pk), limit.exposure_usd)
    terms = limit_rules.terms_on(state.changes, data.shipment_date)
    cover = rules.cover_one(
        state,
        rules.CoverRequest(
            limit.pk, facts.amount_usd, data.shipment_date, data.payment_term, data.credit_days
        ),
    )
    return _assessment(facts, limit, cover, terms.amount_usd if terms else None)


def declaration_create(*, actor, data: DeclarationInput) -> ShipmentDeclaration:
    """Declare one shipment: cover what fits in the limit now (partly, if that is all that fits) and
    store it, or refuse it with the reason and store nothing."""
    try:
        return _declaration_create(actor=actor, data=data)
    except IntegrityError as exc:
        # a concurrent declaration of the same invoice (or reference) won the race
        text = str(exc)
        if "client_reference" in text:
            raise NotCovered(
                "reference_used", field="client_reference", reference=data.client_reference
            ) from exc
        raise NotCovered("already_declared", field="invoice_number", invoice=data.invoice_number) from exc


@transaction.atomic
def _declaration_create(*, actor, data: DeclarationInput) -> ShipmentDeclaration:
    policy = declaring_policy(actor, data.policy_id)
    facts = _facts(policy, data)
    limit = limit_for_shipment(policy, facts.buyer, data.shipment_date)
    if limit is None:
        raise NotCovered("no_limit", field="buyer", policy=policy.number)
    reservation = limit_exposure_reserve(
        limit_id=limit.pk,
        amount_usd=facts.amount_usd,
        shipment_date=data.shipment_date,
        payment_term=data.payment_term,
        credit_days=data.credit_days,
    )
    covered = reservation.covered_usd
    code = rules.reason_for_reservation(reservation.reason, facts.amount_usd, covered)
    params = _reservation_params(code, reservation, facts, limit)
    if covered <= 0:
        raise NotCovered(code or "limit_exhausted", field=_REASON_FIELD.get(code or "", "amount"), **params)
    status = (
        ShipmentDeclaration.Status.COVERED
        if covered >= facts.amount_usd
        else ShipmentDeclaration.Status.PARTLY_COVERED
    )
    declaration = ShipmentDeclaration.objects.create(
        policy=policy,
        organisation_id=policy.organisation_id,
        buyer=facts.buyer,
        limit=limit,
        client_reference=data.client_reference,
        invoice_number=data.invoice_number,
        shipment_date=data.shipment_date,
        currency=data.currency,
        amount=data.amount,
        rate_used=facts.rate,
        amount_usd=facts.amount_usd,
        payment_term=data.payment_term,
        credit_days=data.credit_days,
        due_date=facts.due,
        hs_code=data.hs_code,
        description=data.description[:300],
        destination=facts.destination,
        financing_intent=data.financing_intent,
        covered_usd=covered,
        exposure_usd=covered,
        reason_code=code or "",
        reason_params=params if code else {},
        premium_rate=facts.premium_rate,
        premium_usd=facts.premium_usd,
        declared_on=facts.declared_on,
        declaration_deadline=facts.deadline,
        late=facts.late,
        status=status,
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    audit_record(
        declaration,
        action=f"shipment_declaration.{status}",
        actor=actor,
        to_state=status,
        data={
            "amount_usd": facts.amount_usd,
            "covered_usd": covered,
            "limit": limit.number,
            "late": facts.late,
            "reason": code or "",
        },
    )
    return declaration


_REASON_FIELD = {
    "payment_term": "payment_term",
    "credit_period": "credit_days",
    "before_effective_date": "shipment_date",
    "limit_ended": "shipment_date",
}


def _reservation_params(code, reservation, facts: _Facts, limit: CreditLimit) -> dict:
    terms = reservation.terms
    if code == "limit_full":
        return {"covered": str(reservation.covered_usd), "requested": str(facts.amount_usd)}
    if code == "limit_exhausted":
        available = max((terms.amount_usd if terms else 0) - reservation.exposure_after_usd, Decimal("0.00"))
        return {"available": str(available)}
    if code == "before_effective_date":
        return {"date": facts.data.shipment_date.isoformat(), "effective": limit.effective_date.isoformat()}
    if code == "limit_ended":
        return {"since": terms.applies_from.isoformat() if terms else "-"}
    if code == "payment_term":
        return {"term": facts.data.payment_term, "allowed": ", ".join(terms.payment_terms) if terms else ""}
    if code == "credit_period":
        return {"days": facts.data.credit_days, "max": terms.max_credit_period_days if terms else 0}
    return {}
