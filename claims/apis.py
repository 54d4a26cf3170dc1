"""API of losses and claims under /api/v1/claims/: possible-loss notices, claims and their evidence,
the officer's work (accept, investigate, assess, decide, indemnity notice, receipt, pay, close),
recoveries, and the PDFs. One class per operation; another organisation's objects are not found
(404); an act the user's role may not take is a 403; bad input a 400 with a stable code."""

from __future__ import annotations

from decimal import Decimal

from django.http import FileResponse, Http404
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import generics, serializers, status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from claims import selectors, services
from claims.documents import CLAIM_KINDS, claim_document_available, claim_pdf_response, notice_pdf_response
from claims.filters import ClaimFilter, NoticeFilter, RecoveryFilter
from claims.models import (
    Cause,
    Claim,
    ClaimDeduction,
    ClaimDocument,
    ClaimLine,
    DocumentRequest,
    EvidenceKind,
    PossibleLossNotice,
    Recovery,
)
from declarations.models import ShipmentDeclaration
from sinosure_portal.accounts.access import is_insurer
from sinosure_portal.base.api import ErrorSerializer
from sinosure_portal.base.errors import DomainError
from sinosure_portal.money.fields import CurrencyAmountSerializerField, CurrencyCodeSerializerField
from sinosure_portal.workdays.calendar import today

ERRORS = {400: ErrorSerializer, 403: ErrorSerializer, 404: ErrorSerializer}
MONEY = {"max_digits": 18, "decimal_places": 2}


def _fake(view) -> bool:
    return getattr(view, "swagger_fake_view", False)


# --- outputs ------------------------------------------------------------------------------------------


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

    @extend_schema(exclude=True)
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


def _detail(request, claim: Claim, code=status.HTTP_200_OK) -> Response:
    claim = selectors.claim_get(request.user, claim.pk)
    return Response(ClaimDetailOutput(claim, context={"request": request}).data, status=code)


def _claim(request, pk: int) -> Claim:
    return selectors.claim_get(request.user, pk)


# --- notices --------------------------------------------------------------------------------------------


class LossNoticeInput(serializers.Serializer):
    policy = serializers.IntegerField()
    buyer = serializers.IntegerField()
    declarations = serializers.ListField(child=serializers.IntegerField(), allow_empty=False)
    cause = serializers.ChoiceField(choices=Cause.choices)
    event_date = serializers.DateField(
        required=False, allow_null=True, help_text="default: the earliest due date (default only)"
    )
    amount_at_risk_usd = serializers.DecimalField(**MONEY)
    description = serializers.CharField()

    def to_input(self) -> services.NoticeInput:
        v = self.validated_data
        return services.NoticeInput(
            policy_id=v["policy"],
            buyer_id=v["buyer"],
            declaration_ids=v["declarations"],
            cause=v["cause"],
            event_date=v.get("event_date"),
            amount_at_risk_usd=v["amount_at_risk_usd"],
            description=v["description"],
        )


class NoticeListCreateApi(generics.ListAPIView):
    """Possible-loss notices (可能损失通知书): the insured's own, or all for insurer staff. POST files one."""

    serializer_class = LossNoticeOutput
    filterset_class = NoticeFilter
    queryset = PossibleLossNotice.objects.none()

    def get_queryset(self):
        if _fake(self):
            return PossibleLossNotice.objects.none()
        return selectors.notices_visible(self.request.user).prefetch_related("declarations")

    @extend_schema(
        request=LossNoticeInput, responses={201: LossNoticeOutput, **ERRORS}, summary="Notify a possible loss"
    )
    def post(self, request):
        data = LossNoticeInput(data=request.data)
        data.is_valid(raise_exception=True)
        notice = services.possible_loss_notice_submit(actor=request.user, data=data.to_input())
        return Response(LossNoticeOutput(selectors.notice_get(request.user, notice.pk)).data, status=201)


