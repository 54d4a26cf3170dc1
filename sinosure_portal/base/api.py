"""What every API endpoint shares: the error handler and small helpers."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import serializers, status
from rest_framework.exceptions import ValidationError as DRFValidationError
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from sinosure_portal.base.errors import DomainError, translate_integrity_error


class ErrorSerializer(serializers.Serializer):
    """The body of every 4xx answer the API gives for bad input."""

    code = serializers.CharField()
    message = serializers.CharField()
    field = serializers.CharField(required=False)
    row = serializers.IntegerField(required=False)
    errors = serializers.DictField(required=False)


def exception_handler(exc, context):
    if isinstance(exc, IntegrityError):
        exc = translate_integrity_error(exc)
    if isinstance(exc, DomainError):
        return Response(exc.as_dict(), status=exc.status_code)
    if isinstance(exc, DjangoValidationError):
        exc = DRFValidationError(detail=exc.message_dict if hasattr(exc, "error_dict") else exc.messages)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, DRFValidationError):
        detail = response.data
        first_field, first_message = _first_error(detail)
        body = {
            "code": "invalid",
            "message": first_message or _("The request is not valid."),
            "errors": detail,
        }
        if first_field:
            body["field"] = first_field
            body["message"] = f"{first_field}: {first_message}"
        response.data = body
        response.status_code = status.HTTP_400_BAD_REQUEST
    elif isinstance(exc, Http404) or response.status_code == 404:
        response.data = {"code": "not_found", "message": _("Not found.")}
    elif isinstance(response.data, dict) and "detail" in response.data:
        code = getattr(response.data["detail"], "code", "error")
        response.data = {"code": str(code), "message": str(response.data["detail"])}
    return response


def _first_error(detail, prefix: str = "") -> tuple[str | None, str | None]:
    if isinstance(detail, dict):
        for key, value in detail.items():
            name = key if key != "non_field_errors" else ""
            path = f"{prefix}.{name}" if prefix and name else (prefix or name)
            field, message = _first_error(value, path)
            if message:
                return field or None, message
    elif isinstance(detail, list):
        for index, value in enumerate(detail):
            if isinstance(value, dict | list):
                field, message = _first_error(value, f"{prefix}[{index}]" if prefix else f"[{index}]")
                if message:
                    return field, message
            else:
                return prefix or None, str(value)
    elif detail:
        return prefix or None, str(detail)
    return None, None


from drf_spectacular.openapi import AutoSchema  # noqa: E402


class PortalAutoSchema(AutoSchema):
    """Names schema components after the serializer's qualified name, so that each API class's
    nested ``Input`` and ``Output`` serializers get distinct names (``ClaimSubmitApiInput``)."""

    def _get_serializer_name(self, serializer, direction, bypass_extensions=False):
        name = super()._get_serializer_name(serializer, direction, bypass_extensions)
        cls = serializer if isinstance(serializer, type) else serializer.__class__
        if "." not in cls.__qualname__ or "<locals>" in cls.__qualname__:
            return name
        qualified = cls.__qualname__.replace(".", "").removesuffix("Serializer")
        return qualified + (
            "Request" if name.endswith("Request") and not qualified.endswith("Request") else ""
        )

    def get_override_parameters(self):
        """Every write takes an Idempotency-Key header (sinosure_portal.core.idempotency)."""
        from drf_spectacular.utils import OpenApiParameter

        params = list(super().get_override_parameters())
        named = {getattr(p, "name", None) for p in params}
        if self.method in ("POST", "PUT", "PATCH") and "Idempotency-Key" not in named:
            params.append(
                OpenApiParameter(
                    "Idempotency-Key",
                    str,
                    OpenApiParameter.HEADER,
                    required=False,
                    description=(
                        "Up to 255 characters. A repeat of this request (same user, path and body) within "
                        "PORTAL_IDEMPOTENCY_HOURS gets the first successful answer again (header "
                        "Idempotent-Replayed: true) and changes nothing twice; the same key for another request "
                        "is a 422 idempotency_key_reused; while the first is still running, a 409 "
                        "request_in_progress."
                    ),
                    pattern=r"^[\x21-\x7e]{1,255}$",
                )
            )
        return params

    def _map_serializer_field(self, field, direction, bypass_extensions=False):
        """A related object's id is 1 up to bigint's largest, many of them at most a list's
        bound, as sinosure_portal.base.bounds enforces."""
        from rest_framework import relations

        from sinosure_portal.base.bounds import BIGINT_MAX, list_max

        result = super()._map_serializer_field(field, direction, bypass_extensions)
        if isinstance(field, relations.PrimaryKeyRelatedField) and result.get("type") == "integer":
            result = {**result, "minimum": 1, "maximum": BIGINT_MAX}
        elif isinstance(field, relations.ManyRelatedField) and result.get("type") == "array":
            result = {**result, "maxItems": list_max()}
        elif isinstance(field, serializers.ListSerializer) and result.get("type") == "array":
            result = {**result, "maxItems": field.max_length or list_max()}
        return result
