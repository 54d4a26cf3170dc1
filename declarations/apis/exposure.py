"""Exposure: a limit's and, for underwriters, each buyer's."""

from __future__ import annotations

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from declarations import selectors
from declarations.apis._common import ERRORS, _fake  # noqa: F401
from declarations.models import (
    ShipmentDeclaration,
)
from sinosure_portal.accounts.access import is_insurer

# --- exposure ------------------------------------------------------------------------------------------------


class LimitExposureApi(APIView):
    """A limit's amount, exposure and available amount now, and the declarations on it."""

    class Output(serializers.Serializer):
        id = serializers.IntegerField()
        number = serializers.CharField()
        buyer = serializers.CharField()
        status = serializers.CharField()
        amount_usd = serializers.DecimalField(max_digits=18, decimal_places=2)
        exposure_usd = serializers.DecimalField(max_digits=18, decimal_places=2)
        available_usd = serializers.DecimalField(max_digits=18, decimal_places=2)
        open_declarations = serializers.IntegerField()

    @extend_schema(responses={200: Output, **ERRORS})
    def get(self, request, pk: int):
        limit = selectors.limit_for_page(request.user, pk)
        return Response(self.Output(selectors.limit_exposure(limit)).data)


class BuyerExposureApi(generics.ListAPIView):
    """Underwriters: exposure per buyer across every insured."""

    class Output(serializers.Serializer):
        buyer_id = serializers.IntegerField()
        buyer_name = serializers.CharField(source="buyer__name")
        country = serializers.CharField(source="buyer__country_id")
        light = serializers.CharField(source="buyer__light")
        limits_usd = serializers.DecimalField(max_digits=18, decimal_places=2)
        exposure = serializers.DecimalField(max_digits=18, decimal_places=2)
        insureds = serializers.IntegerField()

    serializer_class = Output
    queryset = ShipmentDeclaration.objects.none()
    filter_backends: list = []

    def get_queryset(self):
        if _fake(self):
            return []
        if not is_insurer(self.request.user):
            raise Http404
        return selectors.exposure_by_buyer(self.request.user)
