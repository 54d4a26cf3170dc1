"""Amounts in their own currency, where they are stored, shown and taken in.

* :class:`CurrencyAmountField` (model): ``numeric(19, 3)``, three decimals being the most any
  legal tender has, rounded to the row's currency exponent when the row is saved (``save()``
  and ``bulk_create``): KWD 1000.125 is stored exactly, JPY has no decimals.
* :class:`CurrencyAmountSerializerField` (API): refuses more decimals than the currency has with
  a 400 naming the field ("JPY amounts have no decimal places.") and renders the amount at its
  currency's scale ("1000.125", "1000000", "927.74").
* :class:`CurrencyCodeSerializerField` (API): a legal tender code, else "Unknown currency XXX.".
* :class:`CurrencyAmountFormField` with :class:`CurrencyAmountsFormMixin` (pages): the same rule.

Each amount field names where its currency is: ``currency_field`` (a sibling field, or a dotted
path such as ``"loan.currency"``) or a fixed ``currency``.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models.query_utils import DeferredAttribute
from rest_framework import serializers
from rest_framework.fields import get_attribute as drf_get_attribute
from rest_framework.settings import api_settings

from sinosure_portal.money.currency import (
    AMOUNT_MAX_DIGITS,
    AMOUNT_PLACES,
    is_currency,
    quantize,
    scale_message,
    unknown_currency_message,
)


def _currency_of(obj, path: str):
    """The currency at ``path`` ("currency", "loan.currency") of a model instance or a dict."""
    try:
        value = drf_get_attribute(obj, path.split("."))
    except (AttributeError, KeyError, TypeError, ValueError):
        return None
    return value if isinstance(value, str) else None


class _AmountAttribute(DeferredAttribute):
    """Keeps the attribute at its currency's scale: a value read from ``numeric(19, 3)`` (or set by
    code) is rounded to the row's currency when that currency is already on the instance, so that
    KWD shows 1000.125, USD 30000.00 and JPY 1000000 wherever the attribute is used."""

    def __set__(self, instance, value):
        if isinstance(value, Decimal) and value.is_finite():
            currency = self.field.loaded_currency(instance)
            if currency:
                value = quantize(value, currency)
        instance.__dict__[self.field.attname] = value


class CurrencyAmountField(models.DecimalField):
    """An amount in the currency of its row (see the module docstring)."""

    descriptor_class = _AmountAttribute

    def __init__(self, *args, currency_field: str = "currency", **kwargs):
        kwargs.setdefault("max_digits", AMOUNT_MAX_DIGITS)
        kwargs.setdefault("decimal_places", AMOUNT_PLACES)
        self.currency_field = currency_field
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        if self.currency_field != "currency":
            kwargs["currency_field"] = self.currency_field
        return name, path, args, kwargs

    def currency_of(self, instance) -> str | None:
        return _currency_of(instance, self.currency_field)

    def loaded_currency(self, instance) -> str | None:
        """The row's currency if it is already loaded (never a query)."""
        head, _, rest = self.currency_field.partition(".")
        if rest:
            related = instance._state.fields_cache.get(head)
            code = related.__dict__.get(rest) if related is not None else None
        else:
            code = instance.__dict__.get(head)
        return code if isinstance(code, str) and is_currency(code) else None

    def pre_save(self, model_instance, add):
        value = super().pre_save(model_instance, add)
        if value is None or hasattr(value, "resolve_expression"):
            return value
        value = self.to_python(value)
        currency = self.currency_of(model_instance)
        if currency and is_currency(currency):
            value = quantize(value, currency)
            setattr(model_instance, self.attname, value)
        return value

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": CurrencyAmountFormField, **kwargs})


# --- API ------------------------------------------------------------------------------------------------


class CurrencyCodeSerializerField(serializers.CharField):
    """An ISO 4217 legal tender code (upper-cased); anything else is "Unknown currency XXX."."""

    default_error_messages = {"unknown_currency": "{message}"}

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 3)
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        code = super().to_internal_value(data).strip().upper()
        if not is_currency(code):
            self.fail("unknown_currency", message=unknown_currency_message(code))
        return code


class _Rendered:
    __slots__ = ("value", "currency")

    def __init__(self, value, currency):
        self.value = value
        self.currency = currency


