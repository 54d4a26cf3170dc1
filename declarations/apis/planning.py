"""Remaining cover at order entry: a cover quote for an order not shipped yet, the exporter's
planned orders, and a limit's outlook after them. Nothing here reserves cover."""

from __future__ import annotations

from decimal import Decimal

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from declarations import selectors
from declarations.apis._common import ERRORS, _fake
from declarations.models import PlannedOrder
from declarations.services import planning
from limits.selectors import limit_get
from policies.models import PaymentTerm
from sinosure_portal.money.fields import CurrencyAmountSerializerField, CurrencyCodeSerializerField

USD = {"max_digits": 18, "decimal_places": 2}


class QuoteInputSerializer(serializers.Serializer):
    policy = serializers.IntegerField()
    buyer = serializers.IntegerField()
    shipment_date = serializers.DateField(help_text="the planned shipment date (may be ahead)")
    currency = CurrencyCodeSerializerField()
    amount = CurrencyAmountSerializerField(min_value=Decimal("0.001"))
    payment_term = serializers.ChoiceField(choices=PaymentTerm.choices)
    credit_days = serializers.IntegerField(min_value=0, max_value=720)

    def quote_input(self) -> planning.QuoteInput:
        v = self.validated_data
        return planning.QuoteInput(
            policy_id=v["policy"],
            buyer_id=v["buyer"],
            shipment_date=v["shipment_date"],
            currency=v["currency"],
            amount=v["amount"],
            payment_term=v["payment_term"],
            credit_days=v["credit_days"],
        )


class CoverQuoteApi(APIView):
    """If this order shipped as described: how much the buyer's limit would cover, the premium, and
    why not all of it. Answered by the declaration engine's own rules with the limit as it stands,
    reserving nothing; an order ahead is valued at the latest known exchange rate."""

    class Input(QuoteInputSerializer):
        after_planned = serializers.BooleanField(
            required=False, default=False, help_text="count your planned orders to this buyer first"
        )

    class Output(serializers.Serializer):
        outcome = serializers.CharField(help_text="covered, partly_covered or refused")
        amount_usd = serializers.DecimalField(**USD)
        covered_usd = serializers.DecimalField(**USD)
        uncovered_usd = serializers.DecimalField(**USD)
        premium_rate = serializers.DecimalField(max_digits=7, decimal_places=6)
        premium_usd = serializers.DecimalField(**USD)
        rate_used = serializers.DecimalField(max_digits=20, decimal_places=10, allow_null=True)
        rate_date = serializers.DateField(allow_null=True, help_text="the day of the exchange rate used")
        due_date = serializers.DateField(allow_null=True)
        reason_code = serializers.CharField()
        reasons = serializers.ListField(child=serializers.CharField(), help_text="in words")
        limit = serializers.IntegerField(source="limit_id", allow_null=True)
        limit_number = serializers.CharField(allow_null=True)
        available_usd = serializers.DecimalField(
            **USD, allow_null=True, help_text="what the limit has left for this order"
        )
        planned_usd = serializers.DecimalField(**USD, help_text="taken first by your planned orders")

    @extend_schema(
        request=Input, responses={200: Output, **ERRORS}, summary="Cover quote for a planned order"
    )
    def post(self, request):
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        quote = planning.cover_quote(
            actor=request.user, data=data.quote_input(), after_planned=data.validated_data["after_planned"]
        )
        return Response(self.Output(quote).data)


class PlannedOrderOutput(serializers.ModelSerializer):
    policy_number = serializers.CharField(source="policy.number")
    buyer_name = serializers.CharField(source="buyer.display_name")
    limit_number = serializers.CharField(source="limit.number")
    status = serializers.CharField(help_text="planned or dropped")
    amount = CurrencyAmountSerializerField()

    class Meta:
        model = PlannedOrder
        fields = [
            "id",
            "policy",
            "policy_number",
            "buyer",
            "buyer_name",
            "limit",
            "limit_number",
            "client_reference",
            "shipment_date",
            "currency",
            "amount",
            "payment_term",
            "credit_days",
            "note",
            "status",
            "created_at",
        ]


