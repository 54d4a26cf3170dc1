"""API of policies: /api/v1/policies/... One class per operation, nested Input/Output serializers."""

from decimal import Decimal

from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from policies import rules, selectors, services
from policies.documents import schedule_render
from policies.filters import PolicyApplicationFilter, PolicyFilter, PremiumInvoiceFilter
from policies.models import (
    PaymentTerm,
    Policy,
    PolicyApplication,
    PremiumInvoice,
    PremiumPayer,
    PremiumRate,
    Product,
)
from sinosure_portal.base.api import ErrorSerializer
from sinosure_portal.core.documents import document_latest, document_response

PDF = {(200, "application/pdf"): OpenApiTypes.BINARY, 404: ErrorSerializer}
ERRORS = {400: ErrorSerializer, 403: ErrorSerializer, 404: ErrorSerializer}


def _ip(request):
    return request.META.get("REMOTE_ADDR") or None


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


class PolicyReasonInput(serializers.Serializer):
    reason = serializers.CharField()


class PolicyCancelApi(APIView):
    @extend_schema(
        request=PolicyReasonInput,
        responses={200: PolicyOutput, **ERRORS},
        summary="Cancel a policy (underwriters)",
    )
    def post(self, request, pk: int):
        policy = selectors.policy_get(request.user, pk)
        data = PolicyReasonInput(data=request.data)
        data.is_valid(raise_exception=True)
        return Response(
            PolicyOutput(
                services.policy_cancel(
                    policy_id=policy.pk, actor=request.user, reason=data.validated_data["reason"]
                )
            ).data
        )


class PolicyScheduleApi(APIView):
    @extend_schema(responses=PDF, summary="The policy schedule PDF (Chinese, glyphs embedded)")
    def get(self, request, pk: int):
        policy = selectors.policy_get(request.user, pk)
        doc = document_latest(policy, services.SCHEDULE_KIND) or schedule_render(policy, actor=request.user)
        return document_response(doc, filename=f"policy-schedule-{policy.number}.pdf")


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


# --- applications ---------------------------------------------------------------------------------


class PolicyApplicationOutput(serializers.ModelSerializer):
    policy = serializers.SerializerMethodField()
    status = serializers.CharField(
        read_only=True, help_text="draft, submitted, under_review, issued, rejected or withdrawn"
    )
    premium_payer = serializers.CharField(read_only=True, help_text="insured or platform")

    class Meta:
        model = PolicyApplication
        fields = [
            "id",
            "number",
            "organisation",
            "product",
            "status",
            "renewal_of",
            *services.APPLICATION_FIELDS,
            "uscc",
            "micro_criteria_met",
            "consent_at",
            "consent_ip",
            "signer_name",
            "signer_title",
            "signed_at",
            "signed_ip",
            "submitted_at",
            "decided_at",
            "decision_reason",
            "policy",
            "created_at",
        ]

    @extend_schema(exclude=True)
    def get_policy(self, obj) -> int | None:
        policy = getattr(obj, "policy", None)
        return policy.pk if policy else None


class PolicyApplicationData(serializers.Serializer):
    company_name = serializers.CharField(max_length=200, required=False)
    company_name_en = serializers.CharField(max_length=200, required=False, allow_blank=True)
    address = serializers.CharField(max_length=300, required=False, allow_blank=True)
    contact_name = serializers.CharField(max_length=100, required=False)
    contact_phone = serializers.CharField(max_length=40, required=False)
    contact_email = serializers.EmailField(required=False, allow_blank=True)
    goods_description = serializers.CharField(max_length=300, required=False, allow_blank=True)
    main_markets = serializers.CharField(max_length=300, required=False, allow_blank=True)
    estimated_turnover_usd = serializers.DecimalField(
        max_digits=18, decimal_places=2, min_value=Decimal("0"), required=False
    )
    requested_max_liability_usd = serializers.DecimalField(
        max_digits=18, decimal_places=2, required=False, allow_null=True
    )
    pre_shipment_cover = serializers.BooleanField(required=False)
    micro_sme_classification = serializers.BooleanField(required=False)
    last_year_exports_usd = serializers.DecimalField(
        max_digits=18, decimal_places=2, required=False, allow_null=True
    )
    micro_provincial_designation = serializers.BooleanField(required=False)
    micro_association_designation = serializers.BooleanField(required=False)
    premium_payer = serializers.CharField(max_length=10, required=False, help_text="insured or platform")
    platform_name = serializers.CharField(max_length=200, required=False, allow_blank=True)
    notes = serializers.CharField(required=False, allow_blank=True)


