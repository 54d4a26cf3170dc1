"""The online application: draft, consent, signature, confirmation, review, rejection, issue."""

from decimal import Decimal

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from policies import rules, selectors, services
from policies.acts import policy_application_confirm
from policies.apis.common import ERRORS, PDF, PolicyReasonInput, _ip
from policies.apis.policies import PolicyOutput, PolicyRatesApi, PolicySettingsApi
from policies.filters import PolicyApplicationFilter
from policies.models import (
    PolicyApplication,
    PremiumPayer,
    Product,
)
from sinosure_portal.accounts.team_apis import ACT_PENDING_RESPONSE, act_answer
from sinosure_portal.base.api import ErrorSerializer, transition_api
from sinosure_portal.core.documents import document_latest, document_response


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


def _application(request, pk: int):
    return selectors.policy_application_get(request.user, pk)


class PolicyApplicationSubmitApi(APIView):
    @extend_schema(
        request=None,
        responses={200: PolicyApplicationOutput, **ACT_PENDING_RESPONSE, **ERRORS, 409: ErrorSerializer},
        summary="Confirm the application (确认投保)",
        description="Without the reviewer duty (a clerk), or with four-eyes on, the confirmation waits "
        "for another reviewer: 202 with the pending act (approve it with POST /api/v1/acts/{id}/approve/).",
    )
    def post(self, request, pk: int):
        application = _application(request, pk)
        outcome = policy_application_confirm(application=application, actor=request.user)
        return act_answer(outcome, lambda: Response(PolicyApplicationOutput(_application(request, pk)).data))


PolicyApplicationWithdrawApi = transition_api(
    get=_application,
    act=lambda actor, a: services.policy_application_withdraw(application_id=a.pk, actor=actor),
    output=PolicyApplicationOutput,
    input=None,
    summary="Withdraw the application",
    name="PolicyApplicationWithdrawApi",
)
PolicyApplicationReviewApi = transition_api(
    get=_application,
    act=lambda actor, a: services.policy_application_start_review(application_id=a.pk, actor=actor),
    output=PolicyApplicationOutput,
    input=None,
    summary="Take the application for review (underwriters)",
    name="PolicyApplicationReviewApi",
)
PolicyApplicationRejectApi = transition_api(
    get=_application,
    act=lambda actor, a, reason: services.policy_application_reject(
        application_id=a.pk, actor=actor, reason=reason
    ),
    output=PolicyApplicationOutput,
    input=PolicyReasonInput,
    summary="Reject with a reason",
    name="PolicyApplicationRejectApi",
)


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
