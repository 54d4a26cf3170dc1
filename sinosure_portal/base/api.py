"""What every API endpoint shares: the error handler and small helpers."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import ValidationError as DRFValidationError
from rest_framework.response import Response
from rest_framework.views import APIView
from rest_framework.views import exception_handler as drf_exception_handler

from sinosure_portal.base.errors import DomainError, translate_integrity_error


class ErrorSerializer(serializers.Serializer):
    """The body of every 4xx answer the API gives for bad input."""

    code = serializers.CharField()
    message = serializers.CharField()
    field = serializers.CharField(required=False)
    row = serializers.IntegerField(required=False)
    errors = serializers.DictField(
        required=False, help_text="every problem found, by field: {field: [message, ...]}"
    )
    problems = serializers.ListField(
        child=serializers.DictField(),
        required=False,
        help_text="when several problems were found together: each with its code, message and field",
    )


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


# --- "POST an action" endpoints -----------------------------------------------------------------------

ERROR_RESPONSES = {400: ErrorSerializer, 403: ErrorSerializer, 404: ErrorSerializer, 409: ErrorSerializer}


class ReasonInput(serializers.Serializer):
    """The body of most actions: an optional reason, kept in the audit trail."""

    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=1000)


class RequiredReasonInput(serializers.Serializer):
    reason = serializers.CharField(max_length=1000)


def transition_api(
    *,
    get: Callable[[Any, int], Any],
    act: Callable[..., Any],
    output: type[serializers.BaseSerializer],
    input: type[serializers.BaseSerializer] | None = ReasonInput,  # noqa: A002 - what the endpoint reads
    summary: str = "",
    description: str = "",
    respond: Callable[[Any, Any], Response] | None = None,
    name: str = "TransitionApi",
) -> type[APIView]:
    """An endpoint ``POST .../<pk>/<action>/`` that moves one object, instead of a copied class
    per action. ``get(request, pk)`` returns the object the user may see (a 404 otherwise);
    ``act(actor, obj, **validated_input)`` calls the service; the answer is ``output`` of the
    object read again with ``get`` (or ``respond(request, result)``), so it shows the new state.

        ClaimCloseApi = transition_api(
            get=lambda request, pk: selectors.claim_get(request.user, pk),
            act=lambda actor, claim, reason: services.claim_close(actor=actor, claim_id=claim.pk, reason=reason),
            output=ClaimDetailOutput,
            summary="Close a paid or denied claim",
        )
    """

    class _TransitionApi(APIView):
        @extend_schema(
            request=input,
            responses={200: output, **ERROR_RESPONSES},
            summary=summary,
            description=description,
        )
        def post(self, request, pk: int):
            obj = get(request, pk)
            data: dict = {}
            if input is not None:
                body = input(data=request.data)
                body.is_valid(raise_exception=True)
                data = dict(body.validated_data)
            result = act(request.user, obj, **data)
            if respond is not None:
                return respond(request, result)
            return Response(output(get(request, pk), context={"request": request}).data)

    _TransitionApi.__name__ = _TransitionApi.__qualname__ = name
    return _TransitionApi
