"""Claims (索赔): file (from a notice or directly), the queue, the case and the officer's steps up to the decision."""

from __future__ import annotations

from decimal import Decimal

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from claims import selectors, services
from claims.acts import claim_submit_direct, claim_submit_from_notice
from claims.apis.actions import claim_action
from claims.apis.common import ERRORS, ClaimsNoteInput, claim_for, fake_view
from claims.apis.outputs import (
    ClaimAssessmentOutput,
    ClaimDetailOutput,
    ClaimOutput,
    assessment_data,
    detail_response,
)
from claims.filters import ClaimFilter
from claims.models import Cause, Claim
from sinosure_portal.accounts.access import is_insurer
from sinosure_portal.accounts.team_apis import ACT_PENDING_RESPONSE, act_answer
from sinosure_portal.base.api import ErrorSerializer
from sinosure_portal.base.errors import DomainError
from sinosure_portal.money.fields import CurrencyAmountSerializerField, CurrencyCodeSerializerField


class ClaimListCreateApi(generics.ListAPIView):
    """Claims (索赔): the insured's own, or all for insurer staff. POST files one from a notice."""

    class Input(serializers.Serializer):
        notice = serializers.IntegerField()
        description = serializers.CharField(required=False, allow_blank=True, default="")

    serializer_class = ClaimOutput
    filterset_class = ClaimFilter
    queryset = Claim.objects.none()

    def get_queryset(self):
        if fake_view(self):
            return Claim.objects.none()
        return selectors.claims_visible(self.request.user)

    @extend_schema(
        request=Input,
        responses={201: ClaimDetailOutput, **ACT_PENDING_RESPONSE, **ERRORS},
        summary="File a claim from a possible-loss notice",
        description="Without the reviewer duty (a clerk), or with four-eyes on, the claim waits for "
        "another reviewer: 202 with the pending act (approve it with POST /api/v1/acts/{id}/approve/).",
    )
    def post(self, request):
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        notice = selectors.notice_get(request.user, data.validated_data["notice"])
        outcome = claim_submit_from_notice(
            notice=notice, actor=request.user, description=data.validated_data["description"]
        )
        return act_answer(outcome, lambda: detail_response(request, outcome.result, status.HTTP_201_CREATED))


class ClaimDirectApi(APIView):
    class InvoiceInput(serializers.Serializer):
        invoice_number = serializers.CharField(max_length=64)
        shipment_date = serializers.DateField()
        due_date = serializers.DateField()
        currency = CurrencyCodeSerializerField()
        amount = CurrencyAmountSerializerField()
        paid_amount = CurrencyAmountSerializerField(required=False, default=Decimal("0"))
        is_service = serializers.BooleanField(required=False, default=False)

    class Input(serializers.Serializer):
        policy = serializers.IntegerField()
        buyer = serializers.IntegerField()
        cause = serializers.ChoiceField(choices=Cause.choices)
        event_date = serializers.DateField()
        description = serializers.CharField()
        invoices = serializers.ListField(child=serializers.DictField(), allow_empty=False)

    @extend_schema(
        request=Input,
        responses={201: ClaimDetailOutput, **ACT_PENDING_RESPONSE, **ERRORS},
        summary="File a claim directly (micro and SME policies, which need no notice)",
        description="Like filing from a notice, the claim may wait for another reviewer: 202 with the act.",
    )
    def post(self, request):
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        invoices = []
        for index, raw in enumerate(data.validated_data["invoices"]):
            line = self.InvoiceInput(data=raw)
            if not line.is_valid():
                field, errors = next(iter(line.errors.items()))
                raise DomainError(
                    "invalid", f"invoices[{index}].{field}: {errors[0]}", field="invoices", row=index + 1
                )
            invoices.append(services.InvoiceLine(**line.validated_data))
        v = data.validated_data
        outcome = claim_submit_direct(
            actor=request.user,
            data=services.DirectClaimInput(
                policy_id=v["policy"],
                buyer_id=v["buyer"],
                cause=v["cause"],
                event_date=v["event_date"],
                description=v["description"],
                invoices=invoices,
            ),
        )
        return act_answer(outcome, lambda: detail_response(request, outcome.result, status.HTTP_201_CREATED))


class ClaimQueueApi(generics.ListAPIView):
    """The claims officers' queue: open claims, most urgent first, with the clock on each."""

    serializer_class = ClaimOutput
    filterset_class = ClaimFilter
    queryset = Claim.objects.none()

    def get_queryset(self):
        if fake_view(self):
            return Claim.objects.none()
        if not is_insurer(self.request.user):
            raise Http404
        return selectors.claim_queue(self.request.user)


class ClaimDetailApi(APIView):
    @extend_schema(responses={200: ClaimDetailOutput, 404: ErrorSerializer})
    def get(self, request, pk: int):
        return detail_response(request, claim_for(request, pk))


class ClaimAssessmentApi(APIView):
    @extend_schema(
        responses={200: ClaimAssessmentOutput, 404: ErrorSerializer},
        summary="The loss assessment line by line",
    )
    def get(self, request, pk: int):
        claim = claim_for(request, pk)
        return Response(
            ClaimAssessmentOutput(assessment_data(claim, selectors.claim_detail(claim, request.user))).data
        )


ClaimAcceptApi = claim_action(
    services.claim_accept,
    input=None,
    summary="Accept a claim (claims officer)",
    name="ClaimAcceptApi",
)


ClaimInvestigateApi = claim_action(
    services.claim_investigate,
    input=ClaimsNoteInput,
    summary="Start (or reopen) the investigation",
    name="ClaimInvestigateApi",
)


class ClaimNoteApi(APIView):
    class Input(serializers.Serializer):
        text = serializers.CharField()

    @extend_schema(
        request=Input,
        responses={201: ClaimDetailOutput, **ERRORS},
        summary="Add an investigation note (insurer only)",
    )
    def post(self, request, pk: int):
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        claim = claim_for(request, pk)
        services.claim_note_add(actor=request.user, claim_id=claim.pk, text=data.validated_data["text"])
        return detail_response(request, claim, status.HTTP_201_CREATED)


ClaimAssessApi = claim_action(
    services.claim_assess,
    input=ClaimsNoteInput,
    summary="Store the assessment (evidence complete)",
    name="ClaimAssessApi",
)


class ClaimDecideInput(serializers.Serializer):
    decision = serializers.ChoiceField(
        choices=[("approve", "approve"), ("partly", "partly"), ("deny", "deny")]
    )
    reason = serializers.CharField()


ClaimDecideApi = claim_action(
    services.claim_decide,
    input=ClaimDecideInput,
    summary="Approve, approve in part, or deny, with reasons",
    name="ClaimDecideApi",
)
