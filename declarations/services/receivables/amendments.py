"""Amendments."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from declarations import rules
from declarations.engine.cover import cover_again, update_exposure
from declarations.models import DeclarationAmendment, ShipmentDeclaration
from declarations.reasons import NotCovered
from declarations.services.receivables._common import RECORDER_ROLES, S  # noqa: F401
from declarations.services.receivables.payments import (
    BulkPaymentLine,  # noqa: E402
    PaymentInput,  # noqa: E402
)
from declarations.workflow import amendment_workflow, declaration_workflow
from policies.selectors import premium_rate_for
from sinosure_portal.accounts.access import ensure_role
from sinosure_portal.accounts.models import Role
from sinosure_portal.audit.services import audit_record
from sinosure_portal.base.errors import DomainError, NotAllowed, translate_integrity_error
from sinosure_portal.money.currency import is_currency, quantize
from sinosure_portal.money.services import RateMissing, rate_to_usd
from sinosure_portal.workdays.calendar import today as shanghai_today

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
    except IntegrityError as exc:  # a second request raced past the check: its constraint says which
        raise translate_integrity_error(exc) from exc


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
    amendment, declaration = _amendment_to_decide(amendment_id)
    before = _snapshot(declaration)
    terms = _amended_terms(declaration, amendment)
    fields, to = _cover_amended(declaration, terms)
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


def _amendment_to_decide(amendment_id: int) -> tuple[DeclarationAmendment, ShipmentDeclaration]:
    """The amendment and its declaration, both locked; the amendment must still wait for a decision."""
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
    return amendment, declaration


@dataclass(frozen=True)
class _AmendedTerms:
    amount: Decimal
    shipped: date
    days: int
    rate: Decimal
    amount_usd: Decimal
    premium_rate: Decimal


def _amended_terms(declaration: ShipmentDeclaration, amendment: DeclarationAmendment) -> _AmendedTerms:
    """The shipment as amended, in US dollars at the shipment day's rate, with its premium rate."""
    amount = amendment.new_amount if amendment.new_amount is not None else declaration.amount
    shipped = amendment.new_shipment_date or declaration.shipment_date
    days = amendment.new_credit_days if amendment.new_credit_days is not None else declaration.credit_days
    _check_amendment(
        declaration, amendment.new_amount, amendment.new_shipment_date, amendment.new_credit_days
    )
    try:
        rate = (
            declaration.rate_used
            if shipped == declaration.shipment_date
            else rate_to_usd(declaration.currency, shipped)
        )
    except RateMissing as exc:
        raise NotCovered("rate_missing", currency=declaration.currency, date=shipped.isoformat()) from exc
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
    return _AmendedTerms(amount, shipped, days, rate, rules.to_usd(amount, rate), premium_rate)


AMENDED_FIELDS = [
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


def _cover_amended(declaration: ShipmentDeclaration, t: _AmendedTerms) -> tuple[list[str], str]:
    """Cover the amended shipment again under the limit's lock and set the declaration's figures;
    returns the fields changed and the state the declaration moves to."""
    result, state = cover_again(
        declaration.limit_id,
        holds_usd=declaration.exposure_usd,
        request=rules.CoverRequest(
            declaration.limit_id, t.amount_usd, t.shipped, declaration.payment_term, t.days
        ),
    )
    covered, code = result.covered_usd, result.reason
    if covered <= 0:
        raise DomainError(
            "amendment_not_covered",
            _("The amended shipment would not be covered at all (%(why)s); reject the amendment instead."),
            why=code,
        )
    paid_usd = rules.paid_usd(declaration.paid_amount, t.amount, t.amount_usd, t.rate)
    held = rules.exposure_held(covered, t.amount_usd - paid_usd)
    update_exposure({declaration.limit_id: state.exposure_usd - (covered - held)})
    declaration.amount, declaration.shipment_date, declaration.credit_days = t.amount, t.shipped, t.days
    declaration.rate_used, declaration.amount_usd, declaration.paid_usd = t.rate, t.amount_usd, paid_usd
    declaration.due_date = rules.due_date(t.shipped, t.days)
    declaration.covered_usd, declaration.exposure_usd = covered, held
    declaration.reason_code = code or ""
    declaration.reason_params = (
        {"covered": str(covered), "requested": str(t.amount_usd)} if code == "limit_full" else {}
    )
    declaration.premium_rate = t.premium_rate
    declaration.premium_usd = rules.premium(t.amount_usd, t.premium_rate)
    if declaration.due_date < shanghai_today():
        declaration.overdue_since = declaration.overdue_since or shanghai_today()
        return AMENDED_FIELDS, S.OVERDUE
    declaration.overdue_since = None
    return AMENDED_FIELDS, (S.COVERED if covered >= t.amount_usd else S.PARTLY_COVERED)


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
