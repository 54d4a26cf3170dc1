"""The automatic-decision rules (administrators)."""

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from limits import selectors, services
from limits.apis.common import ERRORS
from limits.filters import LimitAutoRuleFilter
from limits.models import (
    LimitAutoRule,
)
from sinosure_portal.accounts.access import is_insurer
from sinosure_portal.base.api import ErrorSerializer


class LimitAutoRuleSerializer(serializers.ModelSerializer):
    allowed_lights = serializers.ListField(
        child=serializers.CharField(max_length=6), help_text="green and/or yellow"
    )
    allowed_payment_terms = serializers.ListField(
        child=serializers.CharField(max_length=2), help_text="LC, DP, DA, OA"
    )
    products = serializers.ListField(
        child=serializers.CharField(max_length=16), required=False, help_text="empty: every product"
    )

    class Meta:
        model = LimitAutoRule
        fields = [
            "id",
            "name",
            "enabled",
            "max_amount_usd",
            "max_country_class",
            "allowed_lights",
            "allowed_payment_terms",
            "max_credit_period_days",
            "allow_related_party",
            "products",
            "updated_at",
        ]
        read_only_fields = ["id", "updated_at"]


class LimitAutoRuleListApi(generics.ListAPIView):
    """The automatic-decision rules (insurer staff read; administrators change)."""

    serializer_class = LimitAutoRuleSerializer
    filterset_class = LimitAutoRuleFilter
    queryset = LimitAutoRule.objects.none()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return LimitAutoRule.objects.none()
        if not is_insurer(self.request.user):
            raise Http404
        return selectors.auto_rules()

    @extend_schema(request=LimitAutoRuleSerializer, responses={201: LimitAutoRuleSerializer, **ERRORS})
    def post(self, request):
        if not is_insurer(request.user):
            raise Http404
        data = LimitAutoRuleSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return Response(
            LimitAutoRuleSerializer(
                services.auto_rule_save(actor=request.user, data=data.validated_data)
            ).data,
            status=201,
        )


class LimitAutoRuleDetailApi(APIView):
    @extend_schema(responses={200: LimitAutoRuleSerializer, 404: ErrorSerializer})
    def get(self, request, pk: int):
        if not is_insurer(request.user):
            raise Http404
        rule = LimitAutoRule.objects.filter(pk=pk).first()
        if rule is None:
            raise Http404
        return Response(LimitAutoRuleSerializer(rule).data)

    @extend_schema(
        request=LimitAutoRuleSerializer(partial=True), responses={200: LimitAutoRuleSerializer, **ERRORS}
    )
    def patch(self, request, pk: int):
        if not is_insurer(request.user) or not LimitAutoRule.objects.filter(pk=pk).exists():
            raise Http404
        data = LimitAutoRuleSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        return Response(
            LimitAutoRuleSerializer(
                services.auto_rule_save(actor=request.user, data=data.validated_data, rule_id=pk)
            ).data
        )
