"""Every read of losses and claims, scoped to what the user may see: the insured's people see their
own organisation's notices, claims and documents (another's are simply not found: 404), insurer
staff see all. Also the questions the pages ask: what can be notified, what is missing, the clock
on each case, the assessment line by line."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Count, Min, Q, QuerySet, Sum
from django.utils.translation import gettext_lazy as _

from claims import rules
from claims.models import (
    Claim,
    ClaimDeduction,
    ClaimDocument,
    ClaimLine,
    DocumentRequest,
    EvidenceKind,
    IndemnityPayment,
    PossibleLossNotice,
    Recovery,
)
from claims.services.common import assessment_for
from declarations.models import ShipmentDeclaration
from policies.models import Policy, Product
from sinosure_portal.accounts.access import get_visible_or_404, is_insurer, scope_to_organisation
from sinosure_portal.audit.labels import register_action_labels, register_change_labels
from sinosure_portal.money.currency import format_amount

S = ShipmentDeclaration.Status
C = Claim.Status
NOTIFIABLE = (S.COVERED, S.PARTLY_COVERED, S.OVERDUE)
NOTICE_PRODUCTS = (Product.COMPREHENSIVE, Product.BANK, Product.FORFAITING)
DIRECT_PRODUCTS = (Product.MICRO, Product.SME)

ASSESSMENT_LABELS = {
    "invoice_total": _("Invoice amounts of the covered shipments"),
    "payments_received": _("less payments received"),
    "shipment_deductions": _("less deductions entered against single shipments"),
    "resale_proceeds": _("less resale proceeds"),
    "set_off": _("less amounts set off"),
    "other_recoveries": _("less other recoveries"),
    "deduction_above_unpaid": _("of which above what was unpaid (not deducted)"),
    "loss": _("Loss"),
    "covered_total": _("Covered amount under the credit limit"),
    "indemnifiable_loss": _("Indemnifiable loss (per shipment, the lower of its loss and its cover)"),
    "indemnity_ratio": _("Indemnity ratio"),
    "indemnity_before_caps": _("Indemnity at the ratio"),
    "remaining_max_liability": _("Remaining maximum liability of the policy"),
    "remaining_buyer_cap": _("Remaining cap on this buyer"),
    "indemnity": _("Indemnity"),
}
CAPPED_BY_LABELS = {
    "max_liability": _("capped by the remaining maximum liability"),
    "buyer_cap": _("capped by the cap on this buyer"),
}


# --- notices ---------------------------------------------------------------------------------------


def notices_visible(user) -> QuerySet[PossibleLossNotice]:
    return scope_to_organisation(
        PossibleLossNotice.objects.select_related(
            "policy", "organisation", "buyer", "buyer__country", "claim"
        ),
        user,
    )


def notice_get(user, pk: int) -> PossibleLossNotice:
    return get_visible_or_404(notices_visible(user), pk=pk)


def notice_policies(user) -> QuerySet[Policy]:
    """The user's policies under which possible losses are notified."""
    return (
        scope_to_organisation(Policy.objects.all(), user)
        .filter(product__in=NOTICE_PRODUCTS)
        .order_by("-period_start", "-id")
    )


def direct_claim_policies(user) -> QuerySet[Policy]:
    return (
        scope_to_organisation(Policy.objects.all(), user)
        .filter(product__in=DIRECT_PRODUCTS)
        .order_by("-period_start", "-id")
    )


def notifiable_shipments(user, *, policy_id: int | None = None, buyer_id: int | None = None):
    """Covered shipments of the user's organisation that a notice may still name."""
    qs = scope_to_organisation(
        ShipmentDeclaration.objects.select_related("policy", "buyer", "buyer__country"), user
    ).filter(status__in=NOTIFIABLE, covered_usd__gt=0, policy__product__in=NOTICE_PRODUCTS)
    if policy_id:
        qs = qs.filter(policy_id=policy_id)
    if buyer_id:
        qs = qs.filter(buyer_id=buyer_id)
    return qs.order_by("due_date", "pk")


