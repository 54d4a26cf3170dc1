"""Declarations."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from declarations import selectors, services
from declarations.apis._common import ERRORS, _fake  # noqa: F401
from declarations.filters import (
    DeclarationApiFilter,
)
from declarations.models import (
    ShipmentDeclaration,
)
from declarations.reasons import NotCovered
from policies.models import PaymentTerm
from sinosure_portal.money.fields import CurrencyAmountSerializerField, CurrencyCodeSerializerField

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
