"""API of declarations: declare one (or check first), bulk batches with their status and per-row
report, payments received (one or many), receivables with ageing, amendments, premium invoices,
and the exposure on a limit or per buyer. Another organisation's objects are not found (404)."""

from __future__ import annotations

from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from declarations import selectors, services
from declarations.columns import COLUMNS
from declarations.files import upload_bytes
from declarations.filters import (
    DeclarationApiFilter,
    PaymentFilter,
    PremiumInvoiceFilter,
    ReceivableApiFilter,
)
from declarations.models import (
    DeclarationAmendment,
    DeclarationBatch,
    DeclarationBatchRow,
    Payment,
    ShipmentDeclaration,
)
from declarations.reasons import NotCovered
from declarations.services.bulk import ReportRow
from policies.models import PaymentTerm, PremiumInvoice
from sinosure_portal.accounts.access import get_visible_or_404, is_insurer
from sinosure_portal.base.api import ErrorSerializer
from sinosure_portal.money.fields import CurrencyAmountSerializerField, CurrencyCodeSerializerField
from sinosure_portal.workdays.calendar import today

ERRORS = {400: ErrorSerializer, 403: ErrorSerializer, 404: ErrorSerializer}


def _fake(view) -> bool:
    return getattr(view, "swagger_fake_view", False)


# --- declarations ---------------------------------------------------------------------------------------


class DeclarationInputSerializer(serializers.Serializer):
    policy = serializers.IntegerField()
    buyer = serializers.IntegerField()
    invoice_number = serializers.CharField(max_length=64)
    shipment_date = serializers.DateField()
    currency = CurrencyCodeSerializerField()
    amount = CurrencyAmountSerializerField()
    payment_term = serializers.ChoiceField(choices=PaymentTerm.choices)
    credit_days = serializers.IntegerField(min_value=0, max_value=720)
    hs_code = serializers.CharField(max_length=12, required=False, allow_blank=True, default="")
    description = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    destination = serializers.CharField(max_length=2, required=False, allow_blank=True, default="")
    financing_intent = serializers.BooleanField(required=False, default=False)
    client_reference = serializers.CharField(max_length=64, required=False, allow_blank=True, default="")

    def to_input(self) -> services.DeclarationInput:
        v = self.validated_data
        return services.DeclarationInput(
            policy_id=v["policy"],
            buyer_id=v["buyer"],
            invoice_number=v["invoice_number"],
            shipment_date=v["shipment_date"],
            currency=v["currency"],
            amount=v["amount"],
            payment_term=v["payment_term"],
            credit_days=v["credit_days"],
            hs_code=v["hs_code"],
            description=v["description"],
            destination=v["destination"],
            financing_intent=v["financing_intent"],
            client_reference=v["client_reference"],
        )


class DeclarationOutput(serializers.ModelSerializer):
    policy_number = serializers.CharField(source="policy.number")
    buyer_name = serializers.CharField(source="buyer.display_name")
    limit_number = serializers.CharField(source="limit.number", default=None)
    outstanding = CurrencyAmountSerializerField(read_only=True)
    outstanding_usd = serializers.DecimalField(max_digits=18, decimal_places=2, read_only=True)
    reason = serializers.CharField(source="reason_message")

    class Meta:
        model = ShipmentDeclaration
        fields = [
            "id",
            "policy",
            "policy_number",
            "buyer",
            "buyer_name",
            "limit",
            "limit_number",
            "client_reference",
            "invoice_number",
            "shipment_date",
            "currency",
            "amount",
            "rate_used",
            "amount_usd",
            "payment_term",
            "credit_days",
            "due_date",
            "hs_code",
            "description",
            "destination",
            "financing_intent",
            "status",
            "covered_usd",
            "exposure_usd",
            "reason_code",
            "reason",
            "premium_rate",
            "premium_usd",
            "declared_on",
            "declaration_deadline",
            "late",
            "paid_amount",
            "paid_usd",
            "outstanding",
            "outstanding_usd",
            "settled_on",
            "batch",
            "created_at",
        ]