def notifiable_buyers(user) -> list[dict]:
    """(policy, buyer) pairs with notifiable shipments, with how much is outstanding (one query)."""
    from django.db.models import F

    rows = (
        notifiable_shipments(user)
        .order_by()
        .values(
            "policy_id", "policy__number", "buyer_id", "buyer__name", "buyer__name_zh", "buyer__country_id"
        )
        .annotate(count=Count("pk"), outstanding=Sum(F("amount_usd") - F("paid_usd")))
        .order_by("buyer__name", "policy__number")
    )
    return list(rows)


# --- claims ----------------------------------------------------------------------------------------


def claims_visible(user) -> QuerySet[Claim]:
    return scope_to_organisation(
        Claim.objects.select_related(
            "policy", "organisation", "buyer", "buyer__country", "officer", "notice", "payee"
        ),
        user,
    )


def claim_get(user, pk: int) -> Claim:
    return get_visible_or_404(claims_visible(user), pk=pk)


def with_open_requests(qs: QuerySet[Claim]) -> QuerySet[Claim]:
    return qs.annotate(
        open_requests=Count(
            "document_requests", filter=Q(document_requests__status=DocumentRequest.Status.OPEN)
        )
    )


def claim_queue(user) -> QuerySet[Claim]:
    """Open claims, the most urgent first: overdue and near decisions, then by the date due, then
    the oldest filed."""
    from django.db.models import Case, IntegerField, Value, When

    qs = claims_visible(user).filter(status__in=list(Claim.OPEN))
    return (
        with_open_requests(qs)
        .annotate(
            urgency=Case(
                When(escalation=Claim.Escalation.OVERDUE, then=Value(0)),
                When(escalation=Claim.Escalation.NEAR, then=Value(1)),
                When(status=C.SUBMITTED, then=Value(2)),
                default=Value(3),
                output_field=IntegerField(),
            )
        )
        .order_by("urgency", "decision_due", "filed_on", "pk")
    )


@dataclass(frozen=True)
class Clock:
    """The deadline that matters next on a case, as the queue and the detail page show it."""

    label: str
    date: date | None
    provisional: bool = False


def claim_clock(claim: Claim, next_request_due: date | None = None) -> Clock:
    if claim.status in Claim.UNDECIDED and claim.decision_due:
        return Clock(str(_("decision due")), claim.decision_due, claim.decision_due_provisional)
    if next_request_due and claim.status in Claim.UNDECIDED:
        return Clock(str(_("documents due")), next_request_due)
    return Clock("", None)


def next_request_due(claims: list[Claim]) -> dict[int, date]:
    rows = (
        DocumentRequest.objects.filter(claim__in=claims, status=DocumentRequest.Status.OPEN)
        .values("claim_id")
        .annotate(first=Min("due_date"))
    )
    return {r["claim_id"]: r["first"] for r in rows}


def claim_detail(claim: Claim, user) -> dict:
    """Everything the claim page (and the API detail) shows, in a fixed number of queries."""
    lines = list(claim.lines.select_related("declaration"))
    documents = list(claim.documents.select_related("uploaded_by", "request"))
    requests = list(claim.document_requests.select_related("requested_by", "answered_by"))
    deductions = list(claim.deductions.select_related("entered_by", "line"))
    recoveries = list(claim.recoveries.select_related("recorded_by"))
    present = {d.kind for d in documents}
    services_only = bool(lines) and all(line.is_service for line in lines)
    missing = rules.missing_evidence(present, services_only=services_only)
    # the insured sees the computation once the officer has assessed the loss
    shown = is_insurer(user) or claim.status not in (C.SUBMITTED, C.ACCEPTED, C.INVESTIGATING)
    assessment = assessment_for(claim) if shown and claim.status in Claim.UNDECIDED else None
    stored = (claim.assessment or {}) if shown else {}
    open_due = [r.due_date for r in requests if r.status == DocumentRequest.Status.OPEN]
    return {
        "lines": lines,
        "documents": documents,
        "requests": requests,
        "deductions": deductions if shown else [],
        "assessment_shown": shown,
        "recoveries": recoveries,
        "notes": list(claim.notes.select_related("author")) if is_insurer(user) else [],
        "missing": [(k, EvidenceKind(k).label) for k in missing],
        "missing_receipts": [(k, EvidenceKind(k).label) for k in rules.missing_receipts(present)],
        "live_assessment": assessment,
        "assessment_rows": assessment_rows(assessment) if assessment else stored_rows(stored),
        "assessment_shipments": shipment_rows(assessment, stored),
        "capped_by": [
            CAPPED_BY_LABELS.get(c, c)
            for c in (assessment.capped_by if assessment else stored.get("capped_by", []))
        ],
        "clock": claim_clock(claim, min(open_due) if open_due else None),
        "payment": IndemnityPayment.objects.filter(claim=claim).select_related("payee").first(),
        "recovery_totals": recovery_totals(recoveries),
    }


