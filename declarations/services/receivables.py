"""Receivables: payments received (收汇), one by one or in bulk, and amendments of declarations.

A payment lowers what the receivable holds on its limit to min(covered, still unpaid), so the limit
revolves; a fully paid shipment is settled and holds nothing. Amendments go through a workflow
(submitted -> applied / rejected / withdrawn): the underwriter applies one under the limit's lock,
and the cover is worked out again for the corrected facts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from declarations import rules
from declarations.engine.cover import cover_again, update_exposure
from declarations.models import DeclarationAmendment, Payment, ShipmentDeclaration
from declarations.reasons import NotCovered
from declarations.workflow import amendment_workflow, declaration_workflow
from limits.services import limit_exposure_release
from policies.selectors import premium_rate_for
from sinosure_portal.accounts.access import ensure_role
from sinosure_portal.accounts.models import Role
from sinosure_portal.audit.services import audit_record
from sinosure_portal.base.errors import DomainError, NotAllowed
from sinosure_portal.money.currency import is_currency, quantize
from sinosure_portal.money.services import RateMissing, rate_to_usd
from sinosure_portal.workdays.calendar import today as shanghai_today

RECORDER_ROLES = [Role.EXPORTER, Role.BANK]
S = ShipmentDeclaration.Status


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
    try:
        return _payment_record(actor=actor, data=data)
    except IntegrityError as exc:
        raise _repeat(data.client_reference) from exc


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
                _(
                    "%(currency)s %(amount)s is more than the %(outstanding)s still open on invoice %(invoice)s."
                ),
                field="amount",
                currency=currency,
                amount=data.amount,
                outstanding=declaration.outstanding,
                invoice=declaration.invoice_number,
            )
        plan = [(declaration, data.amount)]
    elif data.buyer_id:
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
        plan = [(by_id[pk], part) for pk, part in spread]
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


# --- amendments -------------------------------------------------------------------------------------------


def _ensure_amendable(declaration: ShipmentDeclaration) -> None:
    if declaration.status not in ShipmentDeclaration.AMENDABLE:
        raise DomainError(
            "not_amendable",
            _("A %(status)s shipment cannot be amended."),
            status=declaration.get_status_display(),
        )


def amendment_submit(
    *,
    actor,
    declaration_id: int,
    reason: str,
    new_amount: Decimal | None = None,
    new_shipment_date: date | None = None,
    new_credit_days: int | None = None,
) -> DeclarationAmendment:
    ensure_role(actor, RECORDER_ROLES, action=_("amend declarations"))
    try:
        with transaction.atomic():
            declaration = (
                ShipmentDeclaration.objects.select_for_update()
                .select_related("policy")
                .filter(pk=declaration_id, organisation_id=actor.organisation_id)
                .first()
            )
            if declaration is None:
                raise DomainError("declaration_not_found", _("No such declaration."))
            _ensure_amendable(declaration)
            if new_amount == declaration.amount:
                new_amount = None
            if new_shipment_date == declaration.shipment_date:
                new_shipment_date = None
            if new_credit_days == declaration.credit_days:
                new_credit_days = None
            if new_amount is None and new_shipment_date is None and new_credit_days is None:
                raise DomainError(
                    "nothing_to_amend", _("Change the amount, the shipment date or the credit period.")
                )
            if not (reason or "").strip():
                raise DomainError(
                    "reason_needed", _("Say why the declaration needs amending."), field="reason"
                )
            _check_amendment(declaration, new_amount, new_shipment_date, new_credit_days)
            amendment = DeclarationAmendment.objects.create(
                declaration=declaration,
                organisation_id=declaration.organisation_id,
                new_amount=new_amount,
                new_shipment_date=new_shipment_date,
                new_credit_days=new_credit_days,
                reason=reason.strip(),
                requested_by=actor,
            )
            audit_record(
                amendment,
                action="declaration_amendment.submitted",
                actor=actor,
                to_state=amendment.status,
                reason=reason,
            )
            audit_record(
                declaration,
                action="shipment_declaration.amendment_requested",
                actor=actor,
                reason=reason,
                data={"amendment": amendment.pk},
            )
            return amendment
    except IntegrityError as exc:
        raise DomainError(
            "amendment_pending", _("An amendment of this declaration is already waiting for a decision.")
        ) from exc


def _check_amendment(declaration, new_amount, new_shipment_date, new_credit_days) -> None:
    policy = declaration.policy
    if new_amount is not None:
        if new_amount <= 0 or quantize(new_amount, declaration.currency) != new_amount:
            raise DomainError(
                "invalid_amount", _("The amount must be a positive amount of money."), field="new_amount"
            )
        if new_amount < declaration.paid_amount:
            raise DomainError(
                "amount_below_paid",
                _("The amount cannot be less than the %(paid)s already paid."),
                field="new_amount",
                paid=declaration.paid_amount,
            )
    if new_shipment_date is not None:
        if new_shipment_date > shanghai_today():
            raise NotCovered(
                "shipment_in_future", field="new_shipment_date", date=new_shipment_date.isoformat()
            )
        if not policy.covers_date(new_shipment_date):
            raise NotCovered(
                "outside_policy_period",
                field="new_shipment_date",
                date=new_shipment_date.isoformat(),
                start=policy.period_start.isoformat(),
                end=policy.period_end.isoformat(),
            )
    if new_credit_days is not None and not (0 <= new_credit_days <= policy.max_credit_period_days):
        raise NotCovered(
            "credit_days_above_policy",
            field="new_credit_days",
            days=new_credit_days,
            max=policy.max_credit_period_days,
        )


def _lock_amendment(amendment_id: int) -> DeclarationAmendment:
    amendment = DeclarationAmendment.objects.select_for_update().filter(pk=amendment_id).first()
    if amendment is None:
        raise DomainError("amendment_not_found", _("No such amendment."))
    return amendment


def _snapshot(d: ShipmentDeclaration) -> dict:
    return {
        "amount": str(d.amount),
        "amount_usd": str(d.amount_usd),
        "shipment_date": d.shipment_date.isoformat(),
        "credit_days": d.credit_days,
        "due_date": d.due_date.isoformat(),
        "covered_usd": str(d.covered_usd),
        "premium_usd": str(d.premium_usd),
        "status": d.status,
    }


@transaction.atomic
def amendment_approve(*, actor, amendment_id: int, reason: str = "") -> DeclarationAmendment:
    """Apply an amendment: free what the declaration holds on its limit, cover the corrected
    shipment again (what fits now, under the limit's lock), recompute premium and due date."""
    ensure_role(actor, [Role.UNDERWRITER], action=_("decide amendments"))
    amendment = _lock_amendment(amendment_id)
    declaration = (
        ShipmentDeclaration.objects.select_for_update()
        .select_related("policy", "buyer__country")
        .get(pk=amendment.declaration_id)
    )
    if amendment.status != DeclarationAmendment.Status.SUBMITTED:
        raise DomainError(
            "amendment_decided",
            _("This amendment is no longer waiting for a decision (%(status)s)."),
            status=amendment.get_status_display(),
        )
    _ensure_amendable(declaration)
    amount = amendment.new_amount if amendment.new_amount is not None else declaration.amount
    shipped = amendment.new_shipment_date or declaration.shipment_date
    days = amendment.new_credit_days if amendment.new_credit_days is not None else declaration.credit_days
    _check_amendment(
        declaration, amendment.new_amount, amendment.new_shipment_date, amendment.new_credit_days
    )
    before = _snapshot(declaration)
    try:
        rate = (
            declaration.rate_used
            if shipped == declaration.shipment_date
            else rate_to_usd(declaration.currency, shipped)
        )
    except RateMissing as exc:
        raise NotCovered("rate_missing", currency=declaration.currency, date=shipped.isoformat()) from exc
    amount_usd = rules.to_usd(amount, rate)
    try:
        premium_rate = premium_rate_for(
            declaration.policy,
            country_class=declaration.buyer.country.risk_class,
            payment_term=declaration.payment_term,
            credit_days=days,
        )
    except DomainError as exc:
        raise NotCovered(
            "premium_rate_missing",
            cls=declaration.buyer.country.risk_class,
            term=declaration.payment_term,
            days=days,
        ) from exc
    result, state = cover_again(
        declaration.limit_id,
        holds_usd=declaration.exposure_usd,
        request=rules.CoverRequest(declaration.limit_id, amount_usd, shipped, declaration.payment_term, days),
    )
    covered = result.covered_usd
    code = result.reason
    if covered <= 0:
        raise DomainError(
            "amendment_not_covered",
            _("The amended shipment would not be covered at all (%(why)s); reject the amendment instead."),
            why=code,
        )
    paid_usd = rules.paid_usd(declaration.paid_amount, amount, amount_usd, rate)
    held = rules.exposure_held(covered, amount_usd - paid_usd)
    update_exposure({declaration.limit_id: state.exposure_usd - (covered - held)})
    declaration.amount = amount
    declaration.shipment_date = shipped
    declaration.credit_days = days
    declaration.rate_used = rate
    declaration.amount_usd = amount_usd
    declaration.paid_usd = paid_usd
    declaration.due_date = rules.due_date(shipped, days)
    declaration.covered_usd = covered
    declaration.exposure_usd = held
    declaration.reason_code = code or ""
    declaration.reason_params = (
        {"covered": str(covered), "requested": str(amount_usd)} if code == "limit_full" else {}
    )
    declaration.premium_rate = premium_rate
    declaration.premium_usd = rules.premium(amount_usd, premium_rate)
    fields = [
        "amount",
        "shipment_date",
        "credit_days",
        "rate_used",
        "amount_usd",
        "paid_usd",
        "due_date",
        "covered_usd",
        "exposure_usd",
        "reason_code",
        "reason_params",
        "premium_rate",
        "premium_usd",
        "overdue_since",
    ]
    if declaration.due_date < shanghai_today():
        to = S.OVERDUE
        declaration.overdue_since = declaration.overdue_since or shanghai_today()
    else:
        to = S.COVERED if covered >= amount_usd else S.PARTLY_COVERED
        declaration.overdue_since = None
    after = _snapshot(declaration) | {"status": to}
    if not declaration_workflow.transition(
        declaration,
        to=to,
        actor=actor,
        reason=amendment.reason,
        data={"amendment": amendment.pk},
        update_fields=fields,
    ):
        declaration.save(update_fields=[*fields, "updated_at"])
    audit_record(
        declaration,
        action="shipment_declaration.amended",
        actor=actor,
        reason=amendment.reason,
        data={"amendment": amendment.pk, "before": before, "after": after},
        changes={k: (before.get(k), v) for k, v in after.items() if before.get(k) != v},
    )
    amendment.before = before
    amendment.after = after
    amendment.decided_by = actor
    amendment.decided_at = timezone.now()
    amendment.decision_reason = reason or ""
    amendment_workflow.transition(
        amendment,
        to=DeclarationAmendment.Status.APPROVED,
        actor=actor,
        reason=reason,
        update_fields=["before", "after", "decided_by", "decided_at", "decision_reason"],
    )
    return amendment


@transaction.atomic
def amendment_reject(*, actor, amendment_id: int, reason: str) -> DeclarationAmendment:
    ensure_role(actor, [Role.UNDERWRITER], action=_("decide amendments"))
    if not (reason or "").strip():
        raise DomainError("reason_needed", _("Give the reason for the rejection."), field="reason")
    amendment = _lock_amendment(amendment_id)
    amendment.decided_by = actor
    amendment.decided_at = timezone.now()
    amendment.decision_reason = reason.strip()
    amendment_workflow.transition(
        amendment,
        to=DeclarationAmendment.Status.REJECTED,
        actor=actor,
        reason=reason,
        update_fields=["decided_by", "decided_at", "decision_reason"],
    )
    return amendment


@transaction.atomic
def amendment_withdraw(*, actor, amendment_id: int) -> DeclarationAmendment:
    amendment = _lock_amendment(amendment_id)
    if actor.organisation_id != amendment.organisation_id:
        raise NotAllowed("not_your_amendment", _("This amendment belongs to another organisation."))
    amendment_workflow.transition(amendment, to=DeclarationAmendment.Status.WITHDRAWN, actor=actor)
    return amendment


def payments_from_file(*, actor, file_name: str, content: bytes) -> tuple[list, list[BulkPaymentLine]]:
    """Read a payments file: (row, PaymentInput) for the rows that read well, and a refused report
    line for each row that does not. A buyer is named by id, registration number or name, among
    the buyers the insured has declared shipments to."""
    from creditinfo.models import normalise_name, registration_key
    from declarations.columns import PAYMENT_COLUMNS, payment_header_key
    from declarations.files import read_rows
    from declarations.reasons import reason_text
    from declarations.rows import RowChecker, RowError, _text

    ensure_role(actor, RECORDER_ROLES, action=_("record payments received"))
    required = [k for k, c in PAYMENT_COLUMNS.items() if c.required]
    # FileRefused (a DomainError on the file field) for a file that is not a readable table
    rows = read_rows(file_name, content, key_of=payment_header_key, required=required)
    buyers = {}
    for pk, name, name_en, name_zh, reg in (
        ShipmentDeclaration.objects.filter(organisation_id=actor.organisation_id)
        .values_list("buyer_id", "buyer__name", "buyer__name_en", "buyer__name_zh", "buyer__registration_key")
        .distinct()
    ):
        buyers.setdefault(str(pk), pk)
        if reg:
            buyers.setdefault("reg:" + reg, pk)
        for n in (name, name_en, name_zh):
            if n:
                buyers.setdefault("name:" + normalise_name(n), pk)
    parse = RowChecker.__new__(RowChecker)
    parse._dates, parse._places, parse._days = {}, {}, {}
    parse.currency_places = lambda c: -quantize(Decimal("1"), c).as_tuple().exponent if is_currency(c) else 2
    lines, problems = [], []
    for number, raw in rows:
        try:
            invoice = _text(raw.get("invoice_number"))
            buyer_text = _text(raw.get("buyer"))
            buyer_id = None
            if not invoice:
                if not buyer_text:
                    raise RowError("missing", column="invoice_number")
                buyer_id = (
                    buyers.get(buyer_text)
                    or buyers.get("reg:" + registration_key(buyer_text))
                    or buyers.get("name:" + normalise_name(buyer_text))
                )
                if buyer_id is None:
                    raise RowError("no_limit", policy="-")
            currency = _text(raw.get("currency")).upper()
            if not is_currency(currency):
                raise RowError("invalid_currency", value=currency)
            lines.append(
                (
                    number,
                    PaymentInput(
                        received_on=parse.date_of(raw.get("received_on"), "received_on"),
                        amount=parse.amount_of(raw.get("amount"), currency),
                        currency=currency,
                        invoice_number=invoice,
                        buyer_id=buyer_id,
                        client_reference=_text(raw.get("client_reference")),
                    ),
                )
            )
        except RowError as error:
            message = (
                str(_("No declared invoices on buyer %(buyer)s.") % {"buyer": buyer_text})
                if error.code == "no_limit"
                else reason_text(error.code, error.params)
            )
            problems.append(BulkPaymentLine(number, False, message, code=error.code))
    return lines, problems


# --- back from a loss notice or a claim -----------------------------------------------------------------


def open_status(declaration: ShipmentDeclaration, today: date) -> str:
    """Where an unpaid receivable stands on its own: overdue past its due date, else covered or partly."""
    if declaration.due_date < today:
        return S.OVERDUE
    return S.COVERED if declaration.covered_usd >= declaration.amount_usd else S.PARTLY_COVERED


def declarations_reopen(*, actor, declarations, reason: str) -> list[ShipmentDeclaration]:
    """Put shipments back on the receivables book when what held them ends without an indemnity.

    A possible-loss notice withdrawn or closed, or a claim withdrawn, denied or excluding the
    invoice, leaves the buyer still owing: the shipment is overdue again (or covered when its due
    date was moved into the future), takes payments, and may be named by a later notice. The caller
    holds the rows' locks inside its transaction; rows in other states are left alone.
    """
    today = shanghai_today()
    moved = []
    for declaration in declarations:
        if declaration.status not in (S.LOSS_NOTIFIED, S.CLAIMED):
            continue
        to = open_status(declaration, today)
        declaration.overdue_since = (declaration.overdue_since or today) if to == S.OVERDUE else None
        declaration_workflow.transition(
            declaration, to=to, actor=actor, reason=str(reason), update_fields=["overdue_since"]
        )
        moved.append(declaration)
    return moved
