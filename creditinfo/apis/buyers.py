"""Buyers."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from creditinfo import selectors, services
from creditinfo.apis.outputs import (
    EventOutput,  # noqa: E402
    LightOutput,  # noqa: E402
    _plain_choice,  # noqa: E402
)
from creditinfo.filters import BuyerFilter
from creditinfo.models import Buyer
from creditinfo.views.common import REGISTER_BUYER_ROLES
from sinosure_portal.accounts.access import ensure_role
from sinosure_portal.base.api import ErrorSerializer

# --- buyers --------------------------------------------------------------------------------------


class BuyerListApi(generics.ListAPIView):
    """Buyers (importers and issuing banks) with their lights. POST registers one; registering a
    buyer that already exists (same SWIFT code, same country and registration number, or the
    same normalised name in the same country) returns the existing one with `created: false`."""

    class Input(serializers.Serializer):
        kind = _plain_choice(Buyer.Kind.choices, default=Buyer.Kind.COMPANY)
        name = serializers.CharField(max_length=255)
        name_en = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")
        name_zh = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")
        country = serializers.CharField(max_length=2)
        registration_number = serializers.CharField(
            max_length=64, required=False, allow_blank=True, default=""
        )
        swift_code = serializers.CharField(max_length=11, required=False, allow_blank=True, default="")
        industry = serializers.CharField(max_length=1, required=False, allow_blank=True, default="")
        address = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")

    class Output(LightOutput):
        class Meta(LightOutput.Meta):
            fields = [*LightOutput.Meta.fields, "address", "light_changed_at", "created_at"]

    class RegisterOutput(serializers.Serializer):
        created = serializers.BooleanField()
        buyer = LightOutput()

    serializer_class = Output
    filterset_class = BuyerFilter
    queryset = Buyer.objects.none()

    def get_queryset(self):
        return selectors.buyer_queryset().order_by("name", "id")

    @extend_schema(request=Input, responses={201: RegisterOutput, 200: RegisterOutput, 400: ErrorSerializer})
    def post(self, request):
        ensure_role(request.user, REGISTER_BUYER_ROLES, action=_("register buyers"))
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        buyer, created = services.buyer_register(
            name=v["name"],
            country_id=v["country"].upper(),
            actor=request.user,
            kind=v["kind"],
            name_en=v["name_en"],
            name_zh=v["name_zh"],
            registration_number=v["registration_number"],
            swift_code=v["swift_code"],
            industry_id=v["industry"].upper() or None,
            address=v["address"],
        )
        buyer = selectors.buyer_get(buyer.pk)
        return Response(
            {"created": created, "buyer": LightOutput(buyer).data},
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )


class BuyerDetailApi(APIView):
    class LightChangeOutput(serializers.Serializer):
        from_light = serializers.CharField()
        to_light = serializers.CharField()
        reason = serializers.CharField()
        changed_at = serializers.DateTimeField()

    class Output(LightOutput):
        events = serializers.SerializerMethodField()
        light_changes = serializers.SerializerMethodField()

        class Meta(LightOutput.Meta):
            fields = [*LightOutput.Meta.fields, "address", "light_changed_at", "events", "light_changes"]

        def get_events(self, obj) -> list[dict]:
            return EventOutput(selectors.buyer_events(obj), many=True).data

        def get_light_changes(self, obj) -> list[dict]:
            return BuyerDetailApi.LightChangeOutput(selectors.buyer_light_history(obj)[:50], many=True).data

    @extend_schema(responses={200: Output, 404: ErrorSerializer})
    def get(self, request, pk: int):
        return Response(self.Output(selectors.buyer_get(pk)).data)
