"""From the decision to the money: the indemnity notice (赔付通知书) with the bilingual indemnity
receipt and transfer of rights (赔款收据及权益转让书) naming the payee, the signed receipts and
anti-money-laundering material returned, the payment (once, and all or nothing), closing.

Payee: the insured, or the bank holding an indemnity assignment in force for the buyer on the day
the notice is issued (asked through the payee port ``claims.hooks.INDEMNITY_ASSIGNMENT_IN_FORCE``, which financing fills in). It is
recorded on the claim then, so an indemnity already decided keeps its payee whatever happens to
the assignment later.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from claims import hooks, rules
from claims.errors import conflict, error, not_allowed
from claims.models import Claim, EvidenceKind, IndemnityPayment
from claims.services.common import (
    claimed_shipments,
    claims_officers,
    ensure_officer,
    ensure_status,
    lock_claim,
    paid_under_policy,
    release_lines,
    reopen_shipments,
)
from claims.workflow import claim_workflow
from declarations.models import ShipmentDeclaration
from declarations.workflow import declaration_workflow
from policies.models import Policy
from sinosure_portal.accounts.models import User
from sinosure_portal.base.hooks import hook_call
from sinosure_portal.money.currency import format_amount
from sinosure_portal.notifications.services import notify
from sinosure_portal.texts import Text
from sinosure_portal.workdays.calendar import today as shanghai_today

C = Claim.Status
S = ShipmentDeclaration.Status


def _url(claim: Claim) -> str:
    return reverse("claims:claim-detail", args=[claim.pk])


def _people(claim: Claim):
    """The insured's people, and the payee bank's when the indemnity goes to a bank."""
    ids = {claim.organisation_id}
    if claim.payee_id:
        ids.add(claim.payee_id)
    return User.objects.filter(organisation_id__in=ids, is_active=True, role__in=["exporter", "bank"])


def payee_on(claim: Claim, on: date) -> rules.Payee:
    found = hook_call(
        hooks.INDEMNITY_ASSIGNMENT_IN_FORCE, policy_id=claim.policy_id, buyer_id=claim.buyer_id, on=on
    )
    assignment = next((a for a in found if a is not None), None)
    return rules.indemnity_payee(insured_id=claim.organisation_id, assignment=assignment)


@transaction.atomic
def indemnity_notice_issue(*, actor, claim_id: int) -> Claim:
    ensure_officer(actor, _("issue indemnity notices"))
    claim = lock_claim(claim_id)
    ensure_status(claim, Claim.DECIDED_TO_PAY, "issue_notice")
    today = shanghai_today()
    payee = payee_on(claim, today)
    claim.payee_id = payee.organisation_id
    claim.payee_assignment_id = payee.assignment_id
    claim.payee_assignment_number = payee.assignment_number
    claim.notice_issued_on = today
    claim_workflow.transition(
        claim,
        to=C.NOTICE_ISSUED,
        actor=actor,
        data={
            "payee": payee.organisation_id,
            "assignment": payee.assignment_number or None,
            "indemnity": claim.indemnity_usd,
        },
        update_fields=["payee", "payee_assignment_id", "payee_assignment_number", "notice_issued_on"],
    )
    from claims.documents import indemnity_notice_render, indemnity_receipt_render

    claim = Claim.objects.select_related("policy", "organisation", "buyer", "payee").get(pk=claim.pk)
    indemnity_notice_render(claim, actor=actor)
    indemnity_receipt_render(claim, actor=actor)
    notify(
        _people(claim),
        kind="indemnity_notice_issued",
        params={
            "n": claim.number,
            "amount": format_amount(claim.indemnity_usd, "USD"),
            "payee": str(claim.payee),
        },
        url=_url(claim),
        level="warning",
    )
    return claim


def receipts_missing(claim: Claim) -> list[str]:
    present = set(claim.documents.values_list("kind", flat=True))
    return rules.missing_receipts(present)


@transaction.atomic
def claim_receipt_confirm(*, actor, claim_id: int) -> Claim:
    ensure_officer(actor, _("confirm returned receipts"))
    claim = lock_claim(claim_id)
    ensure_status(claim, (C.NOTICE_ISSUED,), "confirm_receipt")
    missing = receipts_missing(claim)
    if missing:
        raise error(
            "receipts_missing",
            kinds=", ".join(str(EvidenceKind(k).label) for k in missing),
        )
    claim.receipt_returned_on = shanghai_today()
    claim_workflow.transition(
        claim, to=C.RECEIPT_RETURNED, actor=actor, update_fields=["receipt_returned_on"]
    )
    if needs_second_approval(claim):
        # the other claims officers: one of them approves before the indemnity is paid
        notify(
            claims_officers().exclude(pk=claim.decided_by_id),
            kind="indemnity_second_approval",
            params={"n": claim.number, "amount": format_amount(claim.indemnity_usd, "USD")},
            url=_url(claim),
            level="warning",
        )
    return claim


def second_approval_threshold() -> Decimal:
    return Decimal(str(settings.PORTAL_INDEMNITY_SECOND_APPROVAL_USD))


def needs_second_approval(claim: Claim) -> bool:
    """An indemnity above PORTAL_INDEMNITY_SECOND_APPROVAL_USD (strictly) needs a second officer."""
    return rules.needs_second_approval(claim.indemnity_usd or Decimal("0"), second_approval_threshold())


@transaction.atomic
def indemnity_payment_approve(*, actor, claim_id: int, note: str = "") -> Claim:
    """The second claims officer's approval of a large indemnity (OWASP ASVS 2.3.5): never the
    officer who decided the claim (403 ``second_approver_is_decider``)."""
    ensure_officer(actor, _("approve indemnity payments"))
    claim = lock_claim(claim_id)
    ensure_status(
        claim,
        (C.RECEIPT_RETURNED,),
        "approve_payment",
    )
    if not needs_second_approval(claim):
        raise conflict(
            "second_approval_not_needed",
            amount=format_amount(claim.indemnity_usd or 0, "USD"),
            limit=format_amount(second_approval_threshold(), "USD"),
        )
    if claim.decided_by_id == actor.pk:
        raise not_allowed(
            "second_approver_is_decider",
        )
    claim.payment_approved_by = actor
    claim.payment_approved_at = timezone.now()
    claim_workflow.transition(
        claim,
        to=C.PAYMENT_APPROVED,
        actor=actor,
        reason=(note or "").strip()[:1000],
        data={
            "indemnity": claim.indemnity_usd,
            "threshold": second_approval_threshold(),
            "decided_by": claim.decided_by_id,
        },
        update_fields=["payment_approved_by", "payment_approved_at"],
    )
    return claim


@transaction.atomic
def indemnity_pay(
    *, actor, claim_id: int, paid_on: date | None = None, reference: str = ""
) -> IndemnityPayment:
    """Pay once. Everything below runs in one transaction: if any step fails, the claim, its
    shipments and the payment row stay as they were."""
    ensure_officer(actor, _("pay indemnities"))
    claim = lock_claim(claim_id)
    _ensure_payable(claim)
    paid_on = paid_on or shanghai_today()
    if paid_on > shanghai_today():
        raise error("paid_in_future", field="paid_on")
    amount = claim.indemnity_usd or Decimal("0")
    # the policy row is the lock that keeps two payments from passing the maximum liability together
    policy = Policy.objects.select_for_update().get(pk=claim.policy_id)
    _ensure_within_caps(policy, claim, amount)
    payment = IndemnityPayment.objects.create(
        claim=claim,
        policy=policy,
        buyer_id=claim.buyer_id,
        payee_id=claim.payee_id or claim.organisation_id,
        payee_assignment_id=claim.payee_assignment_id,
        amount_usd=amount,
        paid_on=paid_on,
        reference=(reference or "").strip()[:64],
        paid_by=actor,
    )
    _settle_shipments(claim, actor)
    claim.paid_on = paid_on
    # the amount the buyer still owed on the indemnified invoices when the insurer paid
    claim.total_owed_usd = Decimal(claim.assessment.get("loss") or "0")
    claim_workflow.transition(
        claim,
        to=C.PAID,
        actor=actor,
        data={"amount_usd": amount, "payee": payment.payee_id, "reference": payment.reference},
        update_fields=["paid_on", "total_owed_usd"],
    )
    notify(
        _people(claim),
        kind="indemnity_paid",
        params={"n": claim.number, "amount": format_amount(amount, "USD"), "payee": str(payment.payee)},
        url=_url(claim),
    )
    return payment


def _ensure_payable(claim: Claim) -> None:
    """Not paid yet, the receipts in, and a large indemnity approved by a second officer."""
    if claim.status in (C.PAID, C.CLOSED) or IndemnityPayment.objects.filter(claim=claim).exists():
        raise error("already_paid", n=claim.number)
    ensure_status(
        claim,
        (C.RECEIPT_RETURNED, C.PAYMENT_APPROVED),
        "pay",
    )
    if needs_second_approval(claim) and claim.status != C.PAYMENT_APPROVED:
        raise conflict(
            "second_approval_required",
            limit=format_amount(second_approval_threshold(), "USD"),
        )


def _ensure_within_caps(policy: Policy, claim: Claim, amount: Decimal) -> None:
    """What the policy paid before plus this stays within its maximum liability (and its cap on
    the buyer)."""
    paid_before = paid_under_policy(policy.pk)
    if paid_before + amount > policy.max_liability_usd:
        raise error(
            "above_max_liability",
            amount=format_amount(amount, "USD"),
            left=format_amount(policy.max_liability_usd - paid_before, "USD"),
        )
    if policy.per_buyer_cap_usd is not None:
        paid_buyer = paid_under_policy(policy.pk, buyer_id=claim.buyer_id)
        if paid_buyer + amount > policy.per_buyer_cap_usd:
            raise error(
                "above_buyer_cap",
                amount=format_amount(amount, "USD"),
                left=format_amount(policy.per_buyer_cap_usd - paid_buyer, "USD"),
            )


def _settle_shipments(claim: Claim, actor) -> None:
    """The included shipments are indemnified; the invoices the decision excluded were not, so the
    buyer still owes them: they are open receivables again."""
    declaration_workflow.transition_many(
        ShipmentDeclaration,
        claimed_shipments(claim, included=True).values_list("pk", flat=True),
        to=S.INDEMNIFIED,
        actor=actor,
        reason=Text("claims.indemnity_on_claim", {"n": claim.number}),
    )
    reopen_shipments(
        actor,
        claimed_shipments(claim, included=False),
        _("Excluded from claim %(n)s") % {"n": claim.number},
    )
    release_lines(claim, included=False)


@transaction.atomic
def claim_close(*, actor, claim_id: int, reason: str = "") -> Claim:
    ensure_officer(actor, _("close claims"))
    claim = lock_claim(claim_id)
    ensure_status(claim, (C.PAID, C.DENIED), "close")
    claim.closed_on = shanghai_today()
    claim_workflow.transition(claim, to=C.CLOSED, actor=actor, reason=reason, update_fields=["closed_on"])
    return claim
