"""Limit applications: applying (with a buyer registered inline), the queue, the decision, the approval PDF."""

from decimal import Decimal

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from creditinfo.models import Buyer
from creditinfo.services import buyer_register
from limits import selectors, services
from limits.apis.common import ERRORS, PDF, USD, LimitBuyerBrief
from limits.errors import error
from limits.filters import LimitApplicationFilter, QueueFilter
from limits.models import (
    FIRST_TRADE_YEAR_MAX,
    FIRST_TRADE_YEAR_MIN,
    CreditLimitApplication,
)
from limits.second_approval import limit_decision_approve
from policies.models import PaymentTerm
from sinosure_portal.accounts.access import is_insurer
from sinosure_portal.accounts.team_apis import ACT_PENDING_RESPONSE, act_answer
from sinosure_portal.base.api import ERROR_RESPONSES, ErrorSerializer, transition_api
from sinosure_portal.core.documents import document_latest, document_response


class LimitApplicationOutput(serializers.ModelSerializer):
    buyer = LimitBuyerBrief(read_only=True)
    issuing_bank = LimitBuyerBrief(read_only=True, allow_null=True)
    policy_number = serializers.CharField(source="policy.number", read_only=True)
    limit = serializers.SerializerMethodField()
    status = serializers.CharField(
        read_only=True, help_text="submitted, under_review, approved, partly_approved, rejected or withdrawn"
    )

    class Meta:
        model = CreditLimitApplication
        fields = [
            "id",
            "number",
            "policy",
            "policy_number",
            "organisation",
            "buyer",
            "status",
            "payment_term",
            "credit_period_days",
            "amount_requested_usd",
            "open_orders_usd",
            "goods_category",
            "first_trade_year",
            "financing_need",
            "related_party",
            "issuing_bank",
            "latest_shipment_date",
            "notes",
            "auto_decided",
            "approved_amount_usd",
            "approved_credit_period_days",
            "approved_payment_terms",
            "conditions",
            "decision_reason",
            "decided_at",
            "limit",
            "created_at",
        ]

    @extend_schema(exclude=True)
    def get_limit(self, obj) -> int | None:
        if obj.status not in ("approved", "partly_approved"):
            return None
        limits = list(obj.limits.all())  # prefetched on lists
        return limits[0].pk if limits else None


class LimitQueueOutput(LimitApplicationOutput):
    country_class = serializers.IntegerField(source="buyer.country.risk_class", read_only=True)
    own_limits_usd = serializers.DecimalField(**USD, read_only=True)
    own_exposure_usd = serializers.DecimalField(**USD, read_only=True)
    total_limits_usd = serializers.DecimalField(**USD, read_only=True)
    total_exposure_usd = serializers.DecimalField(**USD, read_only=True)

    class Meta(LimitApplicationOutput.Meta):
        fields = [f for f in LimitApplicationOutput.Meta.fields if f != "limit"] + [
            "country_class",
            "own_limits_usd",
            "own_exposure_usd",
            "total_limits_usd",
            "total_exposure_usd",
        ]


class LimitApplicationListApi(generics.ListAPIView):
    """Limit applications (insurer staff: all). POST applies: give ``buyer`` (an id) or ``new_buyer``
    (registered through credit information; an existing buyer is reused, never duplicated)."""

    class NewBuyerInput(serializers.Serializer):
        name = serializers.CharField(max_length=255)
        name_en = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")
        country = serializers.CharField(max_length=2)
        registration_number = serializers.CharField(
            max_length=64, required=False, allow_blank=True, default=""
        )
        industry = serializers.CharField(max_length=1, required=False, allow_blank=True, default="")
        address = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")

    class NewBankInput(serializers.Serializer):
        name = serializers.CharField(max_length=255)
        swift_code = serializers.CharField(max_length=11)
        country = serializers.CharField(max_length=2)

    class Input(serializers.Serializer):
        policy = serializers.IntegerField(min_value=1)
        buyer = serializers.IntegerField(min_value=1, required=False, allow_null=True)
        new_buyer = serializers.DictField(required=False)
        payment_term = serializers.ChoiceField(choices=PaymentTerm.choices)
        # at most MAX_CREDIT_PERIOD_DAYS: refused by the service with its own code (credit_period_too_long)
        credit_period_days = serializers.IntegerField(min_value=1, max_value=32767)
        amount_requested_usd = serializers.DecimalField(**USD)
        open_orders_usd = serializers.DecimalField(**USD, required=False, default=Decimal("0"))
        goods_category = serializers.CharField(max_length=200)
        first_trade_year = serializers.IntegerField(
            min_value=FIRST_TRADE_YEAR_MIN, max_value=FIRST_TRADE_YEAR_MAX, required=False, allow_null=True
        )
        financing_need = serializers.BooleanField(default=False)
        related_party = serializers.BooleanField(default=False)
        issuing_bank = serializers.IntegerField(min_value=1, required=False, allow_null=True)
        new_issuing_bank = serializers.DictField(required=False)
        latest_shipment_date = serializers.DateField(required=False, allow_null=True)
        notes = serializers.CharField(required=False, allow_blank=True, default="")

    serializer_class = LimitApplicationOutput
    filterset_class = LimitApplicationFilter
    queryset = CreditLimitApplication.objects.none()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return CreditLimitApplication.objects.none()
        return selectors.limit_applications_visible(self.request.user).prefetch_related("limits")

    @extend_schema(
        request=Input, responses={201: LimitApplicationOutput, **ERRORS}, summary="Apply for a credit limit"
    )
    def post(self, request):
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        v = dict(data.validated_data)
        buyer_id = v.pop("buyer", None)
        new_buyer = v.pop("new_buyer", None)
        if buyer_id is None and new_buyer:
            nb = self.NewBuyerInput(data=new_buyer)
            nb.is_valid(raise_exception=True)
            n = nb.validated_data
            buyer, _created = buyer_register(
                name=n["name"],
                name_en=n["name_en"],
                country_id=n["country"].upper(),
                registration_number=n["registration_number"],
                industry_id=n["industry"] or None,
                address=n["address"],
                actor=request.user,
            )
            buyer_id = buyer.pk
        if buyer_id is None:
            raise error("buyer_unknown", field="buyer")
        bank_id = v.pop("issuing_bank", None)
        new_bank = v.pop("new_issuing_bank", None)
        if bank_id is None and new_bank:
            nb = self.NewBankInput(data=new_bank)
            nb.is_valid(raise_exception=True)
            bank, _created = buyer_register(
                kind=Buyer.Kind.BANK,
                name=nb.validated_data["name"],
                swift_code=nb.validated_data["swift_code"],
                country_id=nb.validated_data["country"].upper(),
                actor=request.user,
            )
            bank_id = bank.pk
        application = services.limit_application_submit(
            actor=request.user,
            request=services.LimitRequest(
                policy_id=v.pop("policy"), buyer_id=buyer_id, issuing_bank_id=bank_id, **v
            ),
        )
        return Response(LimitApplicationOutput(application).data, status=201)


