"""Amendments."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from declarations import selectors, services
from declarations.apis._common import ERRORS, _fake  # noqa: F401
from declarations.models import (
    DeclarationAmendment,
)
from sinosure_portal.money.fields import CurrencyAmountSerializerField

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