class PlannedOrderListCreateApi(generics.ListAPIView):
    """Your planned orders (GET, ?status=planned|dropped, ?limit=id); list one against the buyer's
    limit with POST (reserves nothing). The same client_reference sent again answers with the first
    order (200) and changes nothing."""

    serializer_class = PlannedOrderOutput
    queryset = PlannedOrder.objects.none()

    class Input(QuoteInputSerializer):
        client_reference = serializers.CharField(max_length=64, required=False, allow_blank=True, default="")
        note = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")

    @extend_schema(
        parameters=[
            OpenApiParameter("status", str, enum=["planned", "dropped"], required=False),
            OpenApiParameter("limit", int, required=False, description="a limit's id"),
        ]
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        if _fake(self):
            return PlannedOrder.objects.none()
        qs = selectors.planned_orders_visible(self.request.user).order_by("shipment_date", "id")
        wanted = self.request.query_params.get("status")
        if wanted in PlannedOrder.Status.values:
            qs = qs.filter(status=wanted)
        limit = self.request.query_params.get("limit")
        if limit and limit.isdigit():
            qs = qs.filter(limit_id=int(limit))
        return qs

    @extend_schema(request=Input, responses={201: PlannedOrderOutput, 200: PlannedOrderOutput, **ERRORS})
    def post(self, request):
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        base = data.quote_input()
        order, created = planning.planned_order_add(
            actor=request.user,
            data=planning.PlannedInput(
                **vars(base),
                client_reference=data.validated_data["client_reference"],
                note=data.validated_data["note"],
            ),
        )
        order = selectors.planned_order_get(request.user, order.pk)
        return Response(
            PlannedOrderOutput(order).data, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK
        )


class PlannedOrderDetailApi(APIView):
    """One planned order (GET); DELETE drops it (shipped and declared, or not shipping): it is kept,
    as dropped, and no longer counted against the limit."""

    @extend_schema(responses={200: PlannedOrderOutput, 404: ERRORS[404]})
    def get(self, request, pk: int):
        return Response(PlannedOrderOutput(selectors.planned_order_get(request.user, pk)).data)

    @extend_schema(responses={200: PlannedOrderOutput, **ERRORS})
    def delete(self, request, pk: int):
        order = selectors.planned_order_get(request.user, pk)
        planning.planned_order_drop(actor=request.user, order_id=order.pk)
        return Response(PlannedOrderOutput(selectors.planned_order_get(request.user, pk)).data)


class PlannedLineOutput(serializers.Serializer):
    order = PlannedOrderOutput()
    covered_usd = serializers.DecimalField(**USD)
    outcome = serializers.CharField(help_text="covered, partly_covered or refused")
    reason = serializers.CharField()


class LimitPlannedApi(APIView):
    """A limit with your planned orders on it, covered in shipping order as if they shipped now:
    what each would get, and the limit left after them. Nothing is reserved."""

    class Output(serializers.Serializer):
        limit = serializers.IntegerField(source="limit.pk")
        limit_number = serializers.CharField(source="limit.number")
        amount_usd = serializers.DecimalField(**USD, source="limit.amount_usd")
        exposure_usd = serializers.DecimalField(**USD, source="limit.exposure_usd")
        available_usd = serializers.DecimalField(**USD)
        planned_usd = serializers.DecimalField(**USD)
        left_after_usd = serializers.DecimalField(**USD)
        lines = PlannedLineOutput(many=True)

    @extend_schema(responses={200: Output, 404: ERRORS[404]}, summary="The limit left after planned orders")
    def get(self, request, pk: int):
        limit = limit_get(request.user, pk)
        return Response(self.Output(planning.limit_outlook(actor=request.user, limit=limit)).data)