class NoticeCheckApi(APIView):
    class Output(serializers.Serializer):
        deadline = serializers.DateField()
        deadline_basis = serializers.CharField()
        deadline_rule = serializers.CharField()
        provisional = serializers.BooleanField()
        late = serializers.BooleanField()
        event_date = serializers.DateField()
        claim_deadline = serializers.DateField()
        outstanding_usd = serializers.DecimalField(**MONEY)

    @extend_schema(
        request=LossNoticeInput,
        responses={200: Output, **ERRORS},
        summary="The deadline a notice would have, and whether it would be late (nothing is written)",
    )
    def post(self, request):
        data = LossNoticeInput(data=request.data)
        data.is_valid(raise_exception=True)
        p = services.possible_loss_notice_check(actor=request.user, data=data.to_input())
        return Response(
            {
                "deadline": p.deadline.date,
                "deadline_basis": p.deadline.basis,
                "deadline_rule": p.deadline.rule,
                "provisional": p.deadline.provisional,
                "late": p.late,
                "event_date": p.event_date,
                "claim_deadline": p.claim_deadline,
                "outstanding_usd": p.outstanding_usd,
            }
        )


class NoticeDetailApi(APIView):
    @extend_schema(responses={200: LossNoticeOutput, 404: ErrorSerializer})
    def get(self, request, pk: int):
        return Response(LossNoticeOutput(selectors.notice_get(request.user, pk)).data)


