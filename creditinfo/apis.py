"""The credit information API (/api/v1/creditinfo/...): one class per operation.

Buyers, lights, countries, industries, risk events and the finder are credit information every
signed-in user may read; report orders are scoped to the ordering organisation (another
organisation's order is a 404).
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import generics, serializers, status
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from creditinfo import rules, selectors, services
from creditinfo.filters import BuyerFilter, ReportOrderFilter, RiskEventFeedFilter
from creditinfo.models import Buyer, Country, CreditReportOrder, IndustryGroup, RiskEvent, Subscription
from creditinfo.services.reports import ORDER_ROLES
from creditinfo.views.common import RECORD_EVENT_ROLES, REGISTER_BUYER_ROLES
from sinosure_portal.accounts.access import ensure_role, is_insurer
from sinosure_portal.base.api import ErrorSerializer
from sinosure_portal.core.documents import document_response

# --- shared output shapes --------------------------------------------------------------------------


def _plain_choice(choices, *, read_only: bool = False, **kwargs):
    """A choice field documented as a string listing its values, not as an OpenAPI enum
    component: several apps have fields named `kind` and `status` with different values, and
    enum components are named after the field, so they would collide in the one schema."""
    values = [str(v) for v, _label in choices]
    schema = {
        "type": "string",
        "maxLength": max(len(v) for v in values),
        "description": "One of: " + ", ".join(values),
    }
    base = serializers.CharField if read_only else serializers.ChoiceField
    field_class = extend_schema_field(schema)(type("PlainChoiceField", (base,), {}))
    if read_only:
        return field_class(read_only=True, **kwargs)
    return field_class(choices=choices, **kwargs)


class LightOutput(serializers.ModelSerializer):
    """A buyer as the traffic light shows it: who, where, the light, its reason and advice."""

    kind = _plain_choice(Buyer.Kind.choices, read_only=True)
    country_name = serializers.SerializerMethodField()
    light_label = serializers.CharField(source="get_light_display")
    light_reason = serializers.SerializerMethodField()
    advice = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()

    class Meta:
        model = Buyer
        fields = [
            "id",
            "kind",
            "name",
            "name_en",
            "name_zh",
            "display_name",
            "country",
            "country_name",
            "registration_number",
            "swift_code",
            "industry",
            "light",
            "light_label",
            "light_reason",
            "advice",
            "url",
        ]

    def get_country_name(self, obj) -> str:
        return obj.country.name

    def get_light_reason(self, obj) -> str:
        return rules.light_reason_or_default(obj.light, obj.light_reason)

    def get_advice(self, obj) -> str:
        return rules.light_advice(obj.light)

    def get_url(self, obj) -> str:
        return reverse("creditinfo:buyer-detail", args=[obj.pk])


class EventOutput(serializers.ModelSerializer):
    kind = _plain_choice(RiskEvent.Kind.choices, read_only=True)
    kind_label = serializers.CharField(source="get_kind_display")
    buyer_name = serializers.SerializerMethodField()

    class Meta:
        model = RiskEvent
        fields = [
            "id",
            "kind",
            "kind_label",
            "event_date",
            "title",
            "description",
            "buyer",
            "buyer_name",
            "country",
            "industry",
            "resolved",
            "recorded_at",
        ]

    def get_buyer_name(self, obj) -> str | None:
        return obj.buyer.display_name if obj.buyer_id else None


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
        result = selectors.buyer_lookup(
            query=data.validated_data["q"], country_id=data.validated_data.get("country")
        )
        return Response(
            {
                "query": result.query,
                "match": result.match,
                "found": result.found,
                "too_short": result.too_short,
                "buyers": LightOutput(result.buyers, many=True).data,
                "report_order_url": None
                if result.found or result.too_short
                else f"{reverse('creditinfo:report-new')}?{urlencode({'name': result.query})}",
            }
        )


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


# --- risk events and alerts --------------------------------------------------------------------


class RiskEventListApi(generics.ListAPIView):
    """The alert feed (资信报警器), filterable by country, industry, company, kind and
    `followed=true`. Underwriters and administrators record an event with POST."""

    class Input(serializers.Serializer):
        kind = _plain_choice(RiskEvent.Kind.choices)
        event_date = serializers.DateField()
        title = serializers.CharField(max_length=200)
        description = serializers.CharField(required=False, allow_blank=True, default="")
        buyer = serializers.IntegerField(required=False, allow_null=True, default=None)
        country = serializers.CharField(max_length=2, required=False, allow_blank=True, default="")
        industry = serializers.CharField(max_length=1, required=False, allow_blank=True, default="")

    serializer_class = EventOutput
    filterset_class = RiskEventFeedFilter
    queryset = RiskEvent.objects.none()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return RiskEvent.objects.none()
        return selectors.risk_event_feed(user=self.request.user)

    @extend_schema(request=Input, responses={201: EventOutput, 400: ErrorSerializer, 403: ErrorSerializer})
    def post(self, request):
        ensure_role(request.user, RECORD_EVENT_ROLES, action=_("record risk events"))
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        buyer = None
        if v["buyer"]:
            buyer = Buyer.objects.filter(pk=v["buyer"]).first()
            if buyer is None:
                from sinosure_portal.base.errors import DomainError

                raise DomainError("buyer_unknown", _("Unknown buyer."), field="buyer")
        event = services.risk_event_record(
            kind=v["kind"],
            event_date=v["event_date"],
            title=v["title"],
            description=v["description"],
            actor=request.user,
            buyer=buyer,
            country_id=v["country"].upper() or None,
            industry_id=v["industry"].upper() or None,
        )
        return Response(EventOutput(event).data, status=status.HTTP_201_CREATED)


class RiskEventResolveApi(APIView):
    class Input(serializers.Serializer):
        reason = serializers.CharField(required=False, allow_blank=True, default="")

    @extend_schema(request=Input, responses={200: EventOutput, 403: ErrorSerializer, 404: ErrorSerializer})
    def post(self, request, pk: int):
        ensure_role(request.user, RECORD_EVENT_ROLES, action=_("resolve risk events"))
        from django.shortcuts import get_object_or_404

        get_object_or_404(RiskEvent, pk=pk)
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        event = services.risk_event_resolve(
            event_id=pk, actor=request.user, reason=data.validated_data["reason"]
        )
        return Response(EventOutput(event).data)


class SubscriptionListApi(generics.ListAPIView):
    """What the signed-in user follows. POST follows a country, an industry or a company
    (exactly one of `country`, `industry`, `buyer`)."""

    class Output(serializers.ModelSerializer):
        subject_kind = serializers.CharField()
        subject = serializers.SerializerMethodField()

        class Meta:
            model = Subscription
            fields = ["id", "subject_kind", "subject", "country", "industry", "buyer", "email", "created_at"]

        def get_subject(self, obj) -> str:
            return str(obj.subject)

    class Input(serializers.Serializer):
        country = serializers.CharField(max_length=2, required=False, allow_blank=True, default="")
        industry = serializers.CharField(max_length=1, required=False, allow_blank=True, default="")
        buyer = serializers.IntegerField(required=False, allow_null=True, default=None)
        email = serializers.BooleanField(default=True)

    serializer_class = Output
    queryset = Subscription.objects.none()
    filterset_class = None

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Subscription.objects.none()
        return selectors.subscriptions_of(self.request.user)

    @extend_schema(request=Input, responses={201: Output, 200: Output, 400: ErrorSerializer})
    def post(self, request):
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        sub, created = services.subscription_follow(
            user=request.user,
            country_id=v["country"].upper() or None,
            industry_id=v["industry"].upper() or None,
            buyer_id=v["buyer"],
            email=v["email"],
        )
        return Response(
            self.Output(sub).data, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK
        )


class SubscriptionDetailApi(APIView):
    @extend_schema(responses={204: None, 404: ErrorSerializer}, summary="Stop following")
    def delete(self, request, pk: int):
        services.subscription_unfollow(user=request.user, subscription_id=pk)
        return Response(status=status.HTTP_204_NO_CONTENT)


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
