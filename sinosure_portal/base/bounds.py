"""Bounded input everywhere (issue 13, OWASP ASVS 2.2 / 5.1): every integer, decimal, string and list
that the API or a form accepts has bounds, so that no value reaches the database (or a loop) that
its column or its meaning cannot hold, and a value out of bounds is a 400 naming the field.

Fields that declare their own bounds (most do: an amount's digits, a country code's length, a
month count's maximum in policies.rules.SETTING_MAX, ...) keep them. :func:`install` (run by the
core app when it is ready) gives every other field the bound of its column:

- text: at most PORTAL_TEXT_MAX_LENGTH characters (10,000: a reason, a note, a description);
- integers: the range of PostgreSQL's bigint; a row id (a related object) from 1 up;
- lists (and many=True serializers, and many related objects): at most PORTAL_UPLOAD_MAX_ROWS items,
  the most a declaration upload may hold;
- decimals in forms and filters: below 10^18 in size (the widest money column holds 16 digits
  before the point).

The OpenAPI schema shows the same bounds (PortalAutoSchema and :func:`schema_bounds`).
"""

from __future__ import annotations

import functools
from decimal import Decimal

from django import forms
from django.conf import settings
from rest_framework import relations, serializers

BIGINT_MIN, BIGINT_MAX = -(2**63), 2**63 - 1
DECIMAL_LIMIT = Decimal(10) ** 18


def text_max() -> int:
    return settings.PORTAL_TEXT_MAX_LENGTH


def list_max() -> int:
    return settings.PORTAL_UPLOAD_MAX_ROWS


def _defaults(cls, **defaults):
    """Wrap ``cls.__init__`` so that a keyword the caller left out gets its default (read lazily)."""
    original = cls.__init__
    if getattr(original, "_portal_bounds", False):
        return

    @functools.wraps(original)
    def __init__(self, *args, **kwargs):
        for name, value in defaults.items():
            if kwargs.get(name) is None and not kwargs.get("read_only"):
                kwargs[name] = value() if callable(value) else value
        original(self, *args, **kwargs)

    __init__._portal_bounds = True
    cls.__init__ = __init__


def _pk_in_range(original):
    @functools.wraps(original)
    def to_internal_value(self, data):
        try:
            number = int(data)
        except (TypeError, ValueError, OverflowError):
            return original(self, data)
        if not 1 <= number <= BIGINT_MAX:
            self.fail("does_not_exist", pk_value=data)
        return original(self, data)

    to_internal_value._portal_bounds = True
    return to_internal_value


def _many_bounded(original):
    @functools.wraps(original)
    def to_internal_value(self, data):
        if isinstance(data, list | tuple) and len(data) > list_max():
            raise serializers.ValidationError(
                serializers.ListField.default_error_messages["max_length"].format(max_length=list_max())
            )
        return original(self, data)

    to_internal_value._portal_bounds = True
    return to_internal_value


def install() -> None:
    # the API
    _defaults(serializers.CharField, max_length=text_max)
    _defaults(serializers.IntegerField, min_value=BIGINT_MIN, max_value=BIGINT_MAX)
    _defaults(serializers.ListField, max_length=list_max)
    _defaults(serializers.ListSerializer, max_length=list_max)
    if not getattr(relations.PrimaryKeyRelatedField.to_internal_value, "_portal_bounds", False):
        relations.PrimaryKeyRelatedField.to_internal_value = _pk_in_range(
            relations.PrimaryKeyRelatedField.to_internal_value
        )
    if not getattr(relations.ManyRelatedField.to_internal_value, "_portal_bounds", False):
        relations.ManyRelatedField.to_internal_value = _many_bounded(
            relations.ManyRelatedField.to_internal_value
        )
    # pages and filters
    _defaults(forms.CharField, max_length=text_max)
    _defaults(forms.IntegerField, min_value=BIGINT_MIN, max_value=BIGINT_MAX)
    _defaults(forms.DecimalField, min_value=-DECIMAL_LIMIT, max_value=DECIMAL_LIMIT)


def schema_bounds(result, generator, request, public):
    """drf-spectacular postprocessing hook: the query parameters (django-filter's, the pagination's)
    carry the bounds their form fields enforce."""
    for item in result.get("paths", {}).values():
        for operation in item.values():
            if not isinstance(operation, dict):
                continue
            for parameter in operation.get("parameters", []):
                if parameter.get("in") == "query":
                    _bound(parameter.get("schema") or {})
            # a body that is a list (a serializer with many=True): at most a list's bound
            for media in (operation.get("requestBody") or {}).get("content", {}).values():
                body = media.get("schema") or {}
                if body.get("type") == "array":
                    body.setdefault("maxItems", list_max())
    return result


def _bound(schema: dict) -> None:
    kind = schema.get("type")
    if kind == "array":
        schema.setdefault("maxItems", list_max())
        _bound(schema.get("items") or {})
    elif (
        kind == "string"
        and "enum" not in schema
        and schema.get("format")
        not in (
            "date",
            "date-time",
            "uuid",
            "email",
            "uri",
            "binary",
        )
    ):
        schema.setdefault("maxLength", text_max())
    elif kind == "integer":
        schema.setdefault("minimum", BIGINT_MIN)
        schema.setdefault("maximum", BIGINT_MAX)
    elif kind == "number":
        schema.setdefault("minimum", -int(DECIMAL_LIMIT))
        schema.setdefault("maximum", int(DECIMAL_LIMIT))


__all__ = ["BIGINT_MAX", "BIGINT_MIN", "install", "schema_bounds"]
