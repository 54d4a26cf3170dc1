"""Possible-loss notices (可能损失通知书): list, file, check the deadline, acknowledge, withdraw, close, PDF."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from claims import selectors, services
from claims.apis.actions import notice_action
from claims.apis.common import ERRORS, MONEY, fake_view
from claims.apis.outputs import LossNoticeOutput
from claims.documents import notice_pdf_response
from claims.filters import NoticeFilter
from claims.models import Cause, PossibleLossNotice
from declarations.models import ShipmentDeclaration
from sinosure_portal.base.api import ErrorSerializer


class LossNoticeInput(serializers.Serializer):
    policy = serializers.IntegerField()
    buyer = serializers.IntegerField()
    declarations = serializers.ListField(child=serializers.IntegerField(), allow_empty=False)
    cause = serializers.ChoiceField(choices=Cause.choices)
    event_date = serializers.DateField(
        required=False, allow_null=True, help_text="default: the earliest due date (default only)"
    )
    amount_at_risk_usd = serializers.DecimalField(**MONEY)
    description = serializers.CharField()

    def to_input(self) -> services.NoticeInput:
        v = self.validated_data
        return services.NoticeInput(
            policy_id=v["policy"],
            buyer_id=v["buyer"],
            declaration_ids=v["declarations"],
            cause=v["cause"],
            event_date=v.get("event_date"),
            amount_at_risk_usd=v["amount_at_risk_usd"],
            description=v["description"],
        )


class NoticeListCreateApi(generics.ListAPIView):
    """Possible-loss notices (可能损失通知书): the insured's own, or all for insurer staff. POST files one."""

    serializer_class = LossNoticeOutput
    filterset_class = NoticeFilter
    queryset = PossibleLossNotice.objects.none()

    def get_queryset(self):
        if fake_view(self):
            return PossibleLossNotice.objects.none()
        return selectors.notices_visible(self.request.user).prefetch_related("declarations")

    @extend_schema(
        request=LossNoticeInput, responses={201: LossNoticeOutput, **ERRORS}, summary="Notify a possible loss"
    )
    def post(self, request):
        data = LossNoticeInput(data=request.data)
        data.is_valid(raise_exception=True)
        notice = services.possible_loss_notice_submit(actor=request.user, data=data.to_input())
        return Response(LossNoticeOutput(selectors.notice_get(request.user, notice.pk)).data, status=201)


class NoticeCheckApi(APIView):
    class Output(serializers.Serializer):
        deadline = serializers.DateField()
        deadline_basis = serializers.CharField()
        deadline_rule = serializers.CharField()
        provisional = serializers.BooleanField()
        late = serializers.BooleanField()
        event_date = serializers.DateField()
        claim_deadline = serializers.DateField()
        outstanding_usd = serializers.DecimalField(**MONEY)

    @extend_schema(
        request=LossNoticeInput,
        responses={200: Output, **ERRORS},
        summary="The deadline a notice would have, and whether it would be late (nothing is written)",
    )
    def post(self, request):
        data = LossNoticeInput(data=request.data)
        data.is_valid(raise_exception=True)
        p = services.possible_loss_notice_check(actor=request.user, data=data.to_input())
        return Response(
            {
                "deadline": p.deadline.date,
                "deadline_basis": p.deadline.basis,
                "deadline_rule": p.deadline.rule,
                "provisional": p.deadline.provisional,
                "late": p.late,
                "event_date": p.event_date,
                "claim_deadline": p.claim_deadline,
                "outstanding_usd": p.outstanding_usd,
            }
        )


class NoticeDetailApi(APIView):
    @extend_schema(responses={200: LossNoticeOutput, 404: ErrorSerializer})
    def get(self, request, pk: int):
        return Response(LossNoticeOutput(selectors.notice_get(request.user, pk)).data)


NoticeAcknowledgeApi = notice_action(
    services.possible_loss_notice_acknowledge,
    input=None,
    summary="Acknowledge a notice (claims officer)",
    name="NoticeAcknowledgeApi",
)


NoticeWithdrawApi = notice_action(
    services.possible_loss_notice_withdraw,
    summary="Withdraw a notice (the insured)",
    name="NoticeWithdrawApi",
)


NoticeCloseApi = notice_action(
    services.possible_loss_notice_close,
    summary="Close a notice without a claim (claims officer)",
    name="NoticeCloseApi",
)


class NoticePdfApi(APIView):
    @extend_schema(
        responses={(200, "application/pdf"): OpenApiTypes.BINARY, 404: ErrorSerializer},
        summary="The notice PDF (可能损失通知书)",
    )
    def get(self, request, pk: int):
        return notice_pdf_response(selectors.notice_get(request.user, pk), actor=request.user)


class NotifiableShipmentListApi(generics.ListAPIView):
    """Covered shipments a possible-loss notice may still name (filter by policy and buyer)."""

    class Output(serializers.ModelSerializer):
        buyer_name = serializers.CharField(source="buyer.display_name")
        outstanding_usd = serializers.DecimalField(**MONEY, read_only=True)
        status_label = serializers.CharField(source="get_status_display")

        class Meta:
            model = ShipmentDeclaration
            fields = [
                "id",
                "policy",
                "buyer",
                "buyer_name",
                "invoice_number",
                "shipment_date",
                "due_date",
                "amount_usd",
                "covered_usd",
                "paid_usd",
                "outstanding_usd",
                "status_label",
            ]

    serializer_class = Output
    queryset = ShipmentDeclaration.objects.none()
    filter_backends: list = []

    def get_queryset(self):
        if fake_view(self):
            return ShipmentDeclaration.objects.none()
        p = self.request.query_params
        return selectors.notifiable_shipments(
            self.request.user,
            policy_id=int(p["policy"]) if p.get("policy", "").isdigit() else None,
            buyer_id=int(p["buyer"]) if p.get("buyer", "").isdigit() else None,
        )
