"""Kernel endpoints: who am I, my inbox, exchange rates, the working-day calendar, audit."""

from datetime import date

from django.core.validators import MaxValueValidator, MinValueValidator
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from sinosure_portal.accounts.access import ensure_role, is_insurer
from sinosure_portal.accounts.models import Organisation, Role, User
from sinosure_portal.audit.models import AuditEvent
from sinosure_portal.base.api import ErrorSerializer
from sinosure_portal.core import search
from sinosure_portal.core.filters import AuditEventFilter, ExchangeRateFilter
from sinosure_portal.money.currency import validate_currency
from sinosure_portal.money.models import ExchangeRate
from sinosure_portal.money.services import exchange_rate_enter
from sinosure_portal.notifications.models import Notification
from sinosure_portal.notifications.services import notifications_mark_read
from sinosure_portal.workdays import calendar as workdays
from sinosure_portal.workdays import statutory


class MeApi(APIView):
    class OrganisationOutput(serializers.ModelSerializer):
        class Meta:
            model = Organisation
            fields = [
                "id",
                "kind",
                "name_zh",
                "name_en",
                "uscc",
                "province",
                "size_class",
                "last_year_exports_usd",
            ]

    class Output(serializers.ModelSerializer):
        organisation = serializers.SerializerMethodField()

        class Meta:
            model = User
            fields = ["id", "username", "display_name", "email", "role", "organisation"]

        @extend_schema(exclude=True)
        def get_organisation(self, obj) -> dict | None:
            return MeApi.OrganisationOutput(obj.organisation).data if obj.organisation else None

    @extend_schema(responses=Output, summary="The signed-in user and their organisation")
    def get(self, request):
        return Response(self.Output(request.user).data)


class NotificationListApi(generics.ListAPIView):
    class Output(serializers.ModelSerializer):
        # rendered in the language of the request (Accept-Language or the language cookie)
        title = serializers.CharField(source="heading")
        body = serializers.CharField(source="text")

        class Meta:
            model = Notification
            fields = ["id", "kind", "level", "title", "body", "params", "url", "created_at", "read_at"]

    serializer_class = Output
    filterset_fields = ["kind", "level"]

    queryset = Notification.objects.none()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Notification.objects.none()
        qs = Notification.objects.filter(user=self.request.user)
        if self.request.query_params.get("unread") in {"1", "true"}:
            qs = qs.filter(read_at__isnull=True)
        return qs


class NotificationMarkReadApi(APIView):
    class Input(serializers.Serializer):
        ids = serializers.ListField(child=serializers.IntegerField(), required=False)

    class Output(serializers.Serializer):
        marked = serializers.IntegerField()

    @extend_schema(request=Input, responses={200: Output, 400: ErrorSerializer})
    def post(self, request):
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        return Response(
            {"marked": notifications_mark_read(user=request.user, ids=data.validated_data.get("ids"))}
        )


class ExchangeRateListApi(generics.ListAPIView):
    """Daily rates to USD. Staff may also add or correct a rate with POST."""

    class Output(serializers.ModelSerializer):
        class Meta:
            model = ExchangeRate
            fields = ["currency", "date", "usd_per_unit", "source"]

    class Input(serializers.Serializer):
        currency = serializers.CharField(max_length=3, validators=[validate_currency])
        date = serializers.DateField()
        usd_per_unit = serializers.DecimalField(max_digits=20, decimal_places=10)
        source = serializers.CharField(max_length=100, required=False, allow_blank=True)

    serializer_class = Output
    filterset_class = ExchangeRateFilter
    queryset = ExchangeRate.objects.all()

    @extend_schema(request=Input, responses={201: Output, 400: ErrorSerializer})
    def post(self, request):
        ensure_role(request.user, [Role.ADMIN, Role.UNDERWRITER], action=_("enter exchange rates"))
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        rate = exchange_rate_enter(
            currency=v["currency"],
            on=v["date"],
            usd_per_unit=v["usd_per_unit"],
            actor=request.user,
            source=v.get("source", ""),
        )
        return Response(self.Output(rate).data, status=201)


class AddBusinessDaysApi(APIView):
    class Input(serializers.Serializer):
        start = serializers.DateField(
            validators=[
                MinValueValidator(date(statutory.FIRST_YEAR, 1, 1)),
                MaxValueValidator(date(statutory.LAST_YEAR, 12, 31)),
            ]
        )
        days = serializers.IntegerField(min_value=0, max_value=400)

    class Output(serializers.Serializer):
        start = serializers.DateField()
        days = serializers.IntegerField()
        date = serializers.DateField()
        provisional = serializers.BooleanField()

    @extend_schema(
        parameters=[Input],
        responses={200: Output, 400: ErrorSerializer},
        summary="The n-th China working day after a date (makeup working days included)",
    )
    def get(self, request):
        data = self.Input(data=request.query_params)
        data.is_valid(raise_exception=True)
        result = workdays.add_business_days(data.validated_data["start"], data.validated_data["days"])
        return Response({**data.validated_data, "date": result.date, "provisional": result.provisional})


class AuditEventListApi(generics.ListAPIView):
    """The audit trail (insurer staff)."""

    class Output(serializers.ModelSerializer):
        object_type = serializers.CharField(source="content_type.model")
        actor = serializers.CharField(source="actor.username", default=None)
        reason = serializers.CharField(source="why", help_text="in the language of the request")

        class Meta:
            model = AuditEvent
            fields = [
                "id",
                "object_type",
                "object_id",
                "object_repr",
                "action",
                "from_state",
                "to_state",
                "actor",
                "at",
                "reason",
                "data",
            ]

    serializer_class = Output
    filterset_class = AuditEventFilter

    queryset = AuditEvent.objects.none()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return AuditEvent.objects.none()
        if not is_insurer(self.request.user):
            raise Http404
        return AuditEvent.objects.select_related("actor", "content_type").order_by("-at", "-id")


class SearchApi(APIView):
    """Global search: buyers, policies, limits, invoices, claims and loans you may see, by number
    (from its start, any case) or, for buyers, by name (typo-tolerant). At most 5 of each kind;
    nothing for fewer than 2 characters."""

    class Input(serializers.Serializer):
        q = serializers.CharField(max_length=100, allow_blank=True)

    class HitOutput(serializers.Serializer):
        title = serializers.CharField()
        subtitle = serializers.CharField()
        url = serializers.CharField()
        id = serializers.IntegerField(allow_null=True)

    class GroupOutput(serializers.Serializer):
        kind = serializers.ChoiceField(choices=["buyer", "policy", "limit", "invoice", "claim", "loan"])
        label = serializers.CharField()
        hits = serializers.ListField(child=serializers.DictField())

    class Output(serializers.Serializer):
        query = serializers.CharField()
        too_short = serializers.BooleanField()
        groups = serializers.ListField(child=serializers.DictField())

    @extend_schema(parameters=[Input], responses={200: Output, 400: ErrorSerializer}, summary="Global search")
    def get(self, request):
        data = self.Input(data=request.query_params)
        data.is_valid(raise_exception=True)
        query = search.clean_query(data.validated_data["q"])
        groups = search.search(request.user, query)
        return Response(
            {
                "query": query,
                "too_short": len(query) < search.MIN_CHARS,
                "groups": [
                    {"kind": g["kind"], "label": g["label"], "hits": [vars(h) for h in g["hits"]]}
                    for g in groups
                ],
            }
        )
