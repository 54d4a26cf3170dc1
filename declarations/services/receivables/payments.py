"""Payments."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from declarations import rules
from declarations.models import Payment, ShipmentDeclaration
from declarations.services.receivables._common import RECORDER_ROLES, S  # noqa: F401
from declarations.workflow import declaration_workflow
from limits.services import limit_exposure_release
from sinosure_portal.accounts.access import ensure_role
from sinosure_portal.audit.services import audit_record
from sinosure_portal.base.errors import DomainError, integrity_errors
from sinosure_portal.money.currency import is_currency, quantize
from sinosure_portal.workdays.calendar import today as shanghai_today

# --- payments -------------------------------------------------------------------------------------------


@dataclass
class PaymentInput:
    received_on: date
    amount: Decimal
    currency: str
    invoice_number: str = ""
    declaration_id: int | None = None
    policy_id: int | None = None
    buyer_id: int | None = None  # without an invoice: the buyer's oldest open invoices first
    client_reference: str = ""


@dataclass
class PaymentResult:
    payments: list[Payment] = field(default_factory=list)
    settled: list[str] = field(default_factory=list)  # invoice numbers now fully paid

    @property
    def applied(self) -> Decimal:
        return sum((p.amount for p in self.payments), Decimal("0"))


def _own_open(actor, qs):
    return qs.filter(organisation_id=actor.organisation_id)


def payment_record(*, actor, data: PaymentInput) -> PaymentResult:
    """Record one payment received: on the named invoice, or spread over the buyer's oldest open
    invoices in that currency. Applied completely or refused with the reason; a payment with a
    reference already recorded is refused as a repeat."""
    with integrity_errors():  # a repeat that raced past the check: its constraint says so
        return _payment_record(actor=actor, data=data)


def _repeat(reference: str) -> DomainError:
    return DomainError(
        "payment_already_recorded",
        _("A payment with your reference %(reference)s was already recorded."),
        field="client_reference",
        reference=reference,
    )


@transaction.atomic
def _payment_record(*, actor, data: PaymentInput) -> PaymentResult:
    ensure_role(actor, RECORDER_ROLES, action=_("record payments received"))
    currency = (data.currency or "").strip().upper()
    reference = (data.client_reference or "").strip()
    if not is_currency(currency):
        raise DomainError(
            "invalid_currency",
            _("%(value)s is not an ISO 4217 currency code."),
            field="currency",
            value=currency,
        )
    if data.amount is None or data.amount <= 0 or quantize(data.amount, currency) != data.amount:
        raise DomainError(
            "invalid_amount", _("The amount must be a positive amount of money."), field="amount"
        )
    if data.received_on > shanghai_today():
        raise DomainError(
            "payment_in_future", _("A payment cannot be received in the future."), field="received_on"
        )
    if (
        reference
        and Payment.objects.filter(organisation_id=actor.organisation_id, client_reference=reference).exists()
    ):
        raise _repeat(reference)

    base = ShipmentDeclaration.objects.select_for_update()
    if data.declaration_id or data.invoice_number:
        plan = _plan_for_invoice(actor, base, data, currency)
    elif data.buyer_id:
        plan = _plan_for_buyer(actor, base, data, currency)
    else:
        raise DomainError(
            "invoice_or_buyer",
            _("Give the invoice number, or the buyer for its oldest invoices."),
            field="invoice_number",
        )

    result = PaymentResult()
    for declaration, part in plan:
        payment = _apply_payment(actor, declaration, part, currency, data.received_on, reference)
        result.payments.append(payment)
        if declaration.status == S.SETTLED:
            result.settled.append(declaration.invoice_number)
    return result


def _plan_for_invoice(
    actor, base, data: PaymentInput, currency: str
) -> list[tuple[ShipmentDeclaration, Decimal]]:
    """The one declared invoice the payment names (by id, or by number and, if need be, policy)."""
    qs = _own_open(actor, base)
    if data.declaration_id:
        qs = qs.filter(pk=data.declaration_id)
    else:
        qs = qs.filter(invoice_number=data.invoice_number.strip())
        if data.policy_id:
            qs = qs.filter(policy_id=data.policy_id)
    found = list(qs.order_by("pk")[:2])
    if not found:
        raise DomainError(
            "invoice_not_found",
            _("No declared invoice %(invoice)s."),
            field="invoice_number",
            invoice=data.invoice_number or data.declaration_id,
        )
    if len(found) > 1:
        raise DomainError(
            "invoice_ambiguous",
            _("Invoice %(invoice)s is declared under more than one policy: say which."),
            field="policy",
            invoice=data.invoice_number,
        )
    declaration = found[0]
    _check_payable(declaration, currency)
    if data.amount > declaration.outstanding:
        raise DomainError(
            "payment_above_outstanding",
            _("%(currency)s %(amount)s is more than the %(outstanding)s still open on invoice %(invoice)s."),
            field="amount",
            currency=currency,
            amount=data.amount,
            outstanding=declaration.outstanding,
            invoice=declaration.invoice_number,
        )
    return [(declaration, data.amount)]


def _plan_for_buyer(
    actor, base, data: PaymentInput, currency: str
) -> list[tuple[ShipmentDeclaration, Decimal]]:
    """The buyer's open invoices in the currency, oldest due first, each paid what the spread gives it."""
    open_items = list(
        _own_open(actor, base)
        .filter(buyer_id=data.buyer_id, currency=currency, status__in=list(ShipmentDeclaration.PAYABLE))
        .order_by("pk")
    )
    open_items.sort(key=lambda d: (d.due_date, d.shipment_date, d.pk))
    by_id = {d.pk: d for d in open_items}
    spread = rules.spread_payment(data.amount, [rules.OpenItem(d.pk, d.outstanding) for d in open_items])
    applied = sum((part for _pk, part in spread), Decimal("0"))
    if applied < data.amount:
        raise DomainError(
            "payment_above_outstanding_buyer",
            _(
                "%(currency)s %(amount)s is more than the %(open)s open on this buyer's invoices in %(currency)s."
            ),
            field="amount",
            currency=currency,
            amount=data.amount,
            open=applied,
        )
    return [(by_id[pk], part) for pk, part in spread]