class ClaimsReasonInput(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class NoticeAcknowledgeApi(APIView):
    @extend_schema(
        request=None,
        responses={200: LossNoticeOutput, **ERRORS},
        summary="Acknowledge a notice (claims officer)",
    )
    def post(self, request, pk: int):
        notice = selectors.notice_get(request.user, pk)
        services.possible_loss_notice_acknowledge(actor=request.user, notice_id=notice.pk)
        return Response(LossNoticeOutput(selectors.notice_get(request.user, pk)).data)


class NoticeWithdrawApi(APIView):
    @extend_schema(
        request=ClaimsReasonInput,
        responses={200: LossNoticeOutput, **ERRORS},
        summary="Withdraw a notice (the insured)",
    )
    def post(self, request, pk: int):
        notice = selectors.notice_get(request.user, pk)
        data = ClaimsReasonInput(data=request.data)
        data.is_valid(raise_exception=True)
        services.possible_loss_notice_withdraw(
            actor=request.user, notice_id=notice.pk, reason=data.validated_data["reason"]
        )
        return Response(LossNoticeOutput(selectors.notice_get(request.user, pk)).data)


class NoticeCloseApi(APIView):
    @extend_schema(
        request=ClaimsReasonInput,
        responses={200: LossNoticeOutput, **ERRORS},
        summary="Close a notice without a claim (claims officer)",
    )
    def post(self, request, pk: int):
        notice = selectors.notice_get(request.user, pk)
        data = ClaimsReasonInput(data=request.data)
        data.is_valid(raise_exception=True)
        services.possible_loss_notice_close(
            actor=request.user, notice_id=notice.pk, reason=data.validated_data["reason"]
        )
        return Response(LossNoticeOutput(selectors.notice_get(request.user, pk)).data)


class NoticePdfApi(APIView):
    @extend_schema(
        responses={(200, "application/pdf"): OpenApiTypes.BINARY, 404: ErrorSerializer},
        summary="The notice PDF (可能损失通知书)",
    )
    def get(self, request, pk: int):
        return notice_pdf_response(selectors.notice_get(request.user, pk), actor=request.user)


class NotifiableShipmentListApi(generics.ListAPIView):
    """Covered shipments a possible-loss notice may still name (filter by policy and buyer)."""

    class Output(serializers.ModelSerializer):
        buyer_name = serializers.CharField(source="buyer.display_name")
        outstanding_usd = serializers.DecimalField(**MONEY, read_only=True)
        status_label = serializers.CharField(source="get_status_display")

        class Meta:
            model = ShipmentDeclaration
            fields = [
                "id",
                "policy",
                "buyer",
                "buyer_name",
                "invoice_number",
                "shipment_date",
                "due_date",
                "amount_usd",
                "covered_usd",
                "paid_usd",
                "outstanding_usd",
                "status_label",
            ]

    serializer_class = Output
    queryset = ShipmentDeclaration.objects.none()
    filter_backends: list = []

    def get_queryset(self):
        if _fake(self):
            return ShipmentDeclaration.objects.none()
        p = self.request.query_params
        return selectors.notifiable_shipments(
            self.request.user,
            policy_id=int(p["policy"]) if p.get("policy", "").isdigit() else None,
            buyer_id=int(p["buyer"]) if p.get("buyer", "").isdigit() else None,
        )


# --- claims -----------------------------------------------------------------------------------------------


class ClaimListCreateApi(generics.ListAPIView):
    """Claims (索赔): the insured's own, or all for insurer staff. POST files one from a notice."""

    class Input(serializers.Serializer):
        notice = serializers.IntegerField()
        description = serializers.CharField(required=False, allow_blank=True, default="")

    serializer_class = ClaimOutput
    filterset_class = ClaimFilter
    queryset = Claim.objects.none()

    def get_queryset(self):
        if _fake(self):
            return Claim.objects.none()
        return selectors.claims_visible(self.request.user)

    @extend_schema(
        request=Input,
        responses={201: ClaimDetailOutput, **ERRORS},
        summary="File a claim from a possible-loss notice",
    )
    def post(self, request):
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        notice = selectors.notice_get(request.user, data.validated_data["notice"])
        claim = services.claim_file_from_notice(
            actor=request.user, notice_id=notice.pk, description=data.validated_data["description"]
        )
        return _detail(request, claim, status.HTTP_201_CREATED)


class ClaimDirectApi(APIView):
    class InvoiceInput(serializers.Serializer):
        invoice_number = serializers.CharField(max_length=64)
        shipment_date = serializers.DateField()
        due_date = serializers.DateField()
        currency = CurrencyCodeSerializerField()
        amount = CurrencyAmountSerializerField()
        paid_amount = CurrencyAmountSerializerField(required=False, default=Decimal("0"))
        is_service = serializers.BooleanField(required=False, default=False)

    class Input(serializers.Serializer):
        policy = serializers.IntegerField()
        buyer = serializers.IntegerField()
        cause = serializers.ChoiceField(choices=Cause.choices)
        event_date = serializers.DateField()
        description = serializers.CharField()
        invoices = serializers.ListField(child=serializers.DictField(), allow_empty=False)

    @extend_schema(
        request=Input,
        responses={201: ClaimDetailOutput, **ERRORS},
        summary="File a claim directly (micro and SME policies, which need no notice)",
    )
    def post(self, request):
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        invoices = []
        for index, raw in enumerate(data.validated_data["invoices"]):
            line = self.InvoiceInput(data=raw)
            if not line.is_valid():
                field, errors = next(iter(line.errors.items()))
                raise DomainError(
                    "invalid", f"invoices[{index}].{field}: {errors[0]}", field="invoices", row=index + 1
                )
            invoices.append(services.InvoiceLine(**line.validated_data))
        v = data.validated_data
        claim = services.claim_file_direct(
            actor=request.user,
            data=services.DirectClaimInput(
                policy_id=v["policy"],
                buyer_id=v["buyer"],
                cause=v["cause"],
                event_date=v["event_date"],
                description=v["description"],
                invoices=invoices,
            ),
        )
        return _detail(request, claim, status.HTTP_201_CREATED)


class ClaimQueueApi(generics.ListAPIView):
    """The claims officers' queue: open claims, most urgent first, with the clock on each."""

    serializer_class = ClaimOutput
    filterset_class = ClaimFilter
    queryset = Claim.objects.none()

    def get_queryset(self):
        if _fake(self):
            return Claim.objects.none()
        if not is_insurer(self.request.user):
            raise Http404
        return selectors.claim_queue(self.request.user)


class ClaimDetailApi(APIView):
    @extend_schema(responses={200: ClaimDetailOutput, 404: ErrorSerializer})
    def get(self, request, pk: int):
        return _detail(request, _claim(request, pk))


class ClaimAssessmentApi(APIView):
    @extend_schema(
        responses={200: ClaimAssessmentOutput, 404: ErrorSerializer},
        summary="The loss assessment line by line",
    )
    def get(self, request, pk: int):
        claim = _claim(request, pk)
        return Response(
            ClaimAssessmentOutput(assessment_data(claim, selectors.claim_detail(claim, request.user))).data
        )


class ClaimAcceptApi(APIView):
    @extend_schema(
        request=None, responses={200: ClaimDetailOutput, **ERRORS}, summary="Accept a claim (claims officer)"
    )
    def post(self, request, pk: int):
        claim = services.claim_accept(actor=request.user, claim_id=_claim(request, pk).pk)
        return _detail(request, claim)


class ClaimsNoteInput(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="")


class ClaimInvestigateApi(APIView):
    @extend_schema(
        request=ClaimsNoteInput,
        responses={200: ClaimDetailOutput, **ERRORS},
        summary="Start (or reopen) the investigation",
    )
    def post(self, request, pk: int):
        data = ClaimsNoteInput(data=request.data)
        data.is_valid(raise_exception=True)
        claim = services.claim_investigate(
            actor=request.user, claim_id=_claim(request, pk).pk, note=data.validated_data["note"]
        )
        return _detail(request, claim)


class ClaimNoteApi(APIView):
    class Input(serializers.Serializer):
        text = serializers.CharField()

    @extend_schema(
        request=Input,
        responses={201: ClaimDetailOutput, **ERRORS},
        summary="Add an investigation note (insurer only)",
    )
    def post(self, request, pk: int):
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        claim = _claim(request, pk)
        services.claim_note_add(actor=request.user, claim_id=claim.pk, text=data.validated_data["text"])
        return _detail(request, claim, status.HTTP_201_CREATED)


class ClaimAssessApi(APIView):
    @extend_schema(
        request=ClaimsNoteInput,
        responses={200: ClaimDetailOutput, **ERRORS},
        summary="Store the assessment (evidence complete)",
    )
    def post(self, request, pk: int):
        data = ClaimsNoteInput(data=request.data)
        data.is_valid(raise_exception=True)
        claim = services.claim_assess(
            actor=request.user, claim_id=_claim(request, pk).pk, note=data.validated_data["note"]
        )
        return _detail(request, claim)


class ClaimDecideApi(APIView):
    class Input(serializers.Serializer):
        decision = serializers.ChoiceField(
            choices=[("approve", "approve"), ("partly", "partly"), ("deny", "deny")]
        )
        reason = serializers.CharField()

    @extend_schema(
        request=Input,
        responses={200: ClaimDetailOutput, **ERRORS},
        summary="Approve, approve in part, or deny, with reasons",
    )
    def post(self, request, pk: int):
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        claim = services.claim_decide(
            actor=request.user, claim_id=_claim(request, pk).pk, **data.validated_data
        )
        return _detail(request, claim)


class ClaimIssueNoticeApi(APIView):
    @extend_schema(
        request=None,
        responses={200: ClaimDetailOutput, **ERRORS},
        summary="Issue the indemnity notice and the bilingual receipt; the payee is fixed now",
    )
    def post(self, request, pk: int):
        claim = services.indemnity_notice_issue(actor=request.user, claim_id=_claim(request, pk).pk)
        return _detail(request, claim)


class ClaimConfirmReceiptApi(APIView):
    @extend_schema(
        request=None,
        responses={200: ClaimDetailOutput, **ERRORS},
        summary="Confirm the signed receipts and AML material are in",
    )
    def post(self, request, pk: int):
        claim = services.claim_receipt_confirm(actor=request.user, claim_id=_claim(request, pk).pk)
        return _detail(request, claim)


class ClaimPayApi(APIView):
    class Input(serializers.Serializer):
        paid_on = serializers.DateField(required=False, allow_null=True)
        reference = serializers.CharField(max_length=64, required=False, allow_blank=True, default="")

    @extend_schema(
        request=Input,
        responses={200: ClaimDetailOutput, 409: ErrorSerializer, **ERRORS},
        summary="Pay the indemnity (once; above PORTAL_INDEMNITY_SECOND_APPROVAL_USD only after a second "
        "officer's approval)",
    )
    def post(self, request, pk: int):
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        claim = _claim(request, pk)
        services.indemnity_pay(
            actor=request.user,
            claim_id=claim.pk,
            paid_on=data.validated_data.get("paid_on"),
            reference=data.validated_data["reference"],
        )
        return _detail(request, claim)


class ClaimApprovePaymentApi(APIView):
    class Input(serializers.Serializer):
        note = serializers.CharField(max_length=1000, required=False, allow_blank=True, default="")

    @extend_schema(
        request=Input,
        responses={200: ClaimDetailOutput, 409: ErrorSerializer, **ERRORS},
        summary="Second approval of an indemnity above PORTAL_INDEMNITY_SECOND_APPROVAL_USD (USD 500,000 "
        "by default) before it is paid: by another claims officer than the one who decided (403 "
        "second_approver_is_decider); paying it before is 409 second_approval_required",
    )
    def post(self, request, pk: int):
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        claim = services.indemnity_payment_approve(
            actor=request.user, claim_id=_claim(request, pk).pk, note=data.validated_data["note"]
        )
        return _detail(request, claim)


class ClaimCloseApi(APIView):
    @extend_schema(
        request=ClaimsReasonInput,
        responses={200: ClaimDetailOutput, **ERRORS},
        summary="Close a paid or denied claim",
    )
    def post(self, request, pk: int):
        data = ClaimsReasonInput(data=request.data)
        data.is_valid(raise_exception=True)
        claim = services.claim_close(
            actor=request.user, claim_id=_claim(request, pk).pk, reason=data.validated_data["reason"]
        )
        return _detail(request, claim)


class ClaimWithdrawApi(APIView):
    @extend_schema(
        request=ClaimsReasonInput,
        responses={200: ClaimDetailOutput, **ERRORS},
        summary="Withdraw a claim before the decision (the insured)",
    )
    def post(self, request, pk: int):
        data = ClaimsReasonInput(data=request.data)
        data.is_valid(raise_exception=True)
        claim = services.claim_withdraw(
            actor=request.user, claim_id=_claim(request, pk).pk, reason=data.validated_data["reason"]
        )
        return _detail(request, claim)


# --- evidence and requests ----------------------------------------------------------------------------------


class ClaimDocumentListUploadApi(APIView):
    parser_classes = [MultiPartParser, FormParser]

    class Input(serializers.Serializer):
        document_kind = serializers.ChoiceField(choices=EvidenceKind.choices)
        file = serializers.FileField()
        request = serializers.IntegerField(required=False, allow_null=True)

    @extend_schema(
        responses={200: ClaimDocumentOutput(many=True), 404: ErrorSerializer},
        summary="The claim's evidence files",
    )
    def get(self, request, pk: int):
        claim = _claim(request, pk)
        return Response(ClaimDocumentOutput(claim.documents.all(), many=True).data)

    @extend_schema(
        request={"multipart/form-data": Input},
        responses={201: ClaimDocumentOutput, **ERRORS},
        summary="Upload evidence (PDF, JPEG, PNG, XLSX or DOCX, at most PORTAL_UPLOAD_MAX_BYTES)",
    )
    def post(self, request, pk: int):
        claim = _claim(request, pk)
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        upload = data.validated_data["file"]
        doc = services.claim_document_upload(
            actor=request.user,
            claim_id=claim.pk,
            kind=data.validated_data["document_kind"],
            file_name=upload.name,
            content=upload.read(),
            request_id=data.validated_data.get("request"),
        )
        return Response(ClaimDocumentOutput(doc).data, status=201)


class ClaimDocumentDownloadApi(APIView):
    @extend_schema(
        responses={(200, "application/octet-stream"): OpenApiTypes.BINARY, 404: ErrorSerializer},
        summary="Download one evidence file",
    )
    def get(self, request, pk: int, doc_pk: int):
        doc = selectors.claim_document_get(request.user, pk, doc_pk)
        return FileResponse(
            doc.file.open("rb"), as_attachment=True, filename=doc.original_name, content_type=doc.content_type
        )


class DocumentRequestCreateApi(APIView):
    class Input(serializers.Serializer):
        document_kind = serializers.ChoiceField(choices=EvidenceKind.choices)
        message = serializers.CharField()
        due_date = serializers.DateField()

    @extend_schema(
        request=Input,
        responses={201: ClaimDocumentRequestOutput, **ERRORS},
        summary="Ask the insured for documents",
    )
    def post(self, request, pk: int):
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        req = services.document_request_create(
            actor=request.user,
            claim_id=_claim(request, pk).pk,
            kind=v["document_kind"],
            message=v["message"],
            due_date=v["due_date"],
        )
        return Response(ClaimDocumentRequestOutput(req).data, status=201)


class DocumentRequestAnswerApi(APIView):
    class Input(serializers.Serializer):
        answer = serializers.CharField()

    @extend_schema(
        request=Input,
        responses={200: ClaimDocumentRequestOutput, **ERRORS},
        summary="Answer a request in words (or upload with its id)",
    )
    def post(self, request, pk: int):
        req = selectors.document_request_get(request.user, pk)
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        req = services.document_request_answer(
            actor=request.user, request_id=req.pk, answer=data.validated_data["answer"]
        )
        return Response(ClaimDocumentRequestOutput(req).data)


class DocumentRequestCancelApi(APIView):
    @extend_schema(
        request=None,
        responses={200: ClaimDocumentRequestOutput, **ERRORS},
        summary="Cancel a document request",
    )
    def post(self, request, pk: int):
        req = selectors.document_request_get(request.user, pk)
        req = services.document_request_cancel(actor=request.user, request_id=req.pk)
        return Response(ClaimDocumentRequestOutput(req).data)


# --- the assessment inputs -----------------------------------------------------------------------------------


class DeductionCreateApi(APIView):
    class Input(serializers.Serializer):
        kind = serializers.ChoiceField(choices=ClaimDeduction.Kind.choices)
        amount_usd = serializers.DecimalField(**MONEY)
        note = serializers.CharField()
        line = serializers.IntegerField(
            required=False,
            allow_null=True,
            help_text="the claimed invoice (line id) it is entered against; empty: the whole claim, "
            "allocated pro rata to what is unpaid on each shipment",
        )

    @extend_schema(
        request=Input,
        responses={201: ClaimAssessmentOutput, **ERRORS},
        summary="Enter a deduction with its note",
    )
    def post(self, request, pk: int):
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        claim = _claim(request, pk)
        fields = dict(data.validated_data)
        services.claim_deduction_add(
            actor=request.user, claim_id=claim.pk, line_id=fields.pop("line", None), **fields
        )
        claim = _claim(request, pk)
        return Response(
            ClaimAssessmentOutput(assessment_data(claim, selectors.claim_detail(claim, request.user))).data,
            status=201,
        )


class DeductionDeleteApi(APIView):
    @extend_schema(request=None, responses={204: None, **ERRORS}, summary="Remove a deduction")
    def delete(self, request, pk: int):
        deduction = ClaimDeduction.objects.filter(
            pk=pk, claim__in=selectors.claims_visible(request.user)
        ).first()
        if deduction is None:
            raise Http404
        services.claim_deduction_remove(actor=request.user, deduction_id=deduction.pk)
        return Response(status=204)


class LineInclusionApi(APIView):
    class Input(serializers.Serializer):
        included = serializers.BooleanField()
        reason = serializers.CharField(required=False, allow_blank=True, default="")

    @extend_schema(
        request=Input,
        responses={200: ClaimLineOutput, **ERRORS},
        summary="Exclude an invoice from the indemnity, or include it again",
    )
    def post(self, request, pk: int):
        line = ClaimLine.objects.filter(pk=pk, claim__in=selectors.claims_visible(request.user)).first()
        if line is None:
            raise Http404
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        line = services.claim_line_set_included(actor=request.user, line_id=line.pk, **data.validated_data)
        return Response(ClaimLineOutput(line).data)


class RatioApi(APIView):
    class Input(serializers.Serializer):
        ratio = serializers.DecimalField(max_digits=5, decimal_places=4, allow_null=True)
        note = serializers.CharField(required=False, allow_blank=True, default="")

    @extend_schema(
        request=Input,
        responses={200: ClaimAssessmentOutput, **ERRORS},
        summary="Lower the indemnity ratio (null: the policy's)",
    )
    def post(self, request, pk: int):
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        claim = _claim(request, pk)
        services.claim_ratio_set(actor=request.user, claim_id=claim.pk, **data.validated_data)
        claim = _claim(request, pk)
        return Response(
            ClaimAssessmentOutput(assessment_data(claim, selectors.claim_detail(claim, request.user))).data
        )


# --- recoveries and PDFs ------------------------------------------------------------------------------------


class RecoveryCreateApi(APIView):
    class Input(serializers.Serializer):
        received_on = serializers.DateField()
        currency = CurrencyCodeSerializerField()
        amount = CurrencyAmountSerializerField()
        costs = CurrencyAmountSerializerField(required=False, default=Decimal("0"))
        note = serializers.CharField(required=False, allow_blank=True, default="")
        client_reference = serializers.CharField(
            max_length=64,
            required=False,
            allow_blank=True,
            default="",
            help_text="your reference: the same recovery sent again is recorded once (200, the same "
            "recovery); the Idempotency-Key header is used when this is empty",
        )

    @extend_schema(
        request=Input,
        responses={201: ClaimRecoveryOutput, 200: ClaimRecoveryOutput, 409: ErrorSerializer, **ERRORS},
        summary="Record a recovery (shared after payment), once per client reference",
    )
    def post(self, request, pk: int):
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        fields["client_reference"] = fields["client_reference"] or request.headers.get("Idempotency-Key", "")
        recovery = services.recovery_record(actor=request.user, claim_id=_claim(request, pk).pk, **fields)
        code = 200 if getattr(recovery, "recorded_before", False) else 201
        return Response(ClaimRecoveryOutput(recovery).data, status=code)


class RecoveryReverseApi(APIView):
    class Input(serializers.Serializer):
        reason = serializers.CharField(
            max_length=2000, help_text="why the recovery is reversed (e.g. entered twice); required"
        )

    @extend_schema(
        request=Input,
        responses={200: ClaimRecoveryOutput, 409: ErrorSerializer, **ERRORS},
        summary="Reverse a recovery entered in error (claims officers; once: a second reversal is 409)",
        description="The recovery stays on record, marked reversed with the reason, and counts in no "
        "total any more: a recovery before payment no longer reduces the loss (a stored assessment is "
        "recomputed); after payment its insurer's and insured's shares are taken off the totals. A "
        "recovery before payment whose indemnity is already decided cannot be reversed (409).",
    )
    def post(self, request, pk: int):
        recovery = selectors.recovery_get(request.user, pk)
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        recovery = services.recovery_reverse(
            actor=request.user, recovery_id=recovery.pk, reason=data.validated_data["reason"]
        )
        return Response(ClaimRecoveryOutput(recovery).data)


class RecoveryListApi(generics.ListAPIView):
    """Every recovery with its distribution (insurer's and insured's shares)."""

    serializer_class = ClaimRecoveryOutput
    filterset_class = RecoveryFilter
    queryset = Recovery.objects.none()

    def get_queryset(self):
        if _fake(self):
            return Recovery.objects.none()
        return selectors.recoveries_visible(self.request.user).order_by("-received_on", "-id")


class ClaimPdfApi(APIView):
    @extend_schema(
        responses={(200, "application/pdf"): OpenApiTypes.BINARY, 404: ErrorSerializer},
        summary="claim_application, indemnity_notice or indemnity_receipt (bilingual) as PDF",
    )
    def get(self, request, pk: int, kind: str):
        claim = _claim(request, pk)
        if kind not in CLAIM_KINDS or not claim_document_available(claim, kind):
            raise Http404
        return claim_pdf_response(claim, kind, actor=request.user)
