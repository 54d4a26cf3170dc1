"""Reports."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from creditinfo import selectors, services
from creditinfo.apis.outputs import _plain_choice  # noqa: E402
from creditinfo.filters import ReportOrderFilter
from creditinfo.models import CreditReportOrder
from creditinfo.services.reports import ORDER_ROLES
from sinosure_portal.accounts.access import ensure_role
from sinosure_portal.base.api import ErrorSerializer
from sinosure_portal.core.documents import document_response

# --- credit report orders -------------------------------------------------------------------------


class ReportOrderOutput(serializers.ModelSerializer):
    status = _plain_choice(CreditReportOrder.Status.choices, read_only=True)
    reference = serializers.CharField()
    buyer_label = serializers.CharField()
    status_label = serializers.CharField(source="get_status_display")
    pdf_url = serializers.SerializerMethodField()

    class Meta:
        model = CreditReportOrder
        fields = [
            "id",
            "reference",
            "organisation",
            "ordered_by",
            "buyer",
            "buyer_label",
            "buyer_name",
            "buyer_country",
            "buyer_registration_number",
            "notes",
            "status",
            "status_label",
            "ordered_at",
            "due_date",
            "due_provisional",
            "analyst",
            "delivered_at",
            "findings",
            "pdf_url",
        ]

    def get_pdf_url(self, obj) -> str | None:
        if obj.status != CreditReportOrder.Status.DELIVERED:
            return None
        return reverse("creditinfo_api:report-order-pdf", args=[obj.pk])


class ReportOrderListApi(generics.ListAPIView):
    """Credit report orders of the user's organisation (insurer staff: all). An exporter orders
    a report with POST, on a registered buyer (`buyer`) or one described by name and country."""

    class Input(serializers.Serializer):
        buyer = serializers.IntegerField(required=False, allow_null=True, default=None)
        buyer_name = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")
        buyer_country = serializers.CharField(max_length=2, required=False, allow_blank=True, default="")
        buyer_registration_number = serializers.CharField(
            max_length=64, required=False, allow_blank=True, default=""
        )
        buyer_address = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
        notes = serializers.CharField(required=False, allow_blank=True, default="")

    serializer_class = ReportOrderOutput
    filterset_class = ReportOrderFilter
    queryset = CreditReportOrder.objects.none()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return CreditReportOrder.objects.none()
        return selectors.report_orders_visible(self.request.user)

    @extend_schema(
        request=Input, responses={201: ReportOrderOutput, 400: ErrorSerializer, 403: ErrorSerializer}
    )
    def post(self, request):
        ensure_role(request.user, ORDER_ROLES, action=_("order credit reports"))
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        order = services.credit_report_order_place(
            actor=request.user,
            buyer_id=v["buyer"],
            buyer_name=v["buyer_name"],
            buyer_country_id=v["buyer_country"].upper() or None,
            buyer_registration_number=v["buyer_registration_number"],
            buyer_address=v["buyer_address"],
            notes=v["notes"],
        )
        return Response(ReportOrderOutput(order).data, status=status.HTTP_201_CREATED)


class ReportOrderDetailApi(APIView):
    @extend_schema(responses={200: ReportOrderOutput, 404: ErrorSerializer})
    def get(self, request, pk: int):
        return Response(ReportOrderOutput(selectors.report_order_get(request.user, pk)).data)


class ReportOrderStartApi(APIView):
    @extend_schema(
        request=None, responses={200: ReportOrderOutput, 400: ErrorSerializer, 403: ErrorSerializer}
    )
    def post(self, request, pk: int):
        order = selectors.report_order_get(request.user, pk)
        order = services.credit_report_order_start(order_id=order.pk, actor=request.user)
        return Response(ReportOrderOutput(order).data)


class ReportOrderDeliverApi(APIView):
    """Deliver the report: upload the analyst's PDF (`pdf`, multipart) or omit it to generate
    the report from the buyer's file."""

    parser_classes = [MultiPartParser, FormParser, JSONParser]

    class Input(serializers.Serializer):
        findings = serializers.CharField(required=False, allow_blank=True, default="")
        pdf = serializers.FileField(required=False, allow_null=True, default=None)

    @extend_schema(
        request={"multipart/form-data": Input, "application/json": Input},
        responses={200: ReportOrderOutput, 400: ErrorSerializer, 403: ErrorSerializer},
    )
    def post(self, request, pk: int):
        order = selectors.report_order_get(request.user, pk)
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        upload = data.validated_data["pdf"]
        services.credit_report_order_deliver(
            order_id=order.pk,
            actor=request.user,
            findings=data.validated_data["findings"],
            pdf=upload.read() if upload else None,
        )
        return Response(ReportOrderOutput(selectors.report_order_get(request.user, pk)).data)


class ReportOrderCancelApi(APIView):
    class Input(serializers.Serializer):
        reason = serializers.CharField(required=False, allow_blank=True, default="")

    @extend_schema(
        request=Input, responses={200: ReportOrderOutput, 400: ErrorSerializer, 403: ErrorSerializer}
    )
    def post(self, request, pk: int):
        order = selectors.report_order_get(request.user, pk)
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        order = services.credit_report_order_cancel(
            order_id=order.pk, actor=request.user, reason=data.validated_data["reason"]
        )
        return Response(ReportOrderOutput(order).data)


class ReportOrderPdfApi(APIView):
    @extend_schema(
        responses={(200, "application/pdf"): OpenApiTypes.BINARY, 404: ErrorSerializer},
        summary="Download the delivered report",
    )
    def get(self, request, pk: int):
        from django.http import Http404

        order = selectors.report_order_get(request.user, pk)
        doc = selectors.report_order_document(order)
        if doc is None:
            raise Http404
        return document_response(doc, filename=f"{order.reference}.pdf")
