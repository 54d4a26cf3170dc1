"""Premium invoices: the list of every premium bill (annual and monthly), its PDF and recording a
payment."""

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers
from rest_framework.views import APIView

from policies import selectors, services
from policies.apis.common import PDF
from policies.documents import premium_invoice_pdf_response
from policies.filters import PremiumInvoiceFilter
from policies.models import (
    PremiumInvoice,
)
from sinosure_portal.base.api import transition_api


class PolicyPremiumInvoiceOutput(serializers.ModelSerializer):
    policy_number = serializers.CharField(source="policy.number", read_only=True)
    payer = serializers.CharField(read_only=True, help_text="insured or platform")
    status = serializers.CharField(read_only=True, help_text="issued, paid or cancelled")
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
            "payer_name",
            "amount_usd",
            "due_date",
            "status",
            "issued_at",
            "paid_at",
            "pdf_url",
        ]

    def get_pdf_url(self, obj) -> str:
        return f"/api/v1/policies/invoices/{obj.pk}/pdf/"


class PremiumInvoiceListApi(generics.ListAPIView):
    serializer_class = PolicyPremiumInvoiceOutput
    filterset_class = PremiumInvoiceFilter
    queryset = PremiumInvoice.objects.none()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return PremiumInvoice.objects.none()
        return selectors.premium_invoices_visible(self.request.user)


def _invoice(request, pk: int) -> PremiumInvoice:
    invoice = selectors.premium_invoices_visible(request.user).filter(pk=pk).first()
    if invoice is None:
        raise Http404
    return invoice


class PremiumInvoicePdfApi(APIView):
    """The invoice PDF (保费发票), addressed to its payer: the insured, or the unified platform for
    the share it pays; a monthly one lists the shipments it bills."""

    @extend_schema(responses=PDF, summary="The premium invoice PDF")
    def get(self, request, pk: int):
        return premium_invoice_pdf_response(_invoice(request, pk), actor=request.user)


PremiumInvoicePaidApi = transition_api(
    get=_invoice,
    act=lambda actor, invoice: services.premium_invoice_mark_paid(invoice_id=invoice.pk, actor=actor),
    output=PolicyPremiumInvoiceOutput,
    input=None,
    summary="Record a premium payment (insurer)",
    name="PremiumInvoicePaidApi",
)
