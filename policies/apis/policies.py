"""Policies: the list, one policy, its rate table and settings, renewal, cancellation, schedule."""

from decimal import Decimal

from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from policies import rules, selectors, services
from policies.apis.common import ERRORS, PDF, PolicyReasonInput
from policies.apis.invoices import PolicyPremiumInvoiceOutput
from policies.documents import schedule_render
from policies.filters import PolicyFilter
from policies.models import (
    PaymentTerm,
    Policy,
    PremiumRate,
)
from sinosure_portal.base.api import ErrorSerializer, transition_api
from sinosure_portal.core.documents import document_latest, document_response


class PolicyRateOutput(serializers.ModelSerializer):
    payment_term = serializers.CharField(read_only=True, help_text="LC, DP, DA, OA, or empty for any")

    class Meta:
        model = PremiumRate
        fields = [
            "country_class_from",
            "country_class_to",
            "payment_term",
            "credit_days_from",
            "credit_days_to",
            "rate",
        ]


SETTINGS = list(services.SETTING_FIELDS)


class PolicyOutput(serializers.ModelSerializer):
    insured = serializers.CharField(source="organisation.name_zh", read_only=True)
    renewed_from_number = serializers.CharField(source="renewed_from.number", default=None, read_only=True)
    status = serializers.CharField(read_only=True, help_text="active, expired, renewed or cancelled")
    premium_payer = serializers.CharField(read_only=True, help_text="insured or platform")

    class Meta:
        model = Policy
        fields = [
            "id",
            "number",
            "product",
            "status",
            "organisation",
            "insured",
            "application",
            "period_start",
            "period_end",
            "indemnity_ratio",
            "max_liability_usd",
            "per_buyer_cap_usd",
            "pre_shipment_cover",
            "premium_flat_rate",
            "estimated_turnover_usd",
            "annual_premium_usd",
            "premium_payer",
            "platform_name",
            "platform_share",
            *SETTINGS,
            "renewed_from",
            "renewed_from_number",
            "issued_at",
        ]


class PolicyListApi(generics.ListAPIView):
    """Policies of the caller's organisation (insurer staff: all), filterable and searchable (q)."""

    serializer_class = PolicyOutput
    filterset_class = PolicyFilter
    queryset = Policy.objects.none()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Policy.objects.none()
        return selectors.policies_visible(self.request.user)


class PolicyDetailApi(APIView):
    class Output(PolicyOutput):
        rates = PolicyRateOutput(many=True, read_only=True)
        invoices = PolicyPremiumInvoiceOutput(many=True, read_only=True)

        class Meta(PolicyOutput.Meta):
            fields = [*PolicyOutput.Meta.fields, "rates", "invoices"]

    @extend_schema(
        responses={200: Output, 404: ErrorSerializer}, summary="One policy with its rate table and invoices"
    )
    def get(self, request, pk: int):
        return Response(self.Output(selectors.policy_get(request.user, pk)).data)


class PolicyRatesApi(APIView):
    class RowInput(serializers.Serializer):
        country_class_from = serializers.IntegerField(min_value=1, max_value=9)
        country_class_to = serializers.IntegerField(min_value=1, max_value=9)
        payment_term = serializers.ChoiceField(
            choices=[("", "any"), *PaymentTerm.choices], allow_blank=True, default=""
        )
        credit_days_from = serializers.IntegerField(min_value=0, max_value=720)
        credit_days_to = serializers.IntegerField(min_value=0, max_value=720)
        rate = serializers.DecimalField(
            max_digits=7, decimal_places=6, min_value=Decimal("0"), max_value=Decimal("1")
        )

    class Input(serializers.Serializer):
        rates = serializers.ListField(child=serializers.DictField(), allow_empty=False)

    @extend_schema(
        responses={200: PolicyRateOutput(many=True), 404: ErrorSerializer}, summary="The premium rate table"
    )
    def get(self, request, pk: int):
        policy = selectors.policy_get(request.user, pk)
        return Response(PolicyRateOutput(policy.rates.all(), many=True).data)

    @extend_schema(
        request=RowInput(many=True),
        responses={200: PolicyRateOutput(many=True), **ERRORS},
        summary="Replace the premium rate table (underwriters)",
    )
    def put(self, request, pk: int):
        policy = selectors.policy_get(request.user, pk)
        rows = self.RowInput(data=request.data, many=True)
        rows.is_valid(raise_exception=True)
        created = services.policy_rates_replace(
            policy_id=policy.pk,
            actor=request.user,
            rows=[
                rules.RateRow(
                    r["country_class_from"],
                    r["country_class_to"],
                    r.get("payment_term") or "",
                    r["credit_days_from"],
                    r["credit_days_to"],
                    r["rate"],
                )
                for r in rows.validated_data
            ],
        )
        return Response(PolicyRateOutput(created, many=True).data)


