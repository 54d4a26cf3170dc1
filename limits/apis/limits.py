"""Credit limits: the list, one limit, its terms on a date, reductions and cancellations."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from limits import history, selectors, services
from limits.apis.common import ERRORS, USD, LimitBuyerBrief
from limits.filters import LimitFilter
from limits.models import (
    CreditLimit,
    CreditLimitChange,
)
from sinosure_portal.base.api import ErrorSerializer, transition_api


class LimitChangeOutput(serializers.ModelSerializer):
    kind = serializers.CharField(
        read_only=True, help_text="approved, increased, reduced, cancelled or revoked"
    )

    class Meta:
        model = CreditLimitChange
        fields = [
            "kind",
            "notice_date",
            "applies_from",
            "amount_before_usd",
            "amount_after_usd",
            "payment_terms_after",
            "max_credit_period_after",
            "reason",
            "created_at",
        ]


class LimitOutput(serializers.ModelSerializer):
    buyer = LimitBuyerBrief(read_only=True)
    policy_number = serializers.CharField(source="policy.number", read_only=True)
    available_usd = serializers.DecimalField(**USD, read_only=True)
    status = serializers.CharField(read_only=True, help_text="active, reduced, cancelled or revoked")

    class Meta:
        model = CreditLimit
        fields = [
            "id",
            "number",
            "policy",
            "policy_number",
            "organisation",
            "buyer",
            "issuing_bank",
            "status",
            "amount_usd",
            "exposure_usd",
            "available_usd",
            "payment_terms",
            "max_credit_period_days",
            "effective_date",
            "conditions",
            "last_used_at",
            "idle_notice_date",
            "application",
            "approved_at",
        ]


class LimitListApi(generics.ListAPIView):
    """Credit limits of the caller's organisation (insurer staff: all), with available = amount - exposure."""

    serializer_class = LimitOutput
    filterset_class = LimitFilter
    queryset = CreditLimit.objects.none()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return CreditLimit.objects.none()
        return selectors.limits_visible(self.request.user)


class LimitDetailApi(APIView):
    class Output(LimitOutput):
        changes = LimitChangeOutput(many=True, read_only=True)

        class Meta(LimitOutput.Meta):
            fields = [*LimitOutput.Meta.fields, "changes"]

    @extend_schema(responses={200: Output, 404: ErrorSerializer}, summary="One limit with its change history")
    def get(self, request, pk: int):
        return Response(self.Output(selectors.limit_get(request.user, pk)).data)


class LimitTermsApi(APIView):
    class Input(serializers.Serializer):
        on = serializers.DateField()

    class Output(serializers.Serializer):
        on = serializers.DateField()
        covered = serializers.BooleanField()
        amount_usd = serializers.DecimalField(**USD, allow_null=True)
        payment_terms = serializers.ListField(child=serializers.CharField())
        max_credit_period_days = serializers.IntegerField(allow_null=True)
        applies_from = serializers.DateField(allow_null=True)

    @extend_schema(
        parameters=[OpenApiParameter("on", OpenApiTypes.DATE, required=True)],
        responses={200: Output, **ERRORS},
        summary="The terms that apply to a shipment made on a date",
    )
    def get(self, request, pk: int):
        limit = selectors.limit_get(request.user, pk)
        data = self.Input(data=request.query_params)
        data.is_valid(raise_exception=True)
        on = data.validated_data["on"]
        terms = selectors.limit_terms_on(limit, on)
        payload = {
            "on": on,
            "covered": bool(terms and terms.covers_anything),
            "amount_usd": terms.amount_usd if terms else None,
            "payment_terms": list(terms.payment_terms) if terms else [],
            "max_credit_period_days": terms.max_credit_period_days if terms else None,
            "applies_from": terms.applies_from if terms else None,
        }
        return Response(self.Output(payload).data)


class LimitReduceApiInput(serializers.Serializer):
    amount_usd = serializers.DecimalField(**USD)
    notice_date = serializers.DateField()
    reason = serializers.CharField()
    max_credit_period_days = serializers.IntegerField(min_value=1, max_value=720, required=False)
    payment_terms = serializers.ListField(
        child=serializers.CharField(max_length=2), required=False, help_text="LC, DP, DA, OA"
    )


class LimitCancelApiInput(serializers.Serializer):
    notice_date = serializers.DateField()
    reason = serializers.CharField()


def _limit(request, pk: int):
    return selectors.limit_get(request.user, pk)


LimitReduceApi = transition_api(
    get=_limit,
    act=lambda actor, limit, **change: services.limit_reduce(limit_id=limit.pk, actor=actor, **change),
    output=LimitOutput,
    input=LimitReduceApiInput,
    summary="Reduce, for shipments after the notice date",
    name="LimitReduceApi",
)
LimitCancelApi = transition_api(
    get=_limit,
    act=lambda actor, limit, **change: services.limit_cancel(limit_id=limit.pk, actor=actor, **change),
    output=LimitOutput,
    input=LimitCancelApiInput,
    summary="Cancel, for shipments after the notice date",
    name="LimitCancelApi",
)


class LimitHistoryApi(APIView):
    """A limit's changes over time, oldest first: applied, approved (or approved with changes),
    increased, reduced, cancelled, revoked, and each new high of its exposure."""

    class Output(serializers.Serializer):
        at = serializers.DateTimeField()
        kind = serializers.CharField(help_text=", ".join(history.KINDS))
        label = serializers.CharField()
        amount_before_usd = serializers.DecimalField(**USD, allow_null=True)
        amount_after_usd = serializers.DecimalField(
            **USD, allow_null=True, help_text="the limit's amount after the change (a peak: the amount then)"
        )
        exposure_usd = serializers.DecimalField(**USD, allow_null=True, help_text="a peak's exposure")
        notice_date = serializers.DateField(allow_null=True)
        applies_from = serializers.DateField(allow_null=True)
        application = serializers.CharField(help_text="the application's number, if an application did it")
        actor = serializers.CharField()
        reason = serializers.CharField()

    @extend_schema(responses={200: Output(many=True), 404: ErrorSerializer}, summary="A limit's history")
    def get(self, request, pk: int):
        limit = selectors.limit_get(request.user, pk)
        return Response(self.Output(history.limit_history(limit), many=True).data)
