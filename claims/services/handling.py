"""The claims officer's work on a case: accept, investigate (notes), assess the loss from its
deductions (each with a note; nothing is typed as a final figure), decide with reasons. The
insured may withdraw the claim until it is decided."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from claims import rules
from claims.errors import error
from claims.models import Claim, ClaimDeduction, ClaimLine, ClaimNote, DocumentRequest
from claims.services.common import (
    claimed_shipments,
    ensure_insured,
    ensure_officer,
    ensure_status,
    insured_users,
    lock_claim,
    release_lines,
    reopen_shipments,
    store_assessment,
)
from claims.workflow import claim_workflow, request_workflow
from policies.models import Policy
from sinosure_portal.audit.services import audit_record
from sinosure_portal.notifications.services import notify
from sinosure_portal.workdays.calendar import today as shanghai_today

C = Claim.Status


def _url(claim: Claim) -> str:
    return reverse("claims:claim-detail", args=[claim.pk])


def _reason(reason: str, field: str = "reason") -> str:
    text = (reason or "").strip()
    if not text:
        raise error("reason_required/reasons", field=field)
    return text


@transaction.atomic
def claim_accept(*, actor, claim_id: int) -> Claim:
    ensure_officer(actor, _("accept claims"))
    claim = lock_claim(claim_id)
    claim.officer = actor
    claim_workflow.transition(claim, to=C.ACCEPTED, actor=actor, update_fields=["officer"])
    notify(
        insured_users(claim.organisation_id),
        kind="claim_accepted",
        params={"n": claim.number},
        url=_url(claim),
    )
    return claim


@transaction.atomic
def claim_investigate(*, actor, claim_id: int, note: str = "") -> Claim:
    ensure_officer(actor, _("investigate claims"))
    claim = lock_claim(claim_id)
    if claim.officer_id is None:
        claim.officer = actor
    claim_workflow.transition(claim, to=C.INVESTIGATING, actor=actor, reason=note, update_fields=["officer"])
    if note.strip():
        ClaimNote.objects.create(claim=claim, author=actor, text=note.strip())
    return claim


@transaction.atomic
def claim_note_add(*, actor, claim_id: int, text: str) -> ClaimNote:
    ensure_officer(actor, _("write investigation notes"))
    claim = lock_claim(claim_id)
    return ClaimNote.objects.create(claim=claim, author=actor, text=_reason(text, "text"))


def _refresh_if_assessed(claim: Claim) -> None:
    if claim.status == C.ASSESSED:
        store_assessment(claim)


@transaction.atomic
def claim_deduction_add(
    *, actor, claim_id: int, kind: str, amount_usd: Decimal, note: str, line_id: int | None = None
) -> ClaimDeduction:
    """A deduction against one shipment (``line_id``) or, without one, against the whole claim
    (then allocated to the shipments pro rata to what is unpaid on each)."""
    ensure_officer(actor, _("assess losses"))
    claim = lock_claim(claim_id)
    ensure_status(claim, Claim.WORKING, "working")
    if kind not in ClaimDeduction.Kind.values:
        raise error("kind_invalid/deduction", field="kind")
    if amount_usd is None or amount_usd <= 0:
        raise error("amount_not_positive/deduction", field="amount_usd")
    line = None
    if line_id is not None:
        line = ClaimLine.objects.filter(pk=line_id, claim=claim, included=True).first()
        if line is None:
            raise error("line_invalid", field="line")
        already = line.deductions.aggregate(total=Sum("amount_usd"))["total"] or Decimal("0")
        if already + amount_usd > line.outstanding_usd:
            raise error(
                "deduction_above_unpaid",
                field="amount_usd",
                invoice=line.invoice_number,
                unpaid=line.outstanding_usd - already,
            )
    total_before = _deductions_total(claim)
    deduction = ClaimDeduction.objects.create(
        claim=claim, line=line, kind=kind, amount_usd=amount_usd, note=_reason(note, "note"), entered_by=actor
    )
    audit_record(
        claim,
        action="claim.deduction_added",
        actor=actor,
        reason=deduction.note,
        data={"kind": kind, "amount_usd": amount_usd, "invoice": line.invoice_number if line else None},
        changes={"deductions_usd": (total_before, _deductions_total(claim))},
    )
    _refresh_if_assessed(claim)
    return deduction


@transaction.atomic
def claim_deduction_remove(*, actor, deduction_id: int) -> Claim:
    ensure_officer(actor, _("assess losses"))
    deduction = ClaimDeduction.objects.filter(pk=deduction_id).first()
    if deduction is None:
        raise error("deduction_not_found")
    claim = lock_claim(deduction.claim_id)
    ensure_status(claim, Claim.WORKING, "working")
    total_before = _deductions_total(claim)
    audit_record(
        claim,
        action="claim.deduction_removed",
        actor=actor,
        data={"kind": deduction.kind, "amount_usd": deduction.amount_usd, "note": deduction.note},
        changes={"deductions_usd": (total_before, total_before - deduction.amount_usd)},
    )
    deduction.delete()
    _refresh_if_assessed(claim)
    return claim


@transaction.atomic
def claim_line_set_included(*, actor, line_id: int, included: bool, reason: str = "") -> ClaimLine:
    """Exclude an invoice from the indemnity (with the reason), or include it again."""
    ensure_officer(actor, _("assess losses"))
    line = ClaimLine.objects.filter(pk=line_id).first()
    if line is None:
        raise error("line_not_found")
    claim = lock_claim(line.claim_id)
    ensure_status(claim, Claim.WORKING, "working")
    was_included = line.included
    line.included = included
    line.exclusion_reason = "" if included else _reason(reason)
    line.save(update_fields=["included", "exclusion_reason"])
    audit_record(
        claim,
        action="claim.line_included" if included else "claim.line_excluded",
        actor=actor,
        reason=line.exclusion_reason,
        data={"invoice": line.invoice_number},
        changes={"included": (was_included, included)} if was_included != included else None,
    )
    _refresh_if_assessed(claim)
    return line


@transaction.atomic
def claim_ratio_set(*, actor, claim_id: int, ratio: Decimal | None, note: str = "") -> Claim:
    """Lower the indemnity ratio for this claim (a late notice, DESIGN.md), or restore the policy's."""
    ensure_officer(actor, _("assess losses"))
    claim = lock_claim(claim_id)
    ensure_status(claim, Claim.WORKING, "working")
    ratio_before = claim.ratio_applied or claim.policy.indemnity_ratio
    if ratio is None or ratio == claim.policy.indemnity_ratio:
        claim.ratio_applied, claim.ratio_note = None, ""
    else:
        if not (Decimal("0") < ratio < claim.policy.indemnity_ratio):
            raise error(
                "ratio_invalid",
                field="ratio",
                ratio=f"{claim.policy.indemnity_ratio * 100:.0f}%",
            )
        claim.ratio_applied, claim.ratio_note = ratio, _reason(note, "note")
    claim.save(update_fields=["ratio_applied", "ratio_note", "updated_at"])
    audit_record(
        claim,
        action="claim.ratio_set",
        actor=actor,
        reason=claim.ratio_note,
        data={"ratio": claim.ratio_applied},
        changes={"ratio_applied": (ratio_before, claim.ratio_applied or claim.policy.indemnity_ratio)},
    )
    _refresh_if_assessed(claim)
    return claim