def shipment_rows(a: rules.Assessment | None, stored: dict) -> list[dict]:
    """The assessment's per-shipment lines: computed now, or as stored at the assessment."""
    if a is not None:
        return [s.as_dict() for s in a.shipments]
    return list(stored.get("shipments", []))


def assessment_rows(a: rules.Assessment) -> list[dict]:
    return [
        {
            "key": key,
            "label": ASSESSMENT_LABELS.get(key, key),
            "value": rules.shown_amount(key, value),
            "ratio": key == "indemnity_ratio",
        }
        for key, value in a.lines()
    ]


def stored_rows(stored: dict) -> list[dict]:
    return [
        {
            "key": key,
            "label": ASSESSMENT_LABELS.get(key, key),
            "value": rules.shown_amount(key, None if value is None else Decimal(value)),
            "ratio": key == "indemnity_ratio",
        }
        for key, value in stored.get("lines", [])
    ]


def recovery_totals(recoveries: list[Recovery]) -> dict:
    """Totals of the recoveries still standing (a reversed one counts in none)."""
    recoveries = [r for r in recoveries if r.reversed_at is None]
    after = [r for r in recoveries if not r.before_payment]
    return {
        "recovered": sum((r.amount_usd for r in after), Decimal("0")),
        "costs": sum((r.costs_usd for r in after), Decimal("0")),
        "net": sum((r.net_usd for r in after), Decimal("0")),
        "insurer": sum((r.insurer_share_usd for r in after), Decimal("0")),
        "insured": sum((r.insured_share_usd for r in after), Decimal("0")),
        "before_payment": sum((r.net_usd for r in recoveries if r.before_payment), Decimal("0")),
    }


def claim_document_get(user, claim_pk: int, doc_pk: int) -> ClaimDocument:
    """An evidence file, only through a claim the user may see (a guessed URL of another
    organisation's document is a 404)."""
    claim = claim_get(user, claim_pk)
    return get_visible_or_404(ClaimDocument.objects.filter(claim=claim), pk=doc_pk)


def deduction_get(user, pk: int) -> ClaimDeduction:
    """A deduction, only through a claim the user may see (another organisation's is a 404)."""
    return get_visible_or_404(ClaimDeduction.objects.filter(claim__in=claims_visible(user)), pk=pk)


def claim_line_get(user, pk: int) -> ClaimLine:
    """A claimed invoice, only through a claim the user may see (another organisation's is a 404)."""
    return get_visible_or_404(ClaimLine.objects.filter(claim__in=claims_visible(user)), pk=pk)


def document_request_get(user, pk: int) -> DocumentRequest:
    return get_visible_or_404(
        DocumentRequest.objects.select_related("claim").filter(claim__in=claims_visible(user)), pk=pk
    )


def recoveries_visible(user) -> QuerySet[Recovery]:
    return scope_to_organisation(
        Recovery.objects.select_related("claim", "claim__buyer", "claim__policy"),
        user,
        field="claim__organisation",
    )


def recovery_get(user, pk: int) -> Recovery:
    """A recovery through the claims the user may see (another organisation's is a 404)."""
    return get_visible_or_404(recoveries_visible(user), pk=pk)


# --- figures ---------------------------------------------------------------------------------------


def claim_totals(user) -> dict:
    qs = claims_visible(user)
    return qs.aggregate(
        open=Count("pk", filter=Q(status__in=list(Claim.OPEN))),
        undecided=Count("pk", filter=Q(status__in=list(Claim.UNDECIDED))),
        overdue=Count("pk", filter=Q(escalation=Claim.Escalation.OVERDUE, status__in=list(Claim.UNDECIDED))),
        near=Count("pk", filter=Q(escalation=Claim.Escalation.NEAR, status__in=list(Claim.UNDECIDED))),
        claimed=Sum("claimed_usd", filter=Q(status__in=list(Claim.OPEN))),
    )