class PolicyApplicationListApi(generics.ListAPIView):
    """Policy applications (insurer staff: all confirmed ones). POST creates a draft."""

    class Input(PolicyApplicationData):
        product = serializers.ChoiceField(choices=Product.choices)

    serializer_class = PolicyApplicationOutput
    filterset_class = PolicyApplicationFilter
    queryset = PolicyApplication.objects.none()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return PolicyApplication.objects.none()
        return selectors.policy_applications_visible(self.request.user)

    @extend_schema(
        request=Input,
        responses={201: PolicyApplicationOutput, **ERRORS},
        summary="Start a policy application (draft)",
    )
    def post(self, request):
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        product = values.pop("product")
        application = services.policy_application_create(actor=request.user, product=product, data=values)
        return Response(PolicyApplicationOutput(application).data, status=201)


class PolicyApplicationDetailApi(APIView):
    class Input(PolicyApplicationData):
        product = serializers.ChoiceField(choices=Product.choices, required=False)

    @extend_schema(responses={200: PolicyApplicationOutput, 404: ErrorSerializer})
    def get(self, request, pk: int):
        return Response(PolicyApplicationOutput(selectors.policy_application_get(request.user, pk)).data)

    @extend_schema(
        request=Input, responses={200: PolicyApplicationOutput, **ERRORS}, summary="Change a draft"
    )
    def patch(self, request, pk: int):
        application = selectors.policy_application_get(request.user, pk)
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        application = services.policy_application_update(
            application_id=application.pk, actor=request.user, data=dict(data.validated_data)
        )
        return Response(PolicyApplicationOutput(application).data)


class PolicyApplicationConsentApi(APIView):
    class Input(serializers.Serializer):
        consent = serializers.BooleanField()

        def validate_consent(self, value):
            if not value:
                raise serializers.ValidationError("consent must be true")
            return value

    @extend_schema(
        request=Input,
        responses={200: PolicyApplicationOutput, **ERRORS},
        summary="Authorise the data use (数据授权)",
    )
    def post(self, request, pk: int):
        application = selectors.policy_application_get(request.user, pk)
        self.Input(data=request.data).is_valid(raise_exception=True)
        application = services.policy_application_consent(
            application_id=application.pk, actor=request.user, ip=_ip(request)
        )
        return Response(PolicyApplicationOutput(application).data)


class PolicyApplicationSignApi(APIView):
    class Input(serializers.Serializer):
        signer_name = serializers.CharField(max_length=100)
        signer_title = serializers.CharField(max_length=100)

    class Output(serializers.Serializer):
        document_sha256 = serializers.CharField()
        signed_at = serializers.DateTimeField()

    @extend_schema(
        request=Input,
        responses={200: Output, **ERRORS},
        summary="Sign the service agreement (rendered to PDF)",
    )
    def post(self, request, pk: int):
        application = selectors.policy_application_get(request.user, pk)
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        doc = services.policy_application_sign(
            application_id=application.pk, actor=request.user, ip=_ip(request), **data.validated_data
        )
        application.refresh_from_db()
        return Response({"document_sha256": doc.sha256, "signed_at": application.signed_at})


def _simple(service_name: str, summary: str):
    class Api(APIView):
        @extend_schema(request=None, responses={200: PolicyApplicationOutput, **ERRORS}, summary=summary)
        def post(self, request, pk: int):
            application = selectors.policy_application_get(request.user, pk)
            result = getattr(services, service_name)(application_id=application.pk, actor=request.user)
            return Response(PolicyApplicationOutput(result).data)

    Api.__name__ = Api.__qualname__ = "".join(p.title() for p in service_name.split("_")) + "Api"
    return Api


PolicyApplicationSubmitApi = _simple("policy_application_submit", "Confirm the application (确认投保)")
PolicyApplicationWithdrawApi = _simple("policy_application_withdraw", "Withdraw the application")
PolicyApplicationReviewApi = _simple(
    "policy_application_start_review", "Take the application for review (underwriters)"
)


