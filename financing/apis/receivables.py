"""Receivables."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from declarations.models import ShipmentDeclaration
from financing import selectors
from financing.apis._common import ERRORS, MONEY, PDF, OrgOutput, _fake, _ip, _plain  # noqa: F401
from financing.documents import coverage_notice_pdf_response
from financing.filters import (
    BankReceivableFilter,
    CoverageNoticeFilter,
)
from financing.models import (
    CoverageNotice,
)
from sinosure_portal.base.api import ErrorSerializer
from sinosure_portal.money.fields import CurrencyAmountSerializerField
from sinosure_portal.workdays.calendar import today

# --- the bank's receivables and coverage notices ---------------------------------------------------------


class BankReceivableOutput(serializers.ModelSerializer):
    status = serializers.CharField(
        read_only=True,
        help_text="covered, partly_covered, overdue, settled, loss_notified, claimed or indemnified",
    )
    insured = OrgOutput(source="organisation")
    policy_number = serializers.CharField(source="policy.number")
    buyer_name = serializers.CharField(source="buyer.display_name")
    buyer_country = serializers.CharField(source="buyer.country_id")
    outstanding = CurrencyAmountSerializerField(source="outstanding_amount", read_only=True)
    outstanding_usd = serializers.DecimalField(source="outstanding_in_usd", **MONEY, read_only=True)
    ageing = serializers.CharField(source="bucket", read_only=True)
    financed_by_you = serializers.BooleanField(source="financed_by_me", read_only=True)

    class Meta:
        model = ShipmentDeclaration
        fields = [
            "id",
            "insured",
            "policy",
            "policy_number",
            "buyer",
            "buyer_name",
            "buyer_country",
            "invoice_number",
            "shipment_date",
            "currency",
            "amount",
            "amount_usd",
            "covered_usd",
            "due_date",
            "status",
            "paid_amount",
            "outstanding",
            "outstanding_usd",
            "ageing",
            "financing_intent",
            "financed_by_you",
        ]


class BankReceivableListApi(generics.ListAPIView):
    """Covered receivables assigned to your bank (by an indemnity assignment in force, an accepted
    receivable assignment, or your own loans), with status and ageing."""

    serializer_class = BankReceivableOutput
    filterset_class = BankReceivableFilter
    queryset = ShipmentDeclaration.objects.none()

    def get_queryset(self):
        if _fake(self):
            return ShipmentDeclaration.objects.none()
        return selectors.bank_receivables(self.request.user, today())


class BankReceivableDetailApi(APIView):
    @extend_schema(responses={200: BankReceivableOutput, **ERRORS})
    def get(self, request, pk: int):
        return Response(BankReceivableOutput(selectors.bank_receivable_get(request.user, pk, today())).data)


class CoverageNoticeOutput(serializers.ModelSerializer):
    insured = OrgOutput(source="organisation")
    bank = OrgOutput()
    buyer_name = serializers.CharField(source="declaration.buyer.display_name")
    indemnity_assignment_number = serializers.CharField(
        source="indemnity_assignment.number", allow_null=True, default=None, read_only=True
    )
    receivable_assignment_number = serializers.CharField(
        source="receivable_assignment.number", allow_null=True, default=None, read_only=True
    )

    class Meta:
        model = CoverageNotice
        fields = [
            "id",
            "number",
            "declaration",
            "insured",
            "bank",
            "source",
            "indemnity_assignment",
            "indemnity_assignment_number",
            "receivable_assignment",
            "receivable_assignment_number",
            "invoice_number",
            "buyer_name",
            "currency",
            "amount",
            "amount_usd",
            "covered_usd",
            "due_date",
            "limit_number",
            "limit_status",
            "limit_amount_usd",
            "limit_available_usd",
            "created_at",
        ]


class CoverageNoticeListApi(generics.ListAPIView):
    """Coverage notices (承保情况通知书) sent to your bank (the insured sees those about its shipments)."""

    serializer_class = CoverageNoticeOutput
    filterset_class = CoverageNoticeFilter
    queryset = CoverageNotice.objects.none()

    def get_queryset(self):
        if _fake(self):
            return CoverageNotice.objects.none()
        return selectors.coverage_notices_visible(self.request.user).order_by("-created_at", "-id")


class CoverageNoticeDetailApi(APIView):
    @extend_schema(responses={200: CoverageNoticeOutput, **ERRORS})
    def get(self, request, pk: int):
        return Response(CoverageNoticeOutput(selectors.coverage_notice_get(request.user, pk)).data)


class CoverageNoticePdfApi(APIView):
    @extend_schema(responses={200: PDF, 404: ErrorSerializer})
    def get(self, request, pk: int):
        return coverage_notice_pdf_response(
            selectors.coverage_notice_get(request.user, pk), actor=request.user
        )
