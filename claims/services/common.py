"""What the claims services share: who may act, who is told, numbering, and the assessment of a
claim from its lines, deductions and recoveries (through the pure ``claims.rules.assess``)."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Sum
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from claims import rules
from claims.errors import error, not_allowed
from claims.models import Claim, ClaimDeduction, ClaimLine, IndemnityPayment, PossibleLossNotice, Recovery
from sinosure_portal.accounts.access import ensure_role
from sinosure_portal.accounts.models import Role, User

INSURED_ROLES = [Role.EXPORTER, Role.BANK]  # an exporter, or a bank insured under a bank policy
OFFICER_ROLES = [Role.CLAIMS]
ZERO = Decimal("0.00")


def claim_url(claim: Claim) -> str:
    return reverse("claims:claim-detail", args=[claim.pk])


def ensure_insured(actor, obj) -> None:
    """Only the insured's own people act for the insured (scoped by organisation, not by role, so
    that a bank insured under a bank policy works the same way as an exporter)."""
    ensure_role(actor, INSURED_ROLES, action=_("act for the insured"))
    if actor.organisation_id != obj.organisation_id:
        raise not_allowed("not_your_case")


def ensure_officer(actor, action) -> None:
    ensure_role(actor, OFFICER_ROLES, action=action)


def insured_users(organisation_id: int):
    return User.objects.filter(organisation_id=organisation_id, is_active=True, role__in=INSURED_ROLES)


def claims_officers():
    return User.objects.filter(role=Role.CLAIMS, is_active=True)


def claimed_shipments(claim: Claim, **line_filters):
    """The claim's shipments still held as claimed (``included=True``/``False`` to pick lines)."""
    from declarations.models import ShipmentDeclaration

    line_filters = {f"claim_lines__{k}": v for k, v in line_filters.items()}
    return ShipmentDeclaration.objects.filter(
        claim_lines__claim=claim, status=ShipmentDeclaration.Status.CLAIMED, **line_filters
    )


def release_lines(claim: Claim, **line_filters) -> None:
    """The claim no longer holds these lines' receivables: they can be claimed again."""
    ClaimLine.objects.filter(claim=claim, **line_filters).update(holds_shipment=False)


def reopen_shipments(actor, shipments, reason) -> None:
    """Shipments a notice or claim no longer holds are open receivables again (declarations app)."""
    from declarations.services import declarations_reopen

    declarations_reopen(actor=actor, declarations=shipments.select_for_update().order_by("pk"), reason=reason)


def lock_notice(notice_id: int) -> PossibleLossNotice:
    try:
        return PossibleLossNotice.objects.select_for_update().select_related("policy").get(pk=notice_id)
    except PossibleLossNotice.DoesNotExist as exc:
        raise error("notice_not_found") from exc


def lock_claim(claim_id: int) -> Claim:
    try:
        return Claim.objects.select_for_update().select_related("policy").get(pk=claim_id)
    except Claim.DoesNotExist as exc:
        raise error("claim_not_found") from exc


def ensure_status(claim: Claim, allowed, situation: str) -> None:
    """The claim is in one of the ``allowed`` states, else ``claim_wrong_status`` in the words of
    the ``situation`` (``claims.errors.MESSAGES["claim_wrong_status/<situation>"]``)."""
    if claim.status not in allowed:
        raise error(f"claim_wrong_status/{situation}", field="status", status=claim.get_status_display())


# --- the assessment ------------------------------------------------------------------------------


def paid_under_policy(
    policy_id: int, *, buyer_id: int | None = None, exclude_claim: int | None = None
) -> Decimal:
    qs = IndemnityPayment.objects.filter(policy_id=policy_id)
    if buyer_id is not None:
        qs = qs.filter(buyer_id=buyer_id)
    if exclude_claim is not None:
        qs = qs.exclude(claim_id=exclude_claim)
    return qs.aggregate(total=Sum("amount_usd"))["total"] or ZERO