class DeclarationListCreateApi(generics.ListAPIView):
    """Your declared shipments (GET, filterable); declare one shipment (POST). A shipment that no
    limit covers at all is refused (400) with the reason and not stored; one only partly covered is
    stored with status `partly_covered` and the reason."""

    serializer_class = DeclarationOutput
    filterset_class = DeclarationApiFilter
    queryset = ShipmentDeclaration.objects.none()

    def get_queryset(self):
        if _fake(self):
            return ShipmentDeclaration.objects.none()
        return selectors.declarations_visible(self.request.user).order_by("-created_at", "-id")

    @extend_schema(request=DeclarationInputSerializer, responses={201: DeclarationOutput, **ERRORS})
    def post(self, request):
        data = DeclarationInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        declaration = services.declaration_create(actor=request.user, data=data.to_input())
        declaration = selectors.declaration_get(request.user, declaration.pk)
        return Response(DeclarationOutput(declaration).data, status=status.HTTP_201_CREATED)


class DeclarationCheckApi(APIView):
    """What declaring this shipment would give now, without declaring it: covered, partly covered
    or refused, with the reason, premium and due date."""

    class Output(serializers.Serializer):
        outcome = serializers.ChoiceField(choices=["covered", "partly_covered", "refused"])
        amount_usd = serializers.DecimalField(max_digits=18, decimal_places=2)
        covered_usd = serializers.DecimalField(max_digits=18, decimal_places=2)
        premium_rate = serializers.DecimalField(max_digits=7, decimal_places=6)
        premium_usd = serializers.DecimalField(max_digits=18, decimal_places=2)
        due_date = serializers.DateField(allow_null=True)
        declaration_deadline = serializers.DateField(allow_null=True)
        late = serializers.BooleanField()
        reason_code = serializers.CharField()
        reason = serializers.CharField()
        limit_number = serializers.CharField()
        available_before_usd = serializers.DecimalField(max_digits=18, decimal_places=2, allow_null=True)

    @extend_schema(request=DeclarationInputSerializer, responses={200: Output, **ERRORS})
    def post(self, request):
        data = DeclarationInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            answer = services.declaration_check(actor=request.user, data=data.to_input())
        except NotCovered as refusal:
            answer = services.Assessment(
                outcome="refused", reason_code=refusal.code, reason_params=refusal.params
            )
        return Response(
            self.Output(
                {
                    "outcome": answer.outcome,
                    "amount_usd": answer.amount_usd,
                    "covered_usd": answer.covered_usd,
                    "premium_rate": answer.premium_rate,
                    "premium_usd": answer.premium_usd,
                    "due_date": answer.due_date,
                    "declaration_deadline": answer.declaration_deadline,
                    "late": answer.late,
                    "reason_code": answer.reason_code,
                    "reason": answer.reason_message,
                    "limit_number": answer.limit_number,
                    "available_before_usd": answer.available_before_usd,
                }
            ).data
        )


class DeclarationDetailApi(generics.RetrieveAPIView):
    serializer_class = DeclarationOutput
    queryset = ShipmentDeclaration.objects.none()

    def get_object(self):
        return selectors.declaration_get(self.request.user, self.kwargs["pk"])


# --- amendments -------------------------------------------------------------------------------------------


class AmendmentOutput(serializers.ModelSerializer):
    invoice_number = serializers.CharField(source="declaration.invoice_number")

    class Meta:
        model = DeclarationAmendment
        fields = [
            "id",
            "declaration",
            "invoice_number",
            "status",
            "new_amount",
            "new_shipment_date",
            "new_credit_days",
            "reason",
            "before",
            "after",
            "decision_reason",
            "created_at",
            "decided_at",
        ]