def _check_payable(declaration: ShipmentDeclaration, currency: str) -> None:
    if declaration.status not in ShipmentDeclaration.PAYABLE:
        if declaration.status in (S.CLAIMED, S.INDEMNIFIED):
            raise DomainError(
                "payment_on_claim",
                _(
                    "Invoice %(invoice)s is under a claim: record money received on it as a recovery of the claim."
                ),
                field="invoice_number",
                invoice=declaration.invoice_number,
            )
        raise DomainError(
            "invoice_settled",
            _("Invoice %(invoice)s is already fully paid."),
            field="invoice_number",
            invoice=declaration.invoice_number,
        )
    if currency != declaration.currency:
        raise DomainError(
            "payment_currency",
            _("Invoice %(invoice)s is in %(currency)s: record the payment in %(currency)s."),
            field="currency",
            invoice=declaration.invoice_number,
            currency=declaration.currency,
        )


def _apply_payment(
    actor, declaration, amount: Decimal, currency: str, received_on: date, reference: str
) -> Payment:
    before_exposure = declaration.exposure_usd
    before_paid = declaration.paid_amount
    declaration.paid_amount += amount
    declaration.paid_usd = rules.paid_usd(
        declaration.paid_amount, declaration.amount, declaration.amount_usd, declaration.rate_used
    )
    held = rules.exposure_held(declaration.covered_usd, declaration.amount_usd - declaration.paid_usd)
    release = before_exposure - held
    if release > 0 and declaration.limit_id:
        limit_exposure_release(limit_id=declaration.limit_id, amount_usd=release)
    declaration.exposure_usd = held
    payment = Payment.objects.create(
        declaration=declaration,
        organisation_id=declaration.organisation_id,
        received_on=received_on,
        currency=currency,
        amount=amount,
        amount_usd=rules.usd(amount * declaration.rate_used),
        client_reference=reference,
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    fields = ["paid_amount", "paid_usd", "exposure_usd"]
    if declaration.paid_amount >= declaration.amount:
        declaration.settled_on = received_on
        declaration_workflow.transition(
            declaration,
            to=S.SETTLED,
            actor=actor,
            reason=str(_("Fully paid")),
            data={"payment": payment.pk, "released_usd": release},
            update_fields=[*fields, "settled_on"],
            changes={
                "paid_amount": (before_paid, declaration.paid_amount),
                "exposure_usd": (before_exposure, held),
            },
        )
    else:
        declaration.save(update_fields=[*fields, "updated_at"])
        audit_record(
            declaration,
            action="shipment_declaration.payment",
            actor=actor,
            data={"payment": payment.pk, "amount": amount, "currency": currency, "released_usd": release},
            changes={
                "paid_amount": (before_paid, declaration.paid_amount),
                "exposure_usd": (before_exposure, held),
            },
        )
    return payment


@dataclass
class BulkPaymentLine:
    row: int
    ok: bool
    message: str
    applied: Decimal = Decimal("0")
    invoices: list[str] = field(default_factory=list)
    code: str = ""


def payments_record_bulk(*, actor, lines: list[tuple[int, PaymentInput]]) -> list[BulkPaymentLine]:
    """Record many payments; each applied completely (its own transaction) or reported refused."""
    ensure_role(actor, RECORDER_ROLES, action=_("record payments received"))
    report = []
    for row, data in lines:
        try:
            result = payment_record(actor=actor, data=data)
        except DomainError as error:
            report.append(BulkPaymentLine(row, False, error.message, code=error.code))
        else:
            report.append(
                BulkPaymentLine(
                    row,
                    True,
                    str(_("Recorded")),
                    result.applied,
                    [p.declaration.invoice_number for p in result.payments],
                )
            )
    return report
