"""Lookup."""

from __future__ import annotations

from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import get_language
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from creditinfo import selectors
from creditinfo.apis.outputs import LightOutput  # noqa: E402
from creditinfo.cache import cached_answer
from sinosure_portal.base.api import ErrorSerializer

# --- traffic light -------------------------------------------------------------------------------


class LookupApi(APIView):
    """资信红绿灯: a buyer's light by name (fuzzy, any of its names) or registration number."""

    class Input(serializers.Serializer):
        q = serializers.CharField(max_length=200)
        country = serializers.CharField(max_length=2, required=False)

    class Output(serializers.Serializer):
        query = serializers.CharField()
        match = serializers.ChoiceField(choices=["registration", "name", "none"])
        found = serializers.BooleanField()
        too_short = serializers.BooleanField()
        buyers = LightOutput(many=True)
        report_order_url = serializers.CharField(allow_null=True)

    @extend_schema(
        parameters=[Input], responses={200: Output, 400: ErrorSerializer}, summary="Traffic-light look-up"
    )
    def get(self, request):
        data = self.Input(data=request.query_params)
        data.is_valid(raise_exception=True)
        query, country = data.validated_data["q"], data.validated_data.get("country")
        return Response(
            cached_answer((query, country, get_language(), "api"), lambda: self._answer(query, country))
        )

    @staticmethod
    def _answer(query: str, country: str | None) -> dict:
        result = selectors.buyer_lookup(query=query, country_id=country)
        return {
            "query": result.query,
            "match": result.match,
            "found": result.found,
            "too_short": result.too_short,
            "buyers": LightOutput(result.buyers, many=True).data,
            "report_order_url": None
            if result.found or result.too_short
            else f"{reverse('creditinfo:report-new')}?{urlencode({'name': result.query})}",
        }