class PolicyApplicationRejectApi(APIView):
    @extend_schema(
        request=PolicyReasonInput,
        responses={200: PolicyApplicationOutput, **ERRORS},
        summary="Reject with a reason",
    )
    def post(self, request, pk: int):
        application = selectors.policy_application_get(request.user, pk)
        data = PolicyReasonInput(data=request.data)
        data.is_valid(raise_exception=True)
        result = services.policy_application_reject(
            application_id=application.pk, actor=request.user, reason=data.validated_data["reason"]
        )
        return Response(PolicyApplicationOutput(result).data)


class PolicyApplicationIssueApi(APIView):
    class Input(serializers.Serializer):
        period_start = serializers.DateField()
        period_end = serializers.DateField()
        indemnity_ratio = serializers.DecimalField(max_digits=5, decimal_places=4, min_value=Decimal("0"))
        max_liability_usd = serializers.DecimalField(max_digits=18, decimal_places=2)
        per_buyer_cap_usd = serializers.DecimalField(
            max_digits=18, decimal_places=2, required=False, allow_null=True
        )
        premium_payer = serializers.CharField(
            max_length=10, default=PremiumPayer.INSURED, help_text="insured or platform"
        )
        platform_name = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
        platform_share = serializers.DecimalField(
            max_digits=5, decimal_places=4, required=False, default=Decimal("0")
        )
        premium_flat_rate = serializers.DecimalField(
            max_digits=7, decimal_places=6, required=False, allow_null=True
        )
        annual_premium_usd = serializers.DecimalField(
            max_digits=18, decimal_places=2, required=False, allow_null=True
        )
        base_rate = serializers.DecimalField(max_digits=7, decimal_places=6, required=False, allow_null=True)
        rates = PolicyRatesApi.RowInput(many=True, required=False)
        settings = PolicySettingsApi.Input(required=False)

    @extend_schema(
        request=Input, responses={201: PolicyOutput, **ERRORS}, summary="Issue the policy (underwriters)"
    )
    def post(self, request, pk: int):
        application = selectors.policy_application_get(request.user, pk)
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        v = dict(data.validated_data)
        rows = [
            rules.RateRow(
                r["country_class_from"],
                r["country_class_to"],
                r.get("payment_term") or "",
                r["credit_days_from"],
                r["credit_days_to"],
                r["rate"],
            )
            for r in v.pop("rates", [])
        ]
        terms = services.PolicyTerms(rates=rows, settings=dict(v.pop("settings", {}) or {}), **v)
        policy = services.policy_issue(application_id=application.pk, actor=request.user, terms=terms)
        return Response(PolicyOutput(policy).data, status=201)


class PolicyApplicationAgreementApi(APIView):
    @extend_schema(responses=PDF, summary="The signed service agreement PDF")
    def get(self, request, pk: int):
        application = selectors.policy_application_get(request.user, pk)
        doc = document_latest(application, services.AGREEMENT_KIND)
        if doc is None:
            raise Http404
        return document_response(doc, filename=f"service-agreement-{application.number}.pdf")


class MicroEligibilityApi(APIView):
    """Check the micro-enterprise eligibility (any one of the four criteria) without applying."""

    class Input(serializers.Serializer):
        sme_classification = serializers.BooleanField(default=False)
        last_year_exports_usd = serializers.DecimalField(
            max_digits=18, decimal_places=2, required=False, allow_null=True
        )
        provincial_designation = serializers.BooleanField(default=False)
        association_designation = serializers.BooleanField(default=False)

    class Output(serializers.Serializer):
        eligible = serializers.BooleanField()
        criteria = serializers.ListField(child=serializers.CharField())

    @extend_schema(request=Input, responses={200: Output, 400: ErrorSerializer})
    def post(self, request):
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        result = rules.micro_eligibility(
            sme_classification=v["sme_classification"],
            last_year_exports_usd=v.get("last_year_exports_usd"),
            provincial_designation=v["provincial_designation"],
            association_designation=v["association_designation"],
        )
        return Response({"eligible": result.eligible, "criteria": list(result.criteria)})
