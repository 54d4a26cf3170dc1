"""Payments."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from declarations import selectors, services
from declarations.apis._common import ERRORS, _fake  # noqa: F401
from declarations.files import upload_bytes
from declarations.filters import (
    PaymentFilter,
    ReceivableApiFilter,
)
from declarations.models import (
    Payment,
    ShipmentDeclaration,
)
from sinosure_portal.money.fields import CurrencyAmountSerializerField, CurrencyCodeSerializerField
from sinosure_portal.workdays.calendar import today

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
