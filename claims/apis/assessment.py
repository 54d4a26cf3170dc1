"""The assessment inputs: deductions, excluded invoices and the indemnity ratio."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from claims import selectors, services
from claims.apis.common import ERRORS, MONEY, claim_for
from claims.apis.outputs import ClaimAssessmentOutput, ClaimLineOutput, assessment_data
from claims.models import ClaimDeduction


class DeductionCreateApi(APIView):
    class Input(serializers.Serializer):
        kind = serializers.ChoiceField(choices=ClaimDeduction.Kind.choices)
        amount_usd = serializers.DecimalField(**MONEY)
        note = serializers.CharField()
        line = serializers.IntegerField(
            required=False,
            allow_null=True,
            help_text="the claimed invoice (line id) it is entered against; empty: the whole claim, "
            "allocated pro rata to what is unpaid on each shipment",
        )

    @extend_schema(
        request=Input,
        responses={201: ClaimAssessmentOutput, **ERRORS},
        summary="Enter a deduction with its note",
    )
    def post(self, request, pk: int):
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        claim = claim_for(request, pk)
        fields = dict(data.validated_data)
        services.claim_deduction_add(
            actor=request.user, claim_id=claim.pk, line_id=fields.pop("line", None), **fields
        )
        claim = claim_for(request, pk)
        return Response(
            ClaimAssessmentOutput(assessment_data(claim, selectors.claim_detail(claim, request.user))).data,
            status=201,
        )


class DeductionDeleteApi(APIView):
    @extend_schema(request=None, responses={204: None, **ERRORS}, summary="Remove a deduction")
    def delete(self, request, pk: int):
        deduction = selectors.deduction_get(request.user, pk)
        services.claim_deduction_remove(actor=request.user, deduction_id=deduction.pk)
        return Response(status=204)


class LineInclusionApi(APIView):
    class Input(serializers.Serializer):
        included = serializers.BooleanField()
        reason = serializers.CharField(required=False, allow_blank=True, default="")

    @extend_schema(
        request=Input,
        responses={200: ClaimLineOutput, **ERRORS},
        summary="Exclude an invoice from the indemnity, or include it again",
    )
    def post(self, request, pk: int):
        line = selectors.claim_line_get(request.user, pk)
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        line = services.claim_line_set_included(actor=request.user, line_id=line.pk, **data.validated_data)
        return Response(ClaimLineOutput(line).data)


class RatioApi(APIView):
    class Input(serializers.Serializer):
        ratio = serializers.DecimalField(max_digits=5, decimal_places=4, allow_null=True)
        note = serializers.CharField(required=False, allow_blank=True, default="")

    @extend_schema(
        request=Input,
        responses={200: ClaimAssessmentOutput, **ERRORS},
        summary="Lower the indemnity ratio (null: the policy's)",
    )
    def post(self, request, pk: int):
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        claim = claim_for(request, pk)
        services.claim_ratio_set(actor=request.user, claim_id=claim.pk, **data.validated_data)
        claim = claim_for(request, pk)
        return Response(
            ClaimAssessmentOutput(assessment_data(claim, selectors.claim_detail(claim, request.user))).data
        )
