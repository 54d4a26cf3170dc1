"""Recoveries: record, reverse, list (with the insurer's and the insured's shares)."""

from __future__ import annotations

from decimal import Decimal

from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from claims import selectors, services
from claims.apis.common import ERRORS, claim_for, fake_view
from claims.apis.outputs import ClaimRecoveryOutput
from claims.filters import RecoveryFilter
from claims.models import Recovery
from sinosure_portal.base.api import ErrorSerializer, transition_api
from sinosure_portal.money.fields import CurrencyAmountSerializerField, CurrencyCodeSerializerField


class RecoveryCreateApi(APIView):
    class Input(serializers.Serializer):
        received_on = serializers.DateField()
        currency = CurrencyCodeSerializerField()
        amount = CurrencyAmountSerializerField()
        costs = CurrencyAmountSerializerField(required=False, default=Decimal("0"))
        note = serializers.CharField(required=False, allow_blank=True, default="")
        client_reference = serializers.CharField(
            max_length=64,
            required=False,
            allow_blank=True,
            default="",
            help_text="your reference: the same recovery sent again is recorded once (200, the same "
            "recovery); the Idempotency-Key header is used when this is empty",
        )

    @extend_schema(
        request=Input,
        responses={201: ClaimRecoveryOutput, 200: ClaimRecoveryOutput, 409: ErrorSerializer, **ERRORS},
        summary="Record a recovery (shared after payment), once per client reference",
    )
    def post(self, request, pk: int):
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        fields["client_reference"] = fields["client_reference"] or request.headers.get("Idempotency-Key", "")
        recovery = services.recovery_record(actor=request.user, claim_id=claim_for(request, pk).pk, **fields)
        code = 200 if getattr(recovery, "recorded_before", False) else 201
        return Response(ClaimRecoveryOutput(recovery).data, status=code)


class RecoveryReverseInput(serializers.Serializer):
    reason = serializers.CharField(
        max_length=2000, help_text="why the recovery is reversed (e.g. entered twice); required"
    )


RecoveryReverseApi = transition_api(
    get=lambda request, pk: selectors.recovery_get(request.user, pk),
    act=lambda actor, recovery, reason: services.recovery_reverse(
        actor=actor, recovery_id=recovery.pk, reason=reason
    ),
    output=ClaimRecoveryOutput,
    input=RecoveryReverseInput,
    summary="Reverse a recovery entered in error (claims officers; once: a second reversal is 409)",
    description="The recovery stays on record, marked reversed with the reason, and counts in no "
    "total any more: a recovery before payment no longer reduces the loss (a stored assessment is "
    "recomputed); after payment its insurer's and insured's shares are taken off the totals. A "
    "recovery before payment whose indemnity is already decided cannot be reversed (409).",
    name="RecoveryReverseApi",
)


class RecoveryListApi(generics.ListAPIView):
    """Every recovery with its distribution (insurer's and insured's shares)."""

    serializer_class = ClaimRecoveryOutput
    filterset_class = RecoveryFilter
    queryset = Recovery.objects.none()

    def get_queryset(self):
        if fake_view(self):
            return Recovery.objects.none()
        return selectors.recoveries_visible(self.request.user).order_by("-received_on", "-id")
