"""The shapes the claims API answers with: notices, claims, lines, evidence, recoveries and the assessment."""

from __future__ import annotations

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers, status
from rest_framework.response import Response

from claims import selectors, services
from claims.apis.common import MONEY
from claims.documents import CLAIM_KINDS, claim_document_available
from claims.models import (
    Claim,
    ClaimDeduction,
    ClaimDocument,
    ClaimLine,
    DocumentRequest,
    EvidenceKind,
    PossibleLossNotice,
    Recovery,
)
from sinosure_portal.workdays.calendar import today


class LossNoticeOutput(serializers.ModelSerializer):
    policy_number = serializers.CharField(source="policy.number")
    insured_name = serializers.CharField(source="organisation.name_zh")
    buyer_name = serializers.CharField(source="buyer.display_name")
    declarations = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    claim = serializers.SerializerMethodField()
    days_left = serializers.SerializerMethodField()

    class Meta:
        model = PossibleLossNotice
        fields = [
            "id",
            "number",
            "status",
            "policy",
            "policy_number",
            "organisation",
            "insured_name",
            "buyer",
            "buyer_name",
            "cause",
            "event_date",
            "due_date",
            "amount_at_risk_usd",
            "description",
            "declarations",
            "notified_on",
            "deadline",
            "deadline_basis",
            "deadline_rule",
            "deadline_provisional",
            "late",
            "claim_deadline",
            "days_left",
            "claim",
            "closing_reason",
            "created_at",
        ]

    def get_claim(self, obj) -> int | None:
        claim = getattr(obj, "claim", None) if hasattr(obj, "claim") else None
        return claim.pk if claim else None

    def get_days_left(self, obj) -> int | None:
        """Days left to file the claim while the notice is live."""
        if obj.status not in PossibleLossNotice.LIVE:
            return None
        return (obj.claim_deadline - today()).days


class ClaimOutput(serializers.ModelSerializer):
    policy_number = serializers.CharField(source="policy.number")
    product = serializers.CharField(source="policy.product")
    insured_name = serializers.CharField(source="organisation.name_zh")
    buyer_name = serializers.CharField(source="buyer.display_name")
    officer = serializers.CharField(source="officer.username", default=None)
    payee_name = serializers.CharField(source="payee.name_zh", default=None)
    decision_days_left = serializers.SerializerMethodField()
    open_requests = serializers.SerializerMethodField()

    class Meta:
        model = Claim
        fields = [
            "id",
            "number",
            "status",
            "policy",
            "policy_number",
            "product",
            "organisation",
            "insured_name",
            "buyer",
            "buyer_name",
            "notice",
            "cause",
            "event_date",
            "filed_on",
            "filing_deadline",
            "late_notice",
            "claimed_usd",
            "decision_due",
            "decision_due_provisional",
            "decision_days_left",
            "escalation",
            "officer",
            "indemnity_usd",
            "payee",
            "payee_name",
            "notice_issued_on",
            "paid_on",
            "closed_on",
            "open_requests",
        ]

    def get_open_requests(self, obj) -> int | None:
        """Document requests waiting for the insured (queue only)."""
        return getattr(obj, "open_requests", None)

    def get_decision_days_left(self, obj) -> int | None:
        if obj.decision_due and obj.status in Claim.UNDECIDED:
            return (obj.decision_due - today()).days
        return None


class ClaimLineOutput(serializers.ModelSerializer):
    class Meta:
        model = ClaimLine
        fields = [
            "id",
            "declaration",
            "invoice_number",
            "shipment_date",
            "due_date",
            "currency",
            "amount",
            "amount_usd",
            "covered_usd",
            "paid_usd",
            "is_service",
            "included",
            "exclusion_reason",
        ]


class ClaimDocumentOutput(serializers.ModelSerializer):
    document_kind = serializers.ChoiceField(source="kind", choices=EvidenceKind.choices, read_only=True)
    url = serializers.SerializerMethodField()

    class Meta:
        model = ClaimDocument
        fields = [
            "id",
            "document_kind",
            "original_name",
            "content_type",
            "size",
            "sha256",
            "request",
            "created_at",
            "url",
        ]

    def get_url(self, obj) -> str:
        return reverse("claims_api:claim-document", args=[obj.claim_id, obj.pk])


class ClaimDocumentRequestOutput(serializers.ModelSerializer):
    document_kind = serializers.ChoiceField(source="kind", choices=EvidenceKind.choices, read_only=True)

    class Meta:
        model = DocumentRequest
        fields = [
            "id",
            "document_kind",
            "message",
            "due_date",
            "status",
            "answer",
            "answered_at",
            "created_at",
        ]


class ClaimDeductionOutput(serializers.ModelSerializer):
    class Meta:
        model = ClaimDeduction
        fields = ["id", "kind", "amount_usd", "note", "created_at"]


class ClaimRecoveryOutput(serializers.ModelSerializer):
    claim_number = serializers.CharField(source="claim.number")

    class Meta:
        model = Recovery
        fields = [
            "id",
            "number",
            "claim",
            "claim_number",
            "received_on",
            "currency",
            "amount",
            "costs",
            "rate_used",
            "amount_usd",
            "costs_usd",
            "net_usd",
            "before_payment",
            "insurer_share_usd",
            "insured_share_usd",
            "note",
            "reversed_at",
            "reversal_reason",
        ]


