"""Filing a claim (索赔申请书): from a possible-loss notice within the policy's claim deadline, or
directly for micro and SME policies (which declare nothing, so their invoices are typed in the
claim)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext_lazy as _

from claims import rules
from claims.errors import amount_scale, error
from claims.models import (
    Cause,
    Claim,
    ClaimLine,
    PossibleLossNotice,
)
from claims.services.common import (
    INSURED_ROLES,
    claim_url,
    claims_officers,
    ensure_insured,
    lock_notice,
)
from claims.workflow import notice_workflow
from declarations.models import ShipmentDeclaration
from declarations.workflow import declaration_workflow
from limits.models import CreditLimit
from policies.models import Policy, Product
from sinosure_portal.accounts.access import ensure_role
from sinosure_portal.audit.services import audit_record
from sinosure_portal.base.errors import DomainError, integrity_errors
from sinosure_portal.core.numbering import assign_number
from sinosure_portal.money.currency import is_currency, quantize
from sinosure_portal.money.services import rate_to_usd
from sinosure_portal.notifications.services import notify
from sinosure_portal.texts import Text
from sinosure_portal.workdays import calendar as workdays
from sinosure_portal.workdays.calendar import today as shanghai_today

S = ShipmentDeclaration.Status
C = Claim.Status
DIRECT_PRODUCTS = (Product.MICRO, Product.SME)  # claim without a possible-loss notice (seed)


def _decision_due(claim: Claim) -> None:
    """Micro claims are decided within 30 business days of the claim (seed)."""
    if claim.policy.product == Product.MICRO:
        deadline = rules.micro_decision_deadline(claim_date=claim.filed_on, calendar=workdays)
        claim.decision_due = deadline.date
        claim.decision_due_rule = deadline.rule
        claim.decision_due_provisional = deadline.provisional


def _after_filing(claim: Claim, actor) -> Claim:
    assign_number(claim, "CLM")
    audit_record(
        claim,
        action="claim.submitted",
        actor=actor,
        to_state=claim.status,
        data={
            "claimed_usd": claim.claimed_usd,
            "decision_due": claim.decision_due,
            "notice": claim.notice_id,
        },
    )
    notify(
        claims_officers(),
        kind="claim_submitted",
        params={
            "n": claim.number,
            "insured": str(claim.organisation),
            "decision_due": claim.decision_due.isoformat() if claim.decision_due else "",
        },
        url=claim_url(claim),
    )
    return claim


# --- from a notice ------------------------------------------------------------------------------


@transaction.atomic
def claim_file_from_notice(*, actor, notice_id: int, description: str = "") -> Claim:
    notice = lock_notice(notice_id)
    ensure_insured(actor, notice)
    if notice.status not in PossibleLossNotice.LIVE:
        raise error(
            "notice_not_live",
            status=notice.get_status_display(),
        )
    today = shanghai_today()
    if today > notice.claim_deadline:
        raise error(
            "claim_deadline_passed",
            date=notice.claim_deadline.isoformat(),
        )
    shipments = list(
        notice.declarations.select_for_update().filter(status=S.LOSS_NOTIFIED).order_by("due_date", "pk")
    )
    if not shipments:
        raise error(
            "nothing_to_claim",
        )
    claim = Claim.objects.create(
        policy=notice.policy,
        organisation_id=notice.organisation_id,
        buyer_id=notice.buyer_id,
        notice=notice,
        cause=notice.cause,
        event_date=notice.event_date,
        description=(description or "").strip() or notice.description,
        filed_on=today,
        filing_deadline=notice.claim_deadline,
        late_notice=notice.late,
        claimed_usd=sum((d.amount_usd - d.paid_usd for d in shipments), Decimal("0")),
        created_by=actor,
    )
    _decision_due(claim)
    claim.save(update_fields=["decision_due", "decision_due_rule", "decision_due_provisional"])
    _create_lines(
        [
            ClaimLine(
                claim=claim,
                declaration=d,
                invoice_number=d.invoice_number,
                shipment_date=d.shipment_date,
                due_date=d.due_date,
                currency=d.currency,
                amount=d.amount,
                amount_usd=d.amount_usd,
                covered_usd=d.covered_usd,
                paid_usd=d.paid_usd,
                is_service=d.is_service,
            )
            for d in shipments
        ]
    )
    declaration_workflow.transition_many(
        ShipmentDeclaration,
        [d.pk for d in shipments],
        to=S.CLAIMED,
        actor=actor,
        reason=Text("claims.claim_on_notice", {"n": notice.number}),
    )
    notice_workflow.transition(notice, to=PossibleLossNotice.Status.CLAIMED, actor=actor)
    return _after_filing(claim, actor)


# --- directly (micro, SME) ----------------------------------------------------------------------


@dataclass
class InvoiceLine:
    invoice_number: str
    shipment_date: date
    due_date: date
    currency: str
    amount: Decimal
    paid_amount: Decimal = Decimal("0")
    is_service: bool = False


@dataclass
class DirectClaimInput:
    policy_id: int
    buyer_id: int
    cause: str
    event_date: date
    description: str
    invoices: list[InvoiceLine] = field(default_factory=list)


def _line_error(code: str, index: int, **params) -> DomainError:
    return error(code, field="invoices", row=index + 1, **params)


def _create_lines(lines: list[ClaimLine]) -> None:
    """A receivable that another claim holds is refused by the database even when two filings race
    (the constraint's meaning is registered in ``claims.errors.CONSTRAINTS``)."""
    with integrity_errors(), transaction.atomic():
        ClaimLine.objects.bulk_create(lines)


def direct_key(policy_id: int, buyer_id: int, invoice_number: str) -> str:
    return f"{policy_id}:{buyer_id}:{invoice_number}"[:160]


def cover_available(policy: Policy, buyer_id: int, limit: CreditLimit | None) -> Decimal | None:
    """The cover a direct claim on this buyer can still use: the buyer's credit limit (SME; a micro
    policy's optional limit raises its cover) less the cover of invoices that earlier claims on the
    buyer still hold (a withdrawn or denied claim holds none). None: no limit bounds the cover; a
    micro policy's per-buyer cap bounds the indemnity instead, less what earlier claims on the buyer
    already use of it (paid, or decided and unpaid), in the assessment (``caps_for``)."""
    if limit is None:
        return None
    ceiling = limit.amount_usd
    used = ClaimLine.objects.filter(
        claim__policy=policy, claim__buyer_id=buyer_id, holds_shipment=True, included=True
    ).aggregate(total=Sum("covered_usd"))["total"] or Decimal("0")
    return ceiling - used


@transaction.atomic
def claim_file_direct(*, actor, data: DirectClaimInput) -> Claim:
    ensure_role(actor, INSURED_ROLES, action=_("file a claim"))
    today = shanghai_today()
    policy = _direct_policy(actor, data, today)
    lines = _direct_lines(policy, data, _direct_limit(policy, data.buyer_id), today)
    claim = Claim.objects.create(
        policy=policy,
        organisation_id=policy.organisation_id,
        buyer_id=data.buyer_id,
        cause=data.cause,
        event_date=data.event_date,
        description=data.description.strip(),
        filed_on=today,
        claimed_usd=sum((line.amount_usd - line.paid_usd for line in lines), Decimal("0")),
        created_by=actor,
    )
    _decision_due(claim)
    claim.save(update_fields=["decision_due", "decision_due_rule", "decision_due_provisional"])
    for line in lines:
        line.claim = claim
    _create_lines(lines)
    return _after_filing(claim, actor)


def _direct_policy(actor, data: DirectClaimInput, today: date) -> Policy:
    """The insured's micro or SME policy, locked: two direct claims on it are filed one after the
    other, so the second sees the first's invoices and the cover it used (the unique index backs
    this up); and the claim's own fields checked."""
    policy = (
        Policy.objects.select_for_update()
        .filter(pk=data.policy_id, organisation_id=actor.organisation_id)
        .first()
    )
    if policy is None:
        raise error("policy_not_found", field="policy")
    if policy.product not in DIRECT_PRODUCTS:
        raise error(
            "notice_first",
            field="policy",
            product=Product(policy.product).label,
        )
    if data.cause not in Cause.values:
        raise error("cause_invalid", field="cause")
    if not data.event_date or data.event_date > today:
        raise error("event_in_future", field="event_date")
    if not (data.description or "").strip():
        raise error("description_required", field="description")
    if not data.invoices:
        raise error("invoices_required", field="invoices")
    from creditinfo.models import Buyer

    if not Buyer.objects.filter(pk=data.buyer_id).exists():
        raise error("buyer_not_found", field="buyer")
    return policy


def _direct_limit(policy: Policy, buyer_id: int) -> CreditLimit | None:
    """The live credit limit on the buyer; SME cover needs one: the claim is covered up to its amount."""
    limit = (
        CreditLimit.objects.filter(policy=policy, buyer_id=buyer_id, status__in=list(CreditLimit.LIVE))
        .order_by("-pk")
        .first()
    )
    if policy.product == Product.SME and limit is None:
        raise error(
            "no_limit",
            field="buyer",
            policy=policy.number,
        )
    return limit


def _direct_lines(
    policy: Policy, data: DirectClaimInput, limit: CreditLimit | None, today: date
) -> list[ClaimLine]:
    """The claim's lines, earliest due first, each checked, in USD at the shipment date's rate and
    covered while the buyer's limit has room."""
    already = set(
        ClaimLine.objects.filter(claim__policy=policy, holds_shipment=True).values_list(
            "invoice_number", flat=True
        )
    )
    seen: set[str] = set()
    lines: list[ClaimLine] = []
    room = cover_available(policy, data.buyer_id, limit)
    for i, inv in enumerate(sorted(data.invoices, key=lambda x: x.due_date)):
        number = (inv.invoice_number or "").strip()
        if not number:
            raise _line_error("invoice_number_required", i)
        if number in seen or number in already:
            raise _line_error("invoice_claimed", i, invoice=number)
        currency = _check_invoice(policy, data.cause, inv, number, i, today)
        seen.add(number)
        rate = rate_to_usd(currency, inv.shipment_date)
        amount_usd = quantize(inv.amount * rate, "USD")
        paid_usd = quantize(inv.paid_amount * rate, "USD")
        covered = amount_usd
        if room is not None:
            covered = max(min(amount_usd, room), Decimal("0"))
            room -= covered
        lines.append(
            ClaimLine(
                invoice_number=number,
                shipment_date=inv.shipment_date,
                due_date=inv.due_date,
                currency=currency,
                amount=inv.amount,
                amount_usd=amount_usd,
                covered_usd=covered,
                paid_usd=paid_usd,
                is_service=inv.is_service,
                direct_key=direct_key(policy.pk, data.buyer_id, number),
            )
        )
    return lines


def _check_invoice(policy: Policy, cause: str, inv: InvoiceLine, number: str, i: int, today: date) -> str:
    """One typed invoice checked (the ``i``-th, for the row of the error); its currency code."""
    if not policy.period_start <= inv.shipment_date <= policy.period_end:
        raise _line_error(
            "outside_policy_period",
            i,
            invoice=number,
            date=inv.shipment_date.isoformat(),
        )
    if inv.due_date < inv.shipment_date:
        raise _line_error("due_before_shipment", i)
    if cause == Cause.BUYER_DEFAULT and inv.due_date >= today:
        raise _line_error(
            "not_yet_due",
            i,
            invoice=number,
            date=inv.due_date.isoformat(),
        )
    currency = (inv.currency or "").upper()
    if not is_currency(currency):
        raise _line_error("currency_invalid", i, currency=currency)
    if inv.amount is None or inv.amount <= 0 or inv.paid_amount < 0 or inv.paid_amount >= inv.amount:
        raise _line_error("amount_invalid", i)
    if quantize(inv.amount, currency) != inv.amount or quantize(inv.paid_amount, currency) != inv.paid_amount:
        # never rounded: the USD amounts are computed from exactly what is stored
        raise amount_scale(currency, field="invoices", row=i + 1)
    return currency
