"""Invoices."""

from __future__ import annotations

from django.http import Http404
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from declarations import selectors
from declarations.apis._common import ERRORS, _fake  # noqa: F401
from declarations.filters import (
    PremiumInvoiceFilter,
)
from declarations.models import (
    ShipmentDeclaration,
)
from policies.models import PremiumInvoice
from sinosure_portal.accounts.access import get_visible_or_404, is_insurer

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
