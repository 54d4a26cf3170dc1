"""What the modules of this package share."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers

from sinosure_portal.base.api import ErrorSerializer

ERRORS = {400: ErrorSerializer, 403: ErrorSerializer, 404: ErrorSerializer}
PDF = OpenApiResponse(description="PDF document")
MONEY = {"max_digits": 18, "decimal_places": 2}


def _plain(value):
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    if isinstance(value, date):
        return value.isoformat()
    return value


def _fake(view) -> bool:
    return getattr(view, "swagger_fake_view", False)


def _ip(request) -> str | None:
    return request.META.get("REMOTE_ADDR") or None


class OrgOutput(serializers.Serializer):
    id = serializers.IntegerField()
    name_zh = serializers.CharField()
    name_en = serializers.CharField()
