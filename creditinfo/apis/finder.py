"""Finder."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from creditinfo import selectors
from creditinfo.models import Country
from sinosure_portal.base.api import ErrorSerializer

# --- buyer finder ---------------------------------------------------------------------------------


class FinderApi(APIView):
    """资信导航仪: importers of a product (HS prefix or name) in a country, with the number of
    importers, the monthly trend of value and weight, and the ranked importers."""

    class Input(serializers.Serializer):
        country = serializers.CharField(max_length=2)
        product = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
        order = serializers.ChoiceField(choices=["value", "weight", "count"], default="value")
        contact_known = serializers.BooleanField(required=False, default=False)
        china_origin = serializers.BooleanField(required=False, default=False)
        date_from = serializers.DateField(required=False, allow_null=True, default=None)
        date_to = serializers.DateField(required=False, allow_null=True, default=None)
        limit = serializers.IntegerField(min_value=1, max_value=200, default=50)
        offset = serializers.IntegerField(min_value=0, default=0)

        def validate_country(self, value):
            value = value.upper()
            if not Country.objects.filter(pk=value).exists():
                raise serializers.ValidationError(_("Unknown country."))
            return value

    class SummaryOutput(serializers.Serializer):
        importers = serializers.IntegerField()
        trades = serializers.IntegerField()
        value_usd = serializers.DecimalField(max_digits=20, decimal_places=2)
        weight_kg = serializers.DecimalField(max_digits=20, decimal_places=2)
        first = serializers.DateField(allow_null=True)
        last = serializers.DateField(allow_null=True)

    class MonthOutput(serializers.Serializer):
        month = serializers.DateField()
        value_usd = serializers.DecimalField(max_digits=20, decimal_places=2)
        weight_kg = serializers.DecimalField(max_digits=20, decimal_places=2)
        trades = serializers.IntegerField()

    class ImporterRowOutput(serializers.Serializer):
        rank = serializers.IntegerField()
        importer_id = serializers.IntegerField()
        name = serializers.CharField(source="importer.name")
        country = serializers.CharField(source="importer.country_id")
        contact_known = serializers.BooleanField(source="importer.contact_known")
        is_sample = serializers.BooleanField(source="importer.is_sample")
        buyer_light = serializers.CharField(source="importer.buyer.light", default=None, allow_null=True)
        value_usd = serializers.DecimalField(max_digits=20, decimal_places=2)
        weight_kg = serializers.DecimalField(max_digits=20, decimal_places=2)
        trades = serializers.IntegerField()
        last_trade = serializers.DateField()

    class Output(serializers.Serializer):
        sample_data = serializers.BooleanField()
        hs_prefix = serializers.CharField()
        product = serializers.CharField()
        summary = serializers.DictField()
        trend = serializers.ListField(child=serializers.DictField())
        importers = serializers.ListField(child=serializers.DictField())

    @extend_schema(parameters=[Input], responses={200: Output, 400: ErrorSerializer})
    def get(self, request):
        from creditinfo.views.finder import finder_query_from

        data = self.Input(data=request.query_params)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        q = finder_query_from(v)
        rows = selectors.finder_importers(q, limit=v["limit"], offset=v["offset"])
        for rank, row in enumerate(rows, start=v["offset"] + 1):
            row["rank"] = rank
        return Response(
            {
                "sample_data": selectors.finder_has_sample(q),
                "hs_prefix": q.hs_prefix,
                "product": q.product,
                "summary": self.SummaryOutput(selectors.finder_summary(q)).data,
                "trend": self.MonthOutput(selectors.finder_trend(q), many=True).data,
                "importers": self.ImporterRowOutput(rows, many=True).data,
            }
        )


class ImporterDetailApi(APIView):
    class TradeOutput(serializers.Serializer):
        trade_date = serializers.DateField()
        hs_code = serializers.CharField()
        product_name = serializers.CharField()
        weight_kg = serializers.DecimalField(max_digits=16, decimal_places=2)
        value_usd = serializers.DecimalField(max_digits=18, decimal_places=2)
        origin_country = serializers.CharField()

    class Output(serializers.Serializer):
        id = serializers.IntegerField()
        name = serializers.CharField()
        country = serializers.CharField(source="country_id")
        address = serializers.CharField()
        contact = serializers.CharField()
        contact_known = serializers.BooleanField()
        is_sample = serializers.BooleanField()
        buyer = serializers.IntegerField(source="buyer_id", allow_null=True)
        totals = serializers.DictField()
        products = serializers.ListField(child=serializers.DictField())
        origins = serializers.ListField(child=serializers.DictField())
        recent_trades = serializers.ListField(child=serializers.DictField())

    @extend_schema(responses={200: Output, 404: ErrorSerializer})
    def get(self, request, pk: int):
        importer = selectors.importer_get(pk)
        importer.totals = selectors.importer_totals(importer)
        importer.products = selectors.importer_products(importer)
        importer.origins = selectors.importer_origins(importer)
        importer.recent_trades = self.TradeOutput(selectors.importer_history(importer)[:100], many=True).data
        return Response(self.Output(importer).data)