# decided with an indemnity that is not paid yet: it already uses the maximum liability and the cap
DECIDED_UNPAID = (
    Claim.Status.APPROVED,
    Claim.Status.PARTLY_APPROVED,
    Claim.Status.NOTICE_ISSUED,
    Claim.Status.RECEIPT_RETURNED,
    Claim.Status.PAYMENT_APPROVED,
)


def committed_under_policy(
    policy_id: int, *, buyer_id: int | None = None, exclude_claim: int | None = None
) -> Decimal:
    """What earlier claims already use of the policy's maximum liability (or, with ``buyer_id``, of
    the per-buyer cap): indemnities paid, plus indemnities decided and not paid yet (a withdrawn or
    denied claim uses nothing). Decisions lock the policy row, so two decided at once see each other."""
    decided = Claim.objects.filter(policy_id=policy_id, status__in=DECIDED_UNPAID, payment__isnull=True)
    if buyer_id is not None:
        decided = decided.filter(buyer_id=buyer_id)
    if exclude_claim is not None:
        decided = decided.exclude(pk=exclude_claim)
    pending = decided.aggregate(total=Sum("indemnity_usd"))["total"] or ZERO
    return paid_under_policy(policy_id, buyer_id=buyer_id, exclude_claim=exclude_claim) + pending


def caps_for(claim: Claim) -> rules.Caps:
    """Remaining maximum liability = the policy's maximum liability - what earlier claims already use
    of it (paid, or decided and not yet paid); the per-buyer cap (micro) likewise on this buyer."""
    policy = claim.policy
    remaining = policy.max_liability_usd - committed_under_policy(policy.pk, exclude_claim=claim.pk)
    buyer_cap = None
    if policy.per_buyer_cap_usd is not None:
        buyer_cap = policy.per_buyer_cap_usd - committed_under_policy(
            policy.pk, buyer_id=claim.buyer_id, exclude_claim=claim.pk
        )
    return rules.Caps(
        indemnity_ratio=claim.ratio_applied or policy.indemnity_ratio,
        remaining_max_liability=remaining,
        remaining_buyer_cap=buyer_cap,
    )


def deductions_for(claim: Claim) -> rules.Deductions:
    sums = dict(
        ClaimDeduction.objects.filter(claim=claim, line__isnull=True)
        .values("kind")
        .annotate(total=Sum("amount_usd"))
        .values_list("kind", "total")
    )
    # a recovery made before the indemnity is paid reduces the loss (net of its collection costs)
    recovered_before = (
        Recovery.objects.filter(claim=claim, before_payment=True, reversed_at__isnull=True).aggregate(
            total=Sum("net_usd")
        )["total"]
        or ZERO
    )
    K = ClaimDeduction.Kind
    return rules.Deductions(
        resale_proceeds=sums.get(K.RESALE_PROCEEDS, ZERO),
        set_off=sums.get(K.SET_OFF, ZERO),
        other_recoveries=sums.get(K.OTHER_RECOVERIES, ZERO) + recovered_before,
    )


def assessment_for(claim: Claim) -> rules.Assessment:
    lines = [
        rules.ShipmentLoss(
            line.amount_usd,
            line.covered_usd,
            line.paid_usd,
            deductions_usd=line.own_deductions or ZERO,
            key=line.invoice_number,
        )
        for line in claim.lines.filter(included=True).annotate(own_deductions=Sum("deductions__amount_usd"))
    ]
    return rules.assess(lines, deductions_for(claim), caps_for(claim))


def assessment_snapshot(a: rules.Assessment) -> dict:
    return {
        "lines": [[key, None if value is None else str(value)] for key, value in a.lines()],
        "shipments": [s.as_dict() for s in a.shipments],
        "capped_by": list(a.capped_by),
        "loss": str(a.loss),
        "indemnity": str(a.indemnity),
    }


def store_assessment(claim: Claim) -> rules.Assessment:
    from django.utils import timezone

    a = assessment_for(claim)
    claim.assessment = assessment_snapshot(a)
    claim.assessed_at = timezone.now()
    claim.save(update_fields=["assessment", "assessed_at", "updated_at"])
    return a
