"""Webhooks through the API: your organisation's endpoints (list, register, change, delete),
rotating a secret, a test event, the delivery log and redelivery. Another organisation's endpoint is
not found (404)."""

from __future__ import annotations

from django.db import transaction
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from sinosure_portal.base.api import ErrorSerializer
from sinosure_portal.webhooks import registry, selectors, services
from sinosure_portal.webhooks.models import Delivery, Endpoint


class EndpointOutput(serializers.ModelSerializer):
    secret_prefix = serializers.CharField(
        read_only=True, help_text="The secret's first characters (to tell secrets apart)."
    )
    events = serializers.ListField(
        child=serializers.CharField(), read_only=True, help_text="The event types chosen."
    )
    disabled_reason = serializers.CharField(
        read_only=True, help_text="'' (by a person) or 'failing' (after a day of failed deliveries)"
    )

    class Meta:
        model = Endpoint
        fields = [
            "id",
            "url",
            "description",
            "events",
            "active",
            "disabled_at",
            "disabled_reason",
            "failing_since",
            "secret_prefix",
            "secret_rotated_at",
            "created_at",
            "updated_at",
        ]


class EndpointWithSecretOutput(EndpointOutput):
    secret = serializers.CharField(help_text="The signing secret: shown this once, never again.")

    class Meta(EndpointOutput.Meta):
        fields = ["secret", *EndpointOutput.Meta.fields]


def _with_secret(made) -> dict:
    return {"secret": made.secret, **EndpointOutput(made.endpoint).data}


class DeliveryOutput(serializers.ModelSerializer):
    status = serializers.CharField(read_only=True, help_text="pending, delivered or failed (given up)")
    event_id = serializers.UUIDField(read_only=True)

    class Meta:
        model = Delivery
        fields = [
            "id",
            "event_id",
            "type",
            "object_key",
            "status",
            "attempts",
            "first_attempt_at",
            "last_attempt_at",
            "next_attempt_at",
            "last_response_code",
            "last_error",
            "delivered_at",
            "created_at",
            "payload",
        ]


class EventTypeOutput(serializers.Serializer):
    type = serializers.CharField()
    label = serializers.CharField()


_EVENTS = serializers.ListField(
    child=serializers.CharField(max_length=64),
    max_length=50,
    help_text="Event types (see /api/v1/webhooks/events/).",
)


class EventTypeListApi(APIView):
    @extend_schema(responses={200: EventTypeOutput(many=True)}, summary="The events an endpoint may choose")
    def get(self, request):
        return Response(
            [
                {"type": e.type, "label": str(e.label)}
                for e in registry.event_types()
                if e.type != registry.TEST_EVENT
            ]
        )


class EndpointListCreateApi(generics.ListAPIView):
    """Your organisation's webhook endpoints (GET); register one (POST: the signing secret is in the
    answer, once)."""

    class Input(serializers.Serializer):
        url = serializers.CharField(max_length=500)
        events = _EVENTS
        description = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")

    serializer_class = EndpointOutput
    queryset = Endpoint.objects.none()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Endpoint.objects.none()
        return selectors.endpoints_visible(self.request.user).order_by("-created_at", "-id")

    @extend_schema(
        request=Input,
        responses={201: EndpointWithSecretOutput, 400: ErrorSerializer},
        summary="Register a webhook endpoint (its secret is in the answer, once)",
    )
    def post(self, request):
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        made = services.endpoint_create(actor=request.user, **data.validated_data)
        return Response(_with_secret(made), status=201)


class EndpointDetailApi(APIView):
    class Input(serializers.Serializer):
        url = serializers.CharField(max_length=500, required=False)
        events = serializers.ListField(
            child=serializers.CharField(max_length=64), max_length=50, required=False
        )
        description = serializers.CharField(max_length=200, required=False, allow_blank=True)
        active = serializers.BooleanField(
            required=False, help_text="false disables, true enables (pending events go out)"
        )

    @extend_schema(responses={200: EndpointOutput, 404: ErrorSerializer}, summary="One webhook endpoint")
    def get(self, request, pk: int):
        return Response(EndpointOutput(selectors.endpoint_get(request.user, pk)).data)

    @extend_schema(
        request=Input,
        responses={200: EndpointOutput, 400: ErrorSerializer, 404: ErrorSerializer},
        summary="Change an endpoint's address, events or description; disable or enable it",
    )
    def patch(self, request, pk: int):
        data = self.Input(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        v = dict(data.validated_data)
        active = v.pop("active", None)
        with transaction.atomic():
            endpoint = services.endpoint_update(actor=request.user, endpoint_id=pk, **v)
            if active is not None:
                endpoint = services.endpoint_set_active(actor=request.user, endpoint_id=pk, active=active)
        return Response(EndpointOutput(endpoint).data)

    @extend_schema(
        request=None, responses={204: None, 404: ErrorSerializer}, summary="Delete an endpoint and its log"
    )
    def delete(self, request, pk: int):
        services.endpoint_delete(actor=request.user, endpoint_id=pk)
        return Response(status=204)


class EndpointRotateSecretApi(APIView):
    @extend_schema(
        request=None,
        responses={200: EndpointWithSecretOutput, 404: ErrorSerializer},
        summary="A new signing secret (in the answer, once); the old one signs nothing more",
    )
    def post(self, request, pk: int):
        return Response(_with_secret(services.endpoint_rotate_secret(actor=request.user, endpoint_id=pk)))


class EndpointTestApi(APIView):
    @extend_schema(
        request=None,
        responses={202: DeliveryOutput, 400: ErrorSerializer, 404: ErrorSerializer},
        summary="Send a webhook.test event to the endpoint now",
    )
    def post(self, request, pk: int):
        delivery = services.endpoint_send_test(actor=request.user, endpoint_id=pk)
        delivery.refresh_from_db()
        return Response(DeliveryOutput(delivery).data, status=202)


class DeliveryListApi(generics.ListAPIView):
    """The endpoint's delivery log, newest first: status, attempts, response code, times."""

    serializer_class = DeliveryOutput
    queryset = Delivery.objects.none()

    @extend_schema(
        parameters=[
            OpenApiParameter("status", str, enum=[s.value for s in Delivery.Status], required=False),
            OpenApiParameter("type", str, required=False),
        ]
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Delivery.objects.none()
        rows = selectors.deliveries_of(self.request.user, self.kwargs["pk"])
        status = self.request.query_params.get("status")
        if status:
            rows = rows.filter(status=status)
        kind = self.request.query_params.get("type")
        if kind:
            rows = rows.filter(type=kind)
        return rows


class DeliveryRedeliverApi(APIView):
    @extend_schema(
        request=None,
        responses={202: DeliveryOutput, 400: ErrorSerializer, 404: ErrorSerializer},
        summary="Send an event again now, with the same event id",
    )
    def post(self, request, pk: int, delivery_id: int):
        delivery = services.delivery_redeliver(actor=request.user, endpoint_id=pk, delivery_id=delivery_id)
        delivery.refresh_from_db()
        return Response(DeliveryOutput(delivery).data, status=202)
