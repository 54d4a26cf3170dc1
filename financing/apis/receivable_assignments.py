"""Receivable assignments."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from financing import selectors, services
from financing.apis._common import ERRORS, MONEY, PDF, OrgOutput, _fake, _ip, _plain  # noqa: F401
from financing.filters import (
    ReceivableAssignmentFilter,
)
from financing.models import (
    ReceivableAssignment,
)
from sinosure_portal.base.api import transition_api

# --- receivable assignments -----------------------------------------------------------------------------


class ReceivableAssignmentOutput(serializers.ModelSerializer):
    status = serializers.CharField(read_only=True, help_text="proposed, accepted, declined or withdrawn")
    insured = OrgOutput(source="organisation")
    bank = OrgOutput()
    receivable_count = serializers.IntegerField(read_only=True)
    covered_total = serializers.DecimalField(**MONEY, read_only=True)
    declarations = serializers.SerializerMethodField()

    class Meta:
        model = ReceivableAssignment
        fields = [
            "id",
            "number",
            "insured",
            "bank",
            "status",
            "note",
            "decision_reason",
            "receivable_count",
            "covered_total",
            "declarations",
            "created_at",
            "accepted_at",
        ]

    def get_declarations(self, obj) -> list[int]:
        return [i.declaration_id for i in obj.items.all()]


def _ra(request, pk):
    return selectors.receivable_assignment_get(request.user, pk)


def _ra_out(request, pk):
    return Response(ReceivableAssignmentOutput(_ra(request, pk)).data)


class ReceivableAssignmentListCreateApi(generics.ListAPIView):
    """Receivable assignments (应收账款转让) you are a party to (GET); the insured assigns chosen
    covered receivables to a bank (POST)."""

    class Input(serializers.Serializer):
        bank = serializers.IntegerField()
        declarations = serializers.ListField(child=serializers.IntegerField(), min_length=1)
        note = serializers.CharField(required=False, allow_blank=True, default="")

    serializer_class = ReceivableAssignmentOutput
    filterset_class = ReceivableAssignmentFilter
    queryset = ReceivableAssignment.objects.none()

    def get_queryset(self):
        if _fake(self):
            return ReceivableAssignment.objects.none()
        return (
            selectors.receivable_assignments_visible(self.request.user)
            .prefetch_related("items")
            .order_by("-created_at", "-id")
        )

    @extend_schema(request=Input, responses={201: ReceivableAssignmentOutput, **ERRORS})
    def post(self, request):
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        ra = services.receivable_assignment_propose(
            actor=request.user, bank_id=v["bank"], declaration_ids=v["declarations"], note=v["note"]
        )
        return Response(ReceivableAssignmentOutput(_ra(request, ra.pk)).data, status=status.HTTP_201_CREATED)


class ReceivableAssignmentDetailApi(APIView):
    @extend_schema(responses={200: ReceivableAssignmentOutput, **ERRORS})
    def get(self, request, pk: int):
        return _ra_out(request, pk)


ReceivableAssignmentAcceptApi = transition_api(
    get=_ra,
    act=lambda actor, ra: services.receivable_assignment_accept(assignment_id=ra.pk, actor=actor),
    input=None,
    output=ReceivableAssignmentOutput,
    summary="The bank accepts: the receivables are its own, and it gets a coverage notice for each.",
    name="ReceivableAssignmentAcceptApi",
)

ReceivableAssignmentDeclineApi = transition_api(
    get=_ra,
    act=lambda actor, ra, reason: services.receivable_assignment_decline(
        assignment_id=ra.pk, actor=actor, reason=reason
    ),
    output=ReceivableAssignmentOutput,
    summary="The bank declines the transfer",
    name="ReceivableAssignmentDeclineApi",
)

ReceivableAssignmentWithdrawApi = transition_api(
    get=_ra,
    act=lambda actor, ra, reason: services.receivable_assignment_withdraw(
        assignment_id=ra.pk, actor=actor, reason=reason
    ),
    output=ReceivableAssignmentOutput,
    summary="The exporter withdraws a transfer the bank has not answered",
    name="ReceivableAssignmentWithdrawApi",
)
