"""Premium invoices: the list and recording a payment."""

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from policies import selectors, services
from policies.apis.common import ERRORS
from policies.filters import PremiumInvoiceFilter
from policies.models import (
    PremiumInvoice,
)


class PolicyPremiumInvoiceOutput(serializers.ModelSerializer):
    policy_number = serializers.CharField(source="policy.number", read_only=True)
    payer = serializers.CharField(read_only=True, help_text="insured or platform")
    status = serializers.CharField(read_only=True, help_text="issued, paid or cancelled")

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
            "payer_name",
            "amount_usd",
            "due_date",
            "status",
            "issued_at",
            "paid_at",
        ]


class PremiumInvoiceListApi(generics.ListAPIView):
    serializer_class = PolicyPremiumInvoiceOutput
    filterset_class = PremiumInvoiceFilter
    queryset = PremiumInvoice.objects.none()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return PremiumInvoice.objects.none()
        return selectors.premium_invoices_visible(self.request.user)


class PremiumInvoicePaidApi(APIView):
    @extend_schema(
        request=None,
        responses={200: PolicyPremiumInvoiceOutput, **ERRORS},
        summary="Record a premium payment (insurer)",
    )
    def post(self, request, pk: int):
        invoice = selectors.premium_invoices_visible(request.user).filter(pk=pk).first()
        if invoice is None:
            raise Http404
        return Response(
            PolicyPremiumInvoiceOutput(
                services.premium_invoice_mark_paid(invoice_id=invoice.pk, actor=request.user)
            ).data
        )
