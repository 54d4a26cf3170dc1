"""Countries."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from creditinfo import selectors
from creditinfo.apis.outputs import EventOutput  # noqa: E402
from creditinfo.models import Country, IndustryGroup
from sinosure_portal.accounts.access import is_insurer
from sinosure_portal.base.api import ErrorSerializer

# --- countries and industries ------------------------------------------------------------------


class CountryListApi(APIView):
    class Output(serializers.ModelSerializer):
        open_events = serializers.IntegerField()
        exposure_usd = serializers.DecimalField(max_digits=20, decimal_places=2, allow_null=True)

        class Meta:
            model = Country
            fields = ["code", "name_zh", "name_en", "risk_class", "outlook", "open_events", "exposure_usd"]

    @extend_schema(
        responses={200: Output(many=True)},
        summary="Countries with risk class and outlook (exposure for insurer staff, else null)",
    )
    def get(self, request):
        countries = list(selectors.country_list())
        exposure = selectors.exposure_by_country() if is_insurer(request.user) else None
        for c in countries:
            c.exposure_usd = exposure.get(c.code, 0) if exposure is not None else None
        return Response(self.Output(countries, many=True).data)


class CountryDetailApi(APIView):
    class Output(serializers.ModelSerializer):
        exposure_usd = serializers.DecimalField(max_digits=20, decimal_places=2, allow_null=True)
        recent_events = EventOutput(many=True)

        class Meta:
            model = Country
            fields = [
                "code",
                "name_zh",
                "name_en",
                "risk_class",
                "outlook",
                "notes",
                "exposure_usd",
                "recent_events",
            ]

    @extend_schema(responses={200: Output, 404: ErrorSerializer})
    def get(self, request, code: str):
        country = selectors.country_get(code)
        country.exposure_usd = (
            selectors.country_exposure_usd(country.code) if is_insurer(request.user) else None
        )
        country.recent_events = selectors.country_recent_events(country)
        return Response(self.Output(country).data)


class IndustryListApi(APIView):
    class Output(serializers.ModelSerializer):
        open_events = serializers.IntegerField()

        class Meta:
            model = IndustryGroup
            fields = ["code", "name_zh", "name_en", "risk_notes", "open_events"]

    @extend_schema(responses={200: Output(many=True)}, summary="The 21 industry groups with their risk notes")
    def get(self, request):
        return Response(self.Output(selectors.industry_list(), many=True).data)


class IndustryDetailApi(APIView):
    class Output(serializers.ModelSerializer):
        recent_events = EventOutput(many=True)

        class Meta:
            model = IndustryGroup
            fields = ["code", "name_zh", "name_en", "risk_notes", "recent_events"]

    @extend_schema(responses={200: Output, 404: ErrorSerializer})
    def get(self, request, code: str):
        industry = selectors.industry_get(code)
        industry.recent_events = selectors.industry_recent_events(industry)
        return Response(self.Output(industry).data)
