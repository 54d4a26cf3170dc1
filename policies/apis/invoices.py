"""Premium invoices: the list and recording a payment."""

from django.http import Http404
from rest_framework import generics, serializers

from policies import selectors, services
from policies.filters import PremiumInvoiceFilter
from policies.models import (
    PremiumInvoice,
)
from sinosure_portal.base.api import transition_api


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


def _invoice(request, pk: int) -> PremiumInvoice:
    invoice = selectors.premium_invoices_visible(request.user).filter(pk=pk).first()
    if invoice is None:
        raise Http404
    return invoice


PremiumInvoicePaidApi = transition_api(
    get=_invoice,
    act=lambda actor, invoice: services.premium_invoice_mark_paid(invoice_id=invoice.pk, actor=actor),
    output=PolicyPremiumInvoiceOutput,
    input=None,
    summary="Record a premium payment (insurer)",
    name="PremiumInvoicePaidApi",
)