class AmendmentListCreateApi(generics.ListAPIView):
    """Amendments you asked for (insurer staff: all of them); ask for one with POST."""

    class Input(serializers.Serializer):
        declaration = serializers.IntegerField()
        reason = serializers.CharField()
        # in the declaration's currency (the service refuses more decimals than it has)
        new_amount = CurrencyAmountSerializerField(required=False, allow_null=True)
        new_shipment_date = serializers.DateField(required=False, allow_null=True)
        new_credit_days = serializers.IntegerField(
            min_value=0, max_value=720, required=False, allow_null=True
        )

    serializer_class = AmendmentOutput
    filterset_fields = ["status"]
    queryset = DeclarationAmendment.objects.none()

    def get_queryset(self):
        if _fake(self):
            return DeclarationAmendment.objects.none()
        return selectors.amendments_visible(self.request.user)

    @extend_schema(request=Input, responses={201: AmendmentOutput, **ERRORS})
    def post(self, request):
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        selectors.declaration_get(request.user, v["declaration"])
        amendment = services.amendment_submit(
            actor=request.user,
            declaration_id=v["declaration"],
            reason=v["reason"],
            new_amount=v.get("new_amount"),
            new_shipment_date=v.get("new_shipment_date"),
            new_credit_days=v.get("new_credit_days"),
        )
        return Response(AmendmentOutput(amendment).data, status=status.HTTP_201_CREATED)


class AmendmentDecideApi(APIView):
    """The underwriter applies (`approve`) or rejects an amendment; the insured may `withdraw` it."""

    class Input(serializers.Serializer):
        decision = serializers.ChoiceField(choices=["approve", "reject", "withdraw"])
        reason = serializers.CharField(required=False, allow_blank=True, default="")

    @extend_schema(request=Input, responses={200: AmendmentOutput, **ERRORS})
    def post(self, request, pk: int):
        selectors.amendment_get(request.user, pk)
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        decision, reason = data.validated_data["decision"], data.validated_data["reason"]
        if decision == "approve":
            amendment = services.amendment_approve(actor=request.user, amendment_id=pk, reason=reason)
        elif decision == "reject":
            amendment = services.amendment_reject(actor=request.user, amendment_id=pk, reason=reason)
        else:
            amendment = services.amendment_withdraw(actor=request.user, amendment_id=pk)
        return Response(AmendmentOutput(amendment).data)


# --- batches ----------------------------------------------------------------------------------------------


class BatchOutput(serializers.ModelSerializer):
    progress = serializers.IntegerField()
    stuck = serializers.BooleanField(read_only=True)
    report_url = serializers.SerializerMethodField()

    class Meta:
        model = DeclarationBatch
        fields = [
            "id",
            "policy",
            "source",
            "file_name",
            "file_sha256",
            "status",
            "progress",
            "stuck",
            "total_rows",
            "processed_rows",
            "covered_rows",
            "partly_covered_rows",
            "refused_rows",
            "duplicate_rows",
            "covered_usd",
            "premium_usd",
            "error",
            "created_at",
            "started_at",
            "finished_at",
            "report_url",
        ]

    def get_report_url(self, obj) -> str:
        return f"/api/v1/declarations/batches/{obj.pk}/rows/"


def _row_fields() -> dict:
    fields = {}
    for key, column in COLUMNS.items():
        if key in ("credit_days",):
            fields[key] = serializers.IntegerField(required=column.required, min_value=0, max_value=720)
        elif key == "financing":
            fields[key] = serializers.BooleanField(required=False)
        elif key == "shipment_date":
            fields[key] = serializers.CharField(required=True)
        else:
            fields[key] = serializers.CharField(required=column.required, allow_blank=not column.required)
    return fields


BatchRowInput = type("BatchRowInput", (serializers.Serializer,), _row_fields())


class BatchListCreateApi(generics.ListAPIView):
    """Bulk declaration: send up to 100,000 rows (the upload template's columns, by their keys). The
    batch runs in the background: poll its status, then read its per-row report. Re-sending rows
    declares nothing twice (each repeated invoice is reported as already declared)."""

    class Input(serializers.Serializer):
        policy = serializers.IntegerField()
        rows = serializers.ListField(child=serializers.DictField(), allow_empty=False, max_length=100_000)

    serializer_class = BatchOutput
    queryset = DeclarationBatch.objects.none()

    def get_queryset(self):
        if _fake(self):
            return DeclarationBatch.objects.none()
        return selectors.batches_visible(self.request.user)

    @extend_schema(
        request={"application/json": Input},
        responses={202: BatchOutput, **ERRORS},
        description="Each row: " + ", ".join(f"`{k}`" for k in COLUMNS),
    )
    def post(self, request):
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        batch = services.declaration_batch_submit_rows(
            actor=request.user, policy_id=data.validated_data["policy"], rows=data.validated_data["rows"]
        )
        batch.refresh_from_db()
        return Response(BatchOutput(batch).data, status=status.HTTP_202_ACCEPTED)