class CurrencyAmountSerializerField(serializers.DecimalField):
    """An amount in the currency named by ``currency_field`` (of the same input or of the object
    shown) or by ``currency``: at most that currency's decimals in, exactly its scale out."""

    default_error_messages = {"scale": "{message}"}

    def __init__(self, *, currency_field: str = "currency", currency: str | None = None, **kwargs):
        kwargs.setdefault("max_digits", AMOUNT_MAX_DIGITS)
        kwargs.setdefault("decimal_places", AMOUNT_PLACES)
        self.currency_field = currency_field
        self.currency = currency
        super().__init__(**kwargs)

    # input: the currency is read from the same input (the raw dictionary the serializer hands to
    # get_value, so nested and listed inputs work too), else from the object being updated
    def get_value(self, dictionary):
        self._input_currency = None
        if not self.currency and hasattr(dictionary, "get"):
            raw = dictionary.get(self.currency_field)
            if isinstance(raw, str):
                self._input_currency = raw.strip().upper()
        return super().get_value(dictionary)

    def input_currency(self) -> str | None:
        if self.currency:
            return self.currency
        code = getattr(self, "_input_currency", None)
        if code:
            return code
        instance = getattr(self.parent, "instance", None)
        return _currency_of(instance, self.currency_field) if instance is not None else None

    def validate_precision(self, value):
        """Whole digits here; decimals against the currency in to_internal_value."""
        sign, digits, exponent = value.as_tuple()
        whole = len(digits) + exponent if exponent < 0 else len(digits) + exponent
        if exponent < 0 and len(digits) <= -exponent:
            whole = 0
        if whole > self.max_digits - self.decimal_places:
            self.fail("max_whole_digits", max_whole_digits=self.max_digits - self.decimal_places)
        return value

    def quantize(self, value):
        return value

    def to_internal_value(self, data):
        if isinstance(data, float):
            data = str(data)
        value = super().to_internal_value(data)
        currency = self.input_currency()
        if currency and is_currency(currency):
            if quantize(value, currency) != value:
                self.fail("scale", message=scale_message(currency))
            return quantize(value, currency)
        # no known currency (an unknown one is refused by its own field): at most three decimals
        if value.as_tuple().exponent < -self.decimal_places and value != value.quantize(
            Decimal(1).scaleb(-self.decimal_places)
        ):
            self.fail("max_decimal_places", max_decimal_places=self.decimal_places)
        return value

    # output
    def get_attribute(self, instance):
        value = super().get_attribute(instance)
        if value is None:
            return None
        return _Rendered(value, self.currency or self.currency_of(instance))

    def currency_of(self, instance) -> str | None:
        """The currency of the amount shown: the model field's own currency when the amount is a
        :class:`CurrencyAmountField` of ``instance`` (which may name "loan.currency"), else
        ``currency_field`` of ``instance``."""
        meta = getattr(instance, "_meta", None)
        if meta is not None and "." not in self.source:
            try:
                model_field = meta.get_field(self.source)
            except FieldDoesNotExist:  # a property or an annotation
                model_field = None
            if isinstance(model_field, CurrencyAmountField):
                return model_field.currency_of(instance)
        return _currency_of(instance, self.currency_field)

    def to_representation(self, value):
        currency = None
        if isinstance(value, _Rendered):
            value, currency = value.value, value.currency
        if value is None:
            return None
        if not isinstance(value, Decimal):
            value = Decimal(str(value).strip())
        if currency and is_currency(currency):
            value = quantize(value, currency)
        else:
            return super().to_representation(value)
        coerce = getattr(self, "coerce_to_string", api_settings.COERCE_DECIMAL_TO_STRING)
        return f"{value:f}" if coerce else value


# --- forms ----------------------------------------------------------------------------------------------


class CurrencyAmountFormField(forms.DecimalField):
    """An amount typed on a page; :class:`CurrencyAmountsFormMixin` checks its currency's scale."""

    def __init__(self, *, currency_field: str = "currency", currency: str | None = None, **kwargs):
        kwargs.setdefault("max_digits", AMOUNT_MAX_DIGITS)
        kwargs.setdefault("decimal_places", AMOUNT_PLACES)
        self.currency_field = currency_field
        self.currency = currency
        super().__init__(**kwargs)


class CurrencyAmountsFormMixin:
    """Refuses more decimals than an amount's currency has, next to the amount field. The currency
    is the form's ``currency_field`` value, the field's fixed ``currency``, or ``amount_currency``
    set on the form (for an amount in the currency of an existing invoice or loan)."""

    amount_currency: str | None = None

    def _post_clean(self):
        super()._post_clean()
        for name, field in self.fields.items():
            if not isinstance(field, CurrencyAmountFormField):
                continue
            value = self.cleaned_data.get(name)
            if not isinstance(value, Decimal):
                continue
            currency = field.currency or self.amount_currency or self.cleaned_data.get(field.currency_field)
            if not (isinstance(currency, str) and is_currency(currency.strip().upper())):
                continue
            currency = currency.strip().upper()
            try:
                exact = quantize(value, currency) == value
            except InvalidOperation:
                exact = False
            if not exact:
                self.add_error(name, scale_message(currency))
            else:
                self.cleaned_data[name] = quantize(value, currency)


class CurrencyCodeFormField(forms.CharField):
    """A currency typed on a page: upper-cased, and a legal tender code or "Unknown currency XXX."."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 3)
        super().__init__(**kwargs)

    def clean(self, value):
        code = (super().clean(value) or "").strip().upper()
        if code and not is_currency(code):
            raise forms.ValidationError(unknown_currency_message(code), code="unknown_currency")
        return code