class LimitApplicationDetailApi(APIView):
    @extend_schema(responses={200: LimitApplicationOutput, 404: ErrorSerializer})
    def get(self, request, pk: int):
        return Response(LimitApplicationOutput(selectors.limit_application_get(request.user, pk)).data)


class LimitApplicationApproveApiInput(serializers.Serializer):
    amount_usd = serializers.DecimalField(**USD)
    credit_period_days = serializers.IntegerField(min_value=1, max_value=720)
    payment_terms = serializers.ListField(
        child=serializers.CharField(max_length=2), allow_empty=False, help_text="LC, DP, DA, OA"
    )
    conditions = serializers.CharField(required=False, allow_blank=True, default="")
    reason = serializers.CharField()


class LimitApplicationRejectApiInput(serializers.Serializer):
    reason = serializers.CharField()


def _application(request, pk: int):
    return selectors.limit_application_get(request.user, pk)


class LimitApplicationApproveApi(APIView):
    @extend_schema(
        request=LimitApplicationApproveApiInput,
        responses={200: LimitApplicationOutput, **ACT_PENDING_RESPONSE, **ERROR_RESPONSES},
        summary="Approve as asked, or less / shorter (underwriters)",
        description="Above PORTAL_LIMIT_SECOND_APPROVAL_USD (USD 1,000,000 by default) the decision waits "
        "for a second underwriter: 202 with the pending act, which another underwriter approves with "
        "POST /api/v1/acts/{id}/approve/ (never the one who proposed it).",
    )
    def post(self, request, pk: int):
        application = _application(request, pk)
        body = LimitApplicationApproveApiInput(data=request.data)
        body.is_valid(raise_exception=True)
        decision = dict(body.validated_data)
        outcome = limit_decision_approve(application=application, actor=request.user, decision=decision)
        if outcome is None:
            services.limit_application_approve(application_id=application.pk, actor=request.user, **decision)
            return Response(LimitApplicationOutput(_application(request, pk)).data)
        return act_answer(outcome, lambda: Response(LimitApplicationOutput(_application(request, pk)).data))


LimitApplicationRejectApi = transition_api(
    get=_application,
    act=lambda actor, a, reason: services.limit_application_reject(
        application_id=a.pk, actor=actor, reason=reason
    ),
    output=LimitApplicationOutput,
    input=LimitApplicationRejectApiInput,
    summary="Reject with a reason (underwriters)",
    name="LimitApplicationRejectApi",
)
LimitApplicationTakeApi = transition_api(
    get=_application,
    act=lambda actor, a: services.limit_application_take(application_id=a.pk, actor=actor),
    output=LimitApplicationOutput,
    input=None,
    summary="Take from the queue (underwriters)",
    name="LimitApplicationTakeApi",
)
LimitApplicationReleaseApi = transition_api(
    get=_application,
    act=lambda actor, a: services.limit_application_release(application_id=a.pk, actor=actor),
    output=LimitApplicationOutput,
    input=None,
    summary="Return to the queue (underwriters)",
    name="LimitApplicationReleaseApi",
)
LimitApplicationWithdrawApi = transition_api(
    get=_application,
    act=lambda actor, a: services.limit_application_withdraw(application_id=a.pk, actor=actor),
    output=LimitApplicationOutput,
    input=None,
    summary="Withdraw before the decision",
    name="LimitApplicationWithdrawApi",
)


class LimitApplicationApprovalApi(APIView):
    @extend_schema(responses=PDF, summary="The approval PDF (Chinese, glyphs embedded)")
    def get(self, request, pk: int):
        application = selectors.limit_application_get(request.user, pk)
        doc = document_latest(application, services.APPROVAL_KIND)
        if doc is None:
            raise Http404
        return document_response(doc, filename=f"limit-approval-{application.number}.pdf")


class LimitQueueApi(generics.ListAPIView):
    """The underwriter queue with the buyer's light and reason, the country class and the exposure
    of the applicant and of the insurer on the buyer (insurer staff)."""

    serializer_class = LimitQueueOutput
    filterset_class = QueueFilter
    queryset = CreditLimitApplication.objects.none()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return CreditLimitApplication.objects.none()
        if not is_insurer(self.request.user):
            raise Http404
        return selectors.limit_queue(self.request.user)
