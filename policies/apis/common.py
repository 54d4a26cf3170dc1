"""What the policy endpoints share: the error and PDF responses, the client's address, a reason."""

from drf_spectacular.types import OpenApiTypes
from rest_framework import serializers

from sinosure_portal.base.api import ErrorSerializer

PDF = {(200, "application/pdf"): OpenApiTypes.BINARY, 404: ErrorSerializer}


ERRORS = {400: ErrorSerializer, 403: ErrorSerializer, 404: ErrorSerializer}


def _ip(request):
    return request.META.get("REMOTE_ADDR") or None


class PolicyReasonInput(serializers.Serializer):
    reason = serializers.CharField()