def indemnity_totals(user, *, since: date | None = None) -> dict:
    payments = scope_to_organisation(IndemnityPayment.objects.all(), user, field="claim__organisation")
    if since:
        payments = payments.filter(paid_on__gte=since)
    paid = payments.aggregate(total=Sum("amount_usd"), n=Count("pk"))
    recovered = (
        recoveries_visible(user)
        .filter(before_payment=False, reversed_at__isnull=True)
        .aggregate(insurer=Sum("insurer_share_usd"), insured=Sum("insured_share_usd"))
    )
    return {
        "paid": paid["total"] or Decimal("0"),
        "count": paid["n"],
        "recovered_insurer": recovered["insurer"] or Decimal("0"),
        "recovered_insured": recovered["insured"] or Decimal("0"),
    }


def claims_by_status(user) -> list[tuple[str, str, int]]:
    counts = dict(claims_visible(user).order_by().values_list("status").annotate(n=Count("pk")))
    return [(value, label, counts.get(value, 0)) for value, label in Claim.Status.choices]


def has_pending_notice(policy_id: int, buyer_id: int) -> bool:
    return (
        PossibleLossNotice.objects.filter(policy_id=policy_id, buyer_id=buyer_id)
        .exclude(status=PossibleLossNotice.Status.WITHDRAWN)
        .exists()
    )


# --- history ---------------------------------------------------------------------------------------

ACTION_LABELS = {
    "possible_loss_notice.submitted": _("Possible-loss notice sent"),
    "claim.submitted": _("Claim filed"),
    "claim.document_uploaded": _("Document uploaded"),
    "claim.documents_requested": _("Documents asked for"),
    "claim.deduction_added": _("Deduction entered"),
    "claim.deduction_removed": _("Deduction removed"),
    "claim.line_excluded": _("Invoice excluded"),
    "claim.line_included": _("Invoice included again"),
    "claim.ratio_set": _("Indemnity ratio set"),
    "claim.recovery_recorded": _("Recovery recorded"),
    "claim.recovery_reversed": _("Recovery reversed"),
}
register_action_labels(ACTION_LABELS)
# figures of a claim an act changed that are not fields of the claim (see audit.labels)
register_change_labels(
    {
        "deductions_usd": _("Deductions (USD)"),
        "included": _("included in the indemnity"),
        "recovered_after_payment_usd": _("Recovered after payment (USD)"),
        "recovered_before_payment_usd": _("Recoveries before payment (net)"),
        "insurer_share_usd": _("Insurer's share of recoveries (USD)"),
        "insured_share_usd": _("Insured's share of recoveries (USD)"),
    }
)


def history_rows(obj) -> list[dict]:
    """The audit trail of a notice or claim in words: state labels, what was uploaded or entered."""
    from sinosure_portal.audit.services import audit_history

    states = dict(obj._meta.get_field("status").flatchoices)
    kinds = {**dict(EvidenceKind.choices), **dict(ClaimDeduction.Kind.choices)}
    rows = []
    for e in audit_history(obj):
        data = e.data or {}
        if e.to_state:
            title = str(states.get(e.to_state, e.to_state))
            before = str(states.get(e.from_state, e.from_state)) if e.from_state else ""
        else:
            title, before = str(e.label), ""
        detail = ""
        if "kind" in data:
            detail = str(kinds.get(data["kind"], data["kind"]))
            if data.get("name"):
                detail += f": {data['name']}"
        if data.get("amount_usd") and e.action != "claim.paid":
            detail = (detail + " USD " + format_amount(data["amount_usd"], "USD")).strip()
        if data.get("invoice"):
            detail = f"{detail} {data['invoice']}".strip()
        rows.append(
            {
                "at": e.at,
                "actor": e.actor.name if e.actor else "",
                "title": title,
                "before": before,
                "transition": bool(e.to_state),
                "state": e.to_state,
                "reason": e.why(),
                "detail": detail,
                "changes": e.change_rows,
            }
        )
    return rows
