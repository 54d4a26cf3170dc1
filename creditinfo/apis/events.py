"""Events."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from creditinfo import selectors, services
from creditinfo.apis.outputs import (
    EventOutput,  # noqa: E402
    _plain_choice,  # noqa: E402
)
from creditinfo.filters import RiskEventFeedFilter
from creditinfo.models import Buyer, RiskEvent, Subscription
from creditinfo.views.common import RECORD_EVENT_ROLES
from sinosure_portal.accounts.access import ensure_role
from sinosure_portal.base.api import ErrorSerializer

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