class BatchUploadApi(APIView):
    """Upload a CSV or XLSX file (Chinese or English headers) as a batch."""

    parser_classes = [MultiPartParser, FormParser]

    class Input(serializers.Serializer):
        policy = serializers.IntegerField()
        file = serializers.FileField()

    @extend_schema(request={"multipart/form-data": Input}, responses={202: BatchOutput, **ERRORS})
    def post(self, request):
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        upload = data.validated_data["file"]
        batch = services.declaration_batch_submit(
            actor=request.user,
            policy_id=data.validated_data["policy"],
            file_name=upload.name,
            content=upload.read(),
        )
        batch.refresh_from_db()
        return Response(BatchOutput(batch).data, status=status.HTTP_202_ACCEPTED)


class BatchDetailApi(generics.RetrieveAPIView):
    serializer_class = BatchOutput
    queryset = DeclarationBatch.objects.none()
    parser_classes = [JSONParser]

    def get_object(self):
        return selectors.batch_get(self.request.user, self.kwargs["pk"])


class BatchRetryApi(APIView):
    """Start a failed or stuck upload again; it resumes after its last committed chunk."""

    parser_classes = [JSONParser]

    @extend_schema(request=None, responses={202: BatchOutput, **ERRORS})
    def post(self, request, pk: int):
        batch = selectors.batch_get(request.user, pk)
        services.declaration_batch_retry(actor=request.user, batch_id=batch.pk)
        batch.refresh_from_db()
        return Response(BatchOutput(batch).data, status=status.HTTP_202_ACCEPTED)