class ClaimAssessmentRowOutput(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    value = serializers.DecimalField(max_digits=18, decimal_places=4, allow_null=True)


class ClaimAssessmentShipmentOutput(serializers.Serializer):
    key = serializers.CharField(help_text="invoice number")
    invoice = serializers.DecimalField(**MONEY)
    paid = serializers.DecimalField(**MONEY)
    unpaid = serializers.DecimalField(**MONEY)
    own_deductions = serializers.DecimalField(**MONEY, help_text="deductions entered against this shipment")
    allocated = serializers.DecimalField(
        **MONEY, help_text="its pro-rata share of the claim-level deductions"
    )
    loss = serializers.DecimalField(**MONEY)
    covered = serializers.DecimalField(**MONEY)
    indemnifiable = serializers.DecimalField(**MONEY, help_text="the lower of its loss and its cover")


class ClaimAssessmentOutput(serializers.Serializer):
    live = serializers.BooleanField(help_text="computed now (undecided claim) or as stored at the decision")
    rows = ClaimAssessmentRowOutput(many=True)
    shipments = ClaimAssessmentShipmentOutput(many=True, help_text="per shipment, summed into the rows")
    capped_by = serializers.ListField(child=serializers.CharField())
    indemnity_usd = serializers.DecimalField(**MONEY, allow_null=True)


class ClaimNoteBrief(serializers.Serializer):
    text = serializers.CharField()
    author = serializers.CharField()
    created_at = serializers.DateTimeField()


class ClaimClockBrief(serializers.Serializer):
    label = serializers.CharField(help_text="What the clock counts down to, in the reader's language.")
    date = serializers.DateField(allow_null=True)
    provisional = serializers.BooleanField()


class ClaimDetailSectionOutput(serializers.Serializer):
    """What the claim's page shows beside the claim itself (documented so clients can rely on it)."""

    lines = ClaimLineOutput(many=True)
    assessment = ClaimAssessmentOutput()
    documents = ClaimDocumentOutput(many=True)
    missing_evidence = serializers.ListField(child=serializers.CharField())
    missing_receipts = serializers.ListField(child=serializers.CharField())
    document_requests = ClaimDocumentRequestOutput(many=True)
    deductions = ClaimDeductionOutput(many=True)
    recoveries = ClaimRecoveryOutput(many=True)
    recovery_totals = serializers.DictField(child=serializers.CharField())
    notes = ClaimNoteBrief(many=True)
    clock = ClaimClockBrief()
    pdfs = serializers.DictField(child=serializers.CharField(), help_text="Document kind to its PDF's URL.")


class ClaimDetailOutput(serializers.ModelSerializer):
    claim = serializers.SerializerMethodField()
    detail = serializers.SerializerMethodField()
    payment_approved_by = serializers.CharField(source="payment_approved_by.username", default=None)
    needs_second_approval = serializers.SerializerMethodField(
        help_text="The indemnity is above PORTAL_INDEMNITY_SECOND_APPROVAL_USD: a second claims officer "
        "(not the one who decided) approves it before it is paid."
    )

    class Meta:
        model = Claim
        fields = [
            "claim",
            "description",
            "ratio_applied",
            "ratio_note",
            "decision_reason",
            "total_owed_usd",
            "needs_second_approval",
            "payment_approved_at",
            "payment_approved_by",
            "detail",
        ]

    def get_needs_second_approval(self, obj) -> bool:
        return services.needs_second_approval(obj)

    @extend_schema_field(ClaimOutput)
    def get_claim(self, obj) -> dict:
        return ClaimOutput(obj).data

    @extend_schema_field(ClaimDetailSectionOutput)
    def get_detail(self, obj) -> dict:
        user = self.context["request"].user
        d = selectors.claim_detail(obj, user)
        pdfs = {
            kind: reverse("claims_api:claim-pdf", args=[obj.pk, kind])
            for kind in CLAIM_KINDS
            if claim_document_available(obj, kind)
        }
        return {
            "lines": ClaimLineOutput(d["lines"], many=True).data,
            "assessment": ClaimAssessmentOutput(assessment_data(obj, d)).data,
            "documents": ClaimDocumentOutput(d["documents"], many=True).data,
            "missing_evidence": [k for k, _label in d["missing"]],
            "missing_receipts": [k for k, _label in d["missing_receipts"]] if obj.notice_issued_on else [],
            "document_requests": ClaimDocumentRequestOutput(d["requests"], many=True).data,
            "deductions": ClaimDeductionOutput(d["deductions"], many=True).data,
            "recoveries": ClaimRecoveryOutput(d["recoveries"], many=True).data,
            "recovery_totals": {k: str(v) for k, v in d["recovery_totals"].items()},
            "notes": [
                {"text": n.text, "author": n.author.username, "created_at": n.created_at} for n in d["notes"]
            ],
            "clock": {
                "label": d["clock"].label,
                "date": d["clock"].date,
                "provisional": d["clock"].provisional,
            },
            "pdfs": pdfs,
        }


def assessment_data(claim: Claim, d: dict) -> dict:
    live = d["live_assessment"] is not None
    return {
        "live": live,
        "rows": [
            {"key": r["key"], "label": str(r["label"]), "value": r["value"]} for r in d["assessment_rows"]
        ],
        "shipments": d["assessment_shipments"],
        "capped_by": (
            d["live_assessment"].capped_by if live else (claim.assessment or {}).get("capped_by", [])
        ),
        "indemnity_usd": d["live_assessment"].indemnity if live else claim.indemnity_usd,
    }


def detail_response(request, claim: Claim, code=status.HTTP_200_OK) -> Response:
    claim = selectors.claim_get(request.user, claim.pk)
    return Response(ClaimDetailOutput(claim, context={"request": request}).data, status=code)
