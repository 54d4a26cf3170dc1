"""Agreements."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from financing import selectors, services
from financing.acts import assignment_bank_signed, assignment_propose_signed
from financing.apis._common import ERRORS, MONEY, PDF, OrgOutput, _fake, _ip, _plain  # noqa: F401
from financing.documents import agreement_pdf_response
from financing.filters import (
    AgreementFilter,
)
from financing.models import (
    IndemnityAssignment,
)
from sinosure_portal.accounts.team_apis import ACT_PENDING_RESPONSE, act_answer
from sinosure_portal.base.api import ErrorSerializer, transition_api

# --- indemnity assignment agreements -------------------------------------------------------------------


class AgreementOutput(serializers.ModelSerializer):
    status = serializers.CharField(
        read_only=True,
        help_text="proposed, bank_signed, in_force, termination_requested, terminated, rejected or withdrawn",
    )
    policy_number = serializers.CharField(source="policy.number")
    insured = OrgOutput(source="organisation")
    bank = OrgOutput()
    buyers = serializers.SerializerMethodField()
    policy_financing_ratio = serializers.DecimalField(
        source="policy.financing_ratio", max_digits=5, decimal_places=4
    )

    class Meta:
        model = IndemnityAssignment
        fields = [
            "id",
            "number",
            "policy",
            "policy_number",
            "insured",
            "bank",
            "scope",
            "buyers",
            "effective_date",
            "ended_on",
            "financing_ratio",
            "policy_financing_ratio",
            "status",
            "exporter_signer_name",
            "exporter_signer_title",
            "exporter_signed_at",
            "bank_signer_name",
            "bank_signer_title",
            "bank_signed_at",
            "approved_at",
            "termination_reason",
            "termination_requested_at",
            "decision_reason",
            "created_at",
        ]

    def get_buyers(self, obj) -> list[int]:
        return [b.pk for b in obj.buyers.all()]


def _agreement(request, pk):
    return selectors.agreement_get(request.user, pk)


def _agreement_out(request, pk):
    return Response(AgreementOutput(_agreement(request, pk)).data)


class AgreementListCreateApi(generics.ListAPIView):
    """Indemnity assignment agreements (赔款转让协议) you are a party to (GET); the insured proposes
    and signs one with its bank (POST)."""

    class Input(serializers.Serializer):
        policy = serializers.IntegerField()
        bank = serializers.IntegerField()
        effective_date = serializers.DateField()
        scope = serializers.ChoiceField(choices=["policy", "buyers"], required=False, allow_null=True)
        whole_policy = serializers.BooleanField(required=False, allow_null=True, default=None)
        buyers = serializers.ListField(child=serializers.IntegerField(), required=False, default=list)
        financing_ratio = serializers.DecimalField(
            max_digits=5, decimal_places=4, required=False, allow_null=True
        )
        signer_name = serializers.CharField(max_length=100)
        signer_title = serializers.CharField(max_length=100)

    serializer_class = AgreementOutput
    filterset_class = AgreementFilter
    queryset = IndemnityAssignment.objects.none()

    def get_queryset(self):
        if _fake(self):
            return IndemnityAssignment.objects.none()
        return (
            selectors.agreements_visible(self.request.user)
            .prefetch_related("buyers")
            .order_by("-created_at", "-id")
        )

    @extend_schema(
        request=Input,
        responses={201: AgreementOutput, **ACT_PENDING_RESPONSE, **ERRORS},
        description="Without the e-signer duty (a clerk), or with four-eyes on, the signature waits for "
        "another e-signer: 202 with the pending act (approve it with POST /api/v1/acts/{id}/approve/).",
    )
    def post(self, request):
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        outcome = assignment_propose_signed(
            actor=request.user,
            data=services.AssignmentInput(
                policy_id=v["policy"],
                bank_id=v["bank"],
                effective_date=v["effective_date"],
                scope=v.get("scope"),
                whole_policy=v["whole_policy"],
                buyer_ids=v["buyers"],
                financing_ratio=v.get("financing_ratio"),
                signer_name=v["signer_name"],
                signer_title=v["signer_title"],
            ),
            ip=_ip(request),
        )
        return act_answer(
            outcome,
            lambda: Response(
                AgreementOutput(_agreement(request, outcome.result.pk)).data, status=status.HTTP_201_CREATED
            ),
        )


class AgreementDetailApi(APIView):
    @extend_schema(responses={200: AgreementOutput, **ERRORS})
    def get(self, request, pk: int):
        return _agreement_out(request, pk)


class AgreementBankSignApi(APIView):
    """The bank signs the agreement (name, title; time and IP are recorded)."""

    class Input(serializers.Serializer):
        signer_name = serializers.CharField(max_length=100)
        signer_title = serializers.CharField(max_length=100)

    @extend_schema(
        request=Input,
        responses={200: AgreementOutput, **ACT_PENDING_RESPONSE, **ERRORS},
        description="The signature may wait for another e-signer of the bank (team duties, four-eyes): "
        "202 with the pending act.",
    )
    def post(self, request, pk: int):
        a = _agreement(request, pk)
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        outcome = assignment_bank_signed(
            assignment=a, actor=request.user, ip=_ip(request), **data.validated_data
        )
        return act_answer(outcome, lambda: _agreement_out(request, pk))


AgreementApproveApi = transition_api(
    get=_agreement,
    act=lambda actor, a, reason: services.indemnity_assignment_approve(
        assignment_id=a.pk, actor=actor, reason=reason
    ),
    output=AgreementOutput,
    summary="The insurer approves a signed agreement: it is in force from its effective date.",
    name="AgreementApproveApi",
)

AgreementRejectApi = transition_api(
    get=_agreement,
    act=lambda actor, a, reason: services.indemnity_assignment_reject(
        assignment_id=a.pk, actor=actor, reason=reason
    ),
    output=AgreementOutput,
    summary="The bank declines to sign, or the insurer refuses to approve (a reason is required).",
    name="AgreementRejectApi",
)

AgreementWithdrawApi = transition_api(
    get=_agreement,
    act=lambda actor, a, reason: services.indemnity_assignment_withdraw(
        assignment_id=a.pk, actor=actor, reason=reason
    ),
    output=AgreementOutput,
    summary="The insured withdraws an agreement not yet in force.",
    name="AgreementWithdrawApi",
)

AgreementTerminationRequestApi = transition_api(
    get=_agreement,
    act=lambda actor, a, reason: services.indemnity_assignment_request_termination(
        assignment_id=a.pk, actor=actor, reason=reason
    ),
    output=AgreementOutput,
    summary="The insured or the bank asks to terminate; the agreement binds until the insurer confirms.",
    name="AgreementTerminationRequestApi",
)


class TerminateInput(serializers.Serializer):
    ends_on = serializers.DateField(required=False, allow_null=True)
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=1000)


AgreementTerminateApi = transition_api(
    get=_agreement,
    act=lambda actor, a, reason, ends_on=None: services.indemnity_assignment_terminate(
        assignment_id=a.pk, actor=actor, ends_on=ends_on, reason=reason
    ),
    input=TerminateInput,
    output=AgreementOutput,
    summary="The insurer confirms the termination",
    description="From `ends_on` (default today) new indemnities go to the insured; indemnities already "
    "decided keep the bank as payee.",
    name="AgreementTerminateApi",
)


AgreementKeepApi = transition_api(
    get=_agreement,
    act=lambda actor, a, reason: services.indemnity_assignment_keep(
        assignment_id=a.pk, actor=actor, reason=reason
    ),
    output=AgreementOutput,
    summary="The insurer declines a termination request: the agreement stays in force.",
    name="AgreementKeepApi",
)


class AgreementPdfApi(APIView):
    @extend_schema(responses={200: PDF, 404: ErrorSerializer})
    def get(self, request, pk: int):
        return agreement_pdf_response(_agreement(request, pk), actor=request.user)