def evidence_missing(claim: Claim) -> list[str]:
    present = set(claim.documents.values_list("kind", flat=True))
    services_only = not claim.lines.filter(is_service=False).exists()
    return rules.missing_evidence(present, services_only=services_only)


@transaction.atomic
def claim_assess(*, actor, claim_id: int, note: str = "") -> Claim:
    ensure_officer(actor, _("assess losses"))
    claim = lock_claim(claim_id)
    ensure_status(
        claim,
        (C.ACCEPTED, C.INVESTIGATING),
        "assess",
    )
    missing = evidence_missing(claim)
    if missing:
        from claims.models import EvidenceKind

        raise error(
            "evidence_missing",
            kinds=", ".join(str(EvidenceKind(k).label) for k in missing),
        )
    if claim.document_requests.filter(status=DocumentRequest.Status.OPEN).exists():
        raise error(
            "documents_outstanding",
        )
    a = store_assessment(claim)
    claim_workflow.transition(
        claim, to=C.ASSESSED, actor=actor, reason=note, data={"indemnity": a.indemnity, "loss": a.loss}
    )
    return claim


DECISIONS = {"approve": C.APPROVED, "partly": C.PARTLY_APPROVED, "deny": C.DENIED}


@transaction.atomic
def claim_decide(*, actor, claim_id: int, decision: str, reason: str) -> Claim:
    ensure_officer(actor, _("decide claims"))
    claim = lock_claim(claim_id)
    to = DECISIONS.get(decision)
    if to is None:
        raise error("decision_invalid", field="decision")
    reason = _reason(reason)
    ensure_status(claim, (C.ASSESSED,), "decide")
    # decisions on one policy one after the other: each sees what the others already use of the
    # maximum liability and the per-buyer cap (committed_under_policy)
    Policy.objects.select_for_update().filter(pk=claim.policy_id).first()
    a = store_assessment(claim)
    reduced = rules.decision_reduced(
        excluded_lines=claim.lines.filter(included=False).count(),
        ratio_lowered=claim.ratio_applied is not None,
        capped=bool(a.capped_by),
    )
    if to != C.DENIED and a.indemnity <= 0:
        raise error(
            "nothing_to_pay",
            field="decision",
        )
    if to == C.APPROVED and reduced:
        raise error(
            "approval_is_partial",
            field="decision",
        )
    if to == C.PARTLY_APPROVED and not reduced:
        raise error(
            "nothing_reduced",
            field="decision",
        )
    claim.indemnity_usd = Decimal("0.00") if to == C.DENIED else a.indemnity
    claim.decision_reason = reason
    claim.decided_at = timezone.now()
    claim.decided_by = actor
    claim.escalation = Claim.Escalation.NONE
    late = bool(claim.decision_due and shanghai_today() > claim.decision_due)
    claim_workflow.transition(
        claim,
        to=to,
        actor=actor,
        reason=reason,
        data={"indemnity": claim.indemnity_usd, "decision_due": claim.decision_due, "decided_late": late},
        update_fields=["indemnity_usd", "decision_reason", "decided_at", "decided_by", "escalation"],
    )
    if to == C.DENIED:
        reopen_shipments(actor, claimed_shipments(claim), reason)
        release_lines(claim)
    notify(
        insured_users(claim.organisation_id),
        kind="claim_decided",
        params={"n": claim.number, "decision": claim.status},
        body=reason,
        url=_url(claim),
        level="danger" if to == C.DENIED else "info",
    )
    return claim


@transaction.atomic
def claim_withdraw(*, actor, claim_id: int, reason: str) -> Claim:
    claim = lock_claim(claim_id)
    ensure_insured(actor, claim)
    reason = _reason(reason)
    if claim.status not in Claim.UNDECIDED:
        raise error(
            "claim_decided",
            status=claim.get_status_display(),
        )
    claim_workflow.transition(claim, to=C.WITHDRAWN, actor=actor, reason=reason)
    reopen_shipments(actor, claimed_shipments(claim), reason)
    release_lines(claim)
    for request in claim.document_requests.select_for_update().filter(status=DocumentRequest.Status.OPEN):
        request_workflow.transition(request, to=DocumentRequest.Status.CANCELLED, actor=actor, reason=reason)
    return claim


def _deductions_total(claim: Claim) -> Decimal:
    """Every deduction entered on the claim (for the whole claim or against a shipment), USD."""
    return ClaimDeduction.objects.filter(claim=claim).aggregate(total=Sum("amount_usd"))["total"] or Decimal(
        "0.00"
    )