class PolicySettingsApi(APIView):
    class Input(serializers.Serializer):
        declaration_deadline_days = serializers.IntegerField(
            min_value=0, max_value=rules.SETTING_MAX["declaration_deadline_days"], required=False
        )
        loss_notice_default_days = serializers.IntegerField(
            min_value=0, max_value=rules.SETTING_MAX["loss_notice_default_days"], required=False
        )
        loss_notice_other_business_days = serializers.IntegerField(
            min_value=0, max_value=rules.SETTING_MAX["loss_notice_other_business_days"], required=False
        )
        claim_deadline_months = serializers.IntegerField(
            min_value=0, max_value=rules.SETTING_MAX["claim_deadline_months"], required=False
        )
        idle_limit_months = serializers.IntegerField(
            min_value=0, max_value=rules.SETTING_MAX["idle_limit_months"], required=False
        )
        idle_limit_revoke_after_days = serializers.IntegerField(
            min_value=0, max_value=rules.SETTING_MAX["idle_limit_revoke_after_days"], required=False
        )
        renewal_reminder_days = serializers.IntegerField(
            min_value=0, max_value=rules.SETTING_MAX["renewal_reminder_days"], required=False
        )
        receivable_due_reminder_days = serializers.IntegerField(
            min_value=0, max_value=rules.SETTING_MAX["receivable_due_reminder_days"], required=False
        )
        financing_ratio = serializers.DecimalField(
            max_digits=5, decimal_places=4, min_value=Decimal("0"), required=False
        )
        max_credit_period_days = serializers.IntegerField(min_value=1, max_value=720, required=False)

    @extend_schema(
        request=Input,
        responses={200: PolicyOutput, **ERRORS},
        summary="Change deadline settings (underwriters)",
    )
    def patch(self, request, pk: int):
        policy = selectors.policy_get(request.user, pk)
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        policy = services.policy_settings_update(
            policy_id=policy.pk, actor=request.user, settings=dict(data.validated_data)
        )
        return Response(PolicyOutput(policy).data)


class PolicyRenewApi(APIView):
    @extend_schema(
        request=None,
        responses={201: PolicyOutput, **ERRORS},
        summary="Renew into a new linked policy (underwriters)",
    )
    def post(self, request, pk: int):
        policy = selectors.policy_get(request.user, pk)
        return Response(
            PolicyOutput(services.policy_renew(policy_id=policy.pk, actor=request.user)).data, status=201
        )


PolicyCancelApi = transition_api(
    get=lambda request, pk: selectors.policy_get(request.user, pk),
    act=lambda actor, policy, reason: services.policy_cancel(policy_id=policy.pk, actor=actor, reason=reason),
    output=PolicyOutput,
    input=PolicyReasonInput,
    summary="Cancel a policy (underwriters)",
    name="PolicyCancelApi",
)


class PolicyScheduleApi(APIView):
    @extend_schema(responses=PDF, summary="The policy schedule PDF (Chinese, glyphs embedded)")
    def get(self, request, pk: int):
        policy = selectors.policy_get(request.user, pk)
        doc = document_latest(policy, services.SCHEDULE_KIND) or schedule_render(policy, actor=request.user)
        return document_response(doc, filename=f"policy-schedule-{policy.number}.pdf")