class BatchRowListApi(generics.ListAPIView):
    """The per-row report of a batch, in row order, with the reason in your language
    (Accept-Language). Filter with `?outcome=covered|partly_covered|refused|duplicate`."""

    class Output(serializers.Serializer):
        row_number = serializers.IntegerField()
        invoice_number = serializers.CharField()
        buyer_text = serializers.CharField()
        outcome = serializers.ChoiceField(choices=DeclarationBatchRow.Outcome.choices)
        reason_code = serializers.CharField()
        reason = serializers.SerializerMethodField()
        late = serializers.BooleanField()
        amount_usd = serializers.DecimalField(max_digits=18, decimal_places=2, allow_null=True)
        covered_usd = serializers.DecimalField(max_digits=18, decimal_places=2)
        premium_usd = serializers.DecimalField(max_digits=18, decimal_places=2)
        declaration = serializers.IntegerField(source="declaration_id", allow_null=True)

        def get_reason(self, obj) -> str:
            return ReportRow(obj).reason_message

    serializer_class = Output
    queryset = DeclarationBatchRow.objects.none()
    filter_backends: list = []

    @extend_schema(
        parameters=[
            OpenApiParameter("outcome", str, enum=DeclarationBatchRow.Outcome.values, required=False),
        ]
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        if _fake(self):
            return DeclarationBatchRow.objects.none()
        batch = selectors.batch_get(self.request.user, self.kwargs["pk"])
        outcome = self.request.query_params.get("outcome") or None
        if outcome and outcome not in DeclarationBatchRow.Outcome.values:
            outcome = None
        return selectors.batch_report(batch, outcome=outcome)


# --- payments and receivables --------------------------------------------------------------------------


class PaymentInputSerializer(serializers.Serializer):
    received_on = serializers.DateField()
    amount = CurrencyAmountSerializerField()
    currency = CurrencyCodeSerializerField()
    invoice_number = serializers.CharField(max_length=64, required=False, allow_blank=True, default="")
    policy = serializers.IntegerField(required=False, allow_null=True)
    buyer = serializers.IntegerField(required=False, allow_null=True)
    client_reference = serializers.CharField(max_length=64, required=False, allow_blank=True, default="")

    @staticmethod
    def to_input(v) -> services.PaymentInput:
        return services.PaymentInput(
            received_on=v["received_on"],
            amount=v["amount"],
            currency=v["currency"],
            invoice_number=v.get("invoice_number", ""),
            policy_id=v.get("policy"),
            buyer_id=v.get("buyer"),
            client_reference=v.get("client_reference", ""),
        )


class PaymentOutput(serializers.ModelSerializer):
    invoice_number = serializers.CharField(source="declaration.invoice_number")
    invoice_status = serializers.CharField(source="declaration.status")

    class Meta:
        model = Payment
        fields = [
            "id",
            "declaration",
            "invoice_number",
            "invoice_status",
            "received_on",
            "currency",
            "amount",
            "amount_usd",
            "client_reference",
            "created_at",
        ]


class PaymentListCreateApi(generics.ListAPIView):
    """Payments received (收汇). POST one: on an invoice, or on a buyer (no invoice number): it goes
    to that buyer's oldest open invoices in the currency first. A fully paid invoice is settled and
    frees its exposure on the limit."""

    serializer_class = PaymentOutput
    filterset_class = PaymentFilter
    queryset = Payment.objects.none()

    def get_queryset(self):
        if _fake(self):
            return Payment.objects.none()
        return selectors.payments_visible(self.request.user)

    @extend_schema(request=PaymentInputSerializer, responses={201: PaymentOutput(many=True), **ERRORS})
    def post(self, request):
        data = PaymentInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        result = services.payment_record(
            actor=request.user, data=PaymentInputSerializer.to_input(data.validated_data)
        )
        return Response(PaymentOutput(result.payments, many=True).data, status=status.HTTP_201_CREATED)


class PaymentBulkApi(APIView):
    """Many payments at once; each is applied completely or reported refused with the reason."""

    class Input(serializers.Serializer):
        payments = PaymentInputSerializer(many=True, allow_empty=False, max_length=10_000)

    class Output(serializers.Serializer):
        row = serializers.IntegerField()
        ok = serializers.BooleanField()
        code = serializers.CharField()
        message = serializers.CharField()
        currency = serializers.CharField(required=False, help_text="the payment's currency, when it was read")
        applied = CurrencyAmountSerializerField(read_only=True, help_text="at the currency's scale")
        invoices = serializers.ListField(child=serializers.CharField())

    @staticmethod
    def rows(report, lines) -> list[dict]:
        currencies = {row: payment.currency for row, payment in lines}
        return [{**line.__dict__, "currency": currencies.get(line.row)} for line in report]

    @extend_schema(request=Input, responses={200: Output(many=True), **ERRORS})
    def post(self, request):
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        lines = [
            (i, PaymentInputSerializer.to_input(v))
            for i, v in enumerate(data.validated_data["payments"], start=1)
        ]
        report = services.payments_record_bulk(actor=request.user, lines=lines)
        return Response(self.Output(self.rows(report, lines), many=True).data)


class PaymentUploadApi(APIView):
    """Payments from a CSV or XLSX file (the payments template's columns, Chinese or English
    headers): each row is applied completely or reported refused with the reason. A file that is not
    a readable table (or is too large, or has too many rows) is refused whole: 400 with its code."""

    parser_classes = [MultiPartParser, FormParser]

    class Input(serializers.Serializer):
        file = serializers.FileField()

    @extend_schema(
        request={"multipart/form-data": Input}, responses={200: PaymentBulkApi.Output(many=True), **ERRORS}
    )
    def post(self, request):
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        upload = data.validated_data["file"]
        lines, problems = services.payments_from_file(
            actor=request.user, file_name=upload.name, content=upload_bytes(upload)
        )
        report = sorted(
            problems + services.payments_record_bulk(actor=request.user, lines=lines), key=lambda r: r.row
        )
        return Response(PaymentBulkApi.Output(PaymentBulkApi.rows(report, lines), many=True).data)


class ReceivableListApi(generics.ListAPIView):
    """Open receivables (declared and not fully paid), oldest due first, with days past due and the
    ageing bucket (current, 1_30, 31_60, 61_90, 91_180, over_180)."""

    class Output(serializers.ModelSerializer):
        buyer_name = serializers.CharField(source="buyer.display_name")
        outstanding = CurrencyAmountSerializerField(source="outstanding_amount")
        outstanding_usd = serializers.DecimalField(
            source="outstanding_in_usd", max_digits=18, decimal_places=2
        )
        bucket = serializers.CharField()
        # the declaration's status (one of DeclarationOutput's); a plain string here so that the
        # schema keeps one named enum for it
        status = serializers.CharField()
        days_past_due = serializers.SerializerMethodField()
        loss_notice_date = serializers.DateField()

        class Meta:
            model = ShipmentDeclaration
            fields = [
                "id",
                "invoice_number",
                "buyer",
                "buyer_name",
                "policy",
                "currency",
                "amount",
                "paid_amount",
                "outstanding",
                "outstanding_usd",
                "covered_usd",
                "exposure_usd",
                "shipment_date",
                "due_date",
                "days_past_due",
                "bucket",
                "status",
                "loss_notice_date",
            ]

        def get_days_past_due(self, obj) -> int:
            return (today() - obj.due_date).days

    serializer_class = Output
    filterset_class = ReceivableApiFilter
    queryset = ShipmentDeclaration.objects.none()

    def get_queryset(self):
        if _fake(self):
            return ShipmentDeclaration.objects.none()
        return selectors.receivables(self.request.user, today())


# --- premium invoices --------------------------------------------------------------------------------------


class PremiumInvoiceOutput(serializers.ModelSerializer):
    policy_number = serializers.CharField(source="policy.number")
    pdf_url = serializers.SerializerMethodField()

    class Meta:
        model = PremiumInvoice
        fields = [
            "id",
            "number",
            "policy",
            "policy_number",
            "period_start",
            "period_end",
            "payer",
            "amount_usd",
            "due_date",
            "status",
            "issued_at",
            "paid_at",
            "pdf_url",
        ]

    def get_pdf_url(self, obj) -> str:
        return f"/api/v1/declarations/premium-invoices/{obj.pk}/pdf/"


class PremiumInvoiceListApi(generics.ListAPIView):
    """Monthly premium invoices of declaring policies (premium = declared amount x rate)."""

    serializer_class = PremiumInvoiceOutput
    filterset_class = PremiumInvoiceFilter
    queryset = PremiumInvoice.objects.none()

    def get_queryset(self):
        if _fake(self):
            return PremiumInvoice.objects.none()
        return selectors.premium_invoices(self.request.user)


class PremiumInvoicePdfApi(APIView):
    @extend_schema(
        responses={(200, "application/pdf"): OpenApiResponse(description="the invoice PDF"), **ERRORS}
    )
    def get(self, request, pk: int):
        from declarations.documents import premium_invoice_pdf_response

        invoice = get_visible_or_404(selectors.premium_invoices(request.user), pk=pk)
        return premium_invoice_pdf_response(invoice, actor=request.user)


# --- exposure ------------------------------------------------------------------------------------------------


class LimitExposureApi(APIView):
    """A limit's amount, exposure and available amount now, and the declarations on it."""

    class Output(serializers.Serializer):
        id = serializers.IntegerField()
        number = serializers.CharField()
        buyer = serializers.CharField()
        status = serializers.CharField()
        amount_usd = serializers.DecimalField(max_digits=18, decimal_places=2)
        exposure_usd = serializers.DecimalField(max_digits=18, decimal_places=2)
        available_usd = serializers.DecimalField(max_digits=18, decimal_places=2)
        open_declarations = serializers.IntegerField()

    @extend_schema(responses={200: Output, **ERRORS})
    def get(self, request, pk: int):
        limit = selectors.limit_for_page(request.user, pk)
        return Response(self.Output(selectors.limit_exposure(limit)).data)


class BuyerExposureApi(generics.ListAPIView):
    """Underwriters: exposure per buyer across every insured."""

    class Output(serializers.Serializer):
        buyer_id = serializers.IntegerField()
        buyer_name = serializers.CharField(source="buyer__name")
        country = serializers.CharField(source="buyer__country_id")
        light = serializers.CharField(source="buyer__light")
        limits_usd = serializers.DecimalField(max_digits=18, decimal_places=2)
        exposure = serializers.DecimalField(max_digits=18, decimal_places=2)
        insureds = serializers.IntegerField()

    serializer_class = Output
    queryset = ShipmentDeclaration.objects.none()
    filter_backends: list = []

    def get_queryset(self):
        if _fake(self):
            return []
        if not is_insurer(self.request.user):
            raise Http404
        return selectors.exposure_by_buyer(self.request.user)
