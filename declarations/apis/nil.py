"""Nil declarations (零申报): "no shipments this month" for a declaring policy."""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import generics, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from declarations import selectors, services
from declarations.apis._common import ERRORS, _fake
from declarations.models import NilDeclaration


@extend_schema_field(
    {"type": "string", "maxLength": 10, "pattern": r"^\d{4}-\d{2}(-\d{2})?$", "example": "2026-11"}
)
class MonthField(serializers.Field):
    """A month as "YYYY-MM" (a full date is accepted and read as its month)."""

    default_error_messages = {"invalid": _("Give the month as YYYY-MM.")}

    def to_internal_value(self, data) -> date:
        text = str(data or "").strip()
        if len(text) > 10:
            self.fail("invalid")
        try:
            return date.fromisoformat(f"{text}-01" if len(text) == 7 else text).replace(day=1)
        except ValueError:
            self.fail("invalid")

    def to_representation(self, value: date) -> str:
        return value.strftime("%Y-%m")


class NilOutput(serializers.ModelSerializer):
    month = MonthField()
    policy_number = serializers.CharField(source="policy.number")

    class Meta:
        model = NilDeclaration
        fields = ["id", "policy", "policy_number", "month", "client_reference", "reported_at"]


class NilInput(serializers.Serializer):
    policy = serializers.IntegerField()
    month = MonthField()
    client_reference = serializers.CharField(max_length=64, required=False, allow_blank=True, default="")


def _input(v: dict) -> services.NilInput:
    return services.NilInput(policy_id=v["policy"], month=v["month"], client_reference=v["client_reference"])


class NilDeclarationListCreateApi(generics.ListAPIView):
    """Months you reported without shipments (GET); report one with POST. Reporting the same month
    again answers with the first report and changes nothing."""

    serializer_class = NilOutput
    queryset = NilDeclaration.objects.none()

    def get_queryset(self):
        if _fake(self):
            return NilDeclaration.objects.none()
        return selectors.nil_declarations_visible(self.request.user).order_by("-month", "-id")

    @extend_schema(request=NilInput, responses={201: NilOutput, **ERRORS})
    def post(self, request):
        data = NilInput(data=request.data)
        data.is_valid(raise_exception=True)
        nil = services.nil_declaration_report(actor=request.user, data=_input(data.validated_data))
        return Response(NilOutput(nil).data, status=status.HTTP_201_CREATED)


class NilDeclarationBulkApi(APIView):
    """Several months or policies at once (up to 120): all are reported, or none, and the error
    names the row (from 1)."""

    class Input(serializers.Serializer):
        items = NilInput(many=True, allow_empty=False, max_length=120)

    @extend_schema(request=Input, responses={201: NilOutput(many=True), **ERRORS})
    def post(self, request):
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        nils = services.nil_declarations_report_many(
            actor=request.user, items=[_input(v) for v in data.validated_data["items"]]
        )
        return Response(NilOutput(nils, many=True).data, status=status.HTTP_201_CREATED)
