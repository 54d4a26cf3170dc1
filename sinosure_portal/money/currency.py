"""Money as a Decimal with its ISO 4217 currency code. No floats anywhere."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import lru_cache

from babel.core import get_global
from babel.numbers import get_currency_precision
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from sinosure_portal.base.errors import DomainError

CENT = Decimal("0.01")
# Amounts in their own currency are stored with three decimals, the most any legal tender has
# (BHD, JOD, KWD, LYD, OMR, TND), and sixteen whole digits (as many as a USD column holds).
AMOUNT_PLACES = 3
AMOUNT_MAX_DIGITS = 19


@lru_cache(maxsize=1)
def iso_currencies() -> frozenset[str]:
    """ISO 4217 codes that are legal tender today in some territory (Babel's CLDR data).

    Funds, metals, testing and "no currency" codes (XXX, XTS, XAU, CLF, UYW...) and withdrawn
    currencies are not accepted: no shipment is invoiced in them.
    """
    codes = set()
    for currencies in get_global("territory_currencies").values():
        for code, _start, end, tender in currencies:
            if tender and end is None:
                codes.add(code)
    return frozenset(codes)


def is_currency(code: str) -> bool:
    return code in iso_currencies()


def validate_currency(code: str) -> None:
    if not is_currency(code):
        raise ValidationError(
            _("Unknown currency %(code)s: not an ISO 4217 legal tender currency."),
            params={"code": code},
            code="currency",
        )


def currency_exponent(currency: str) -> int:
    """The currency's minor unit (ISO 4217 / CLDR): JPY 0, USD 2, KWD 3. The only place it is read."""
    return get_currency_precision(currency) if is_currency(currency) else 2


def quantize(amount: Decimal, currency: str = "USD") -> Decimal:
    return amount.quantize(Decimal(1).scaleb(-currency_exponent(currency)), rounding=ROUND_HALF_UP)


def scale_message(currency: str) -> str:
    """Why an amount has too many decimals for its currency: "KWD amounts have at most 3 decimal
    places.", "JPY amounts have no decimal places." (translated)."""
    places = currency_exponent(currency)
    if places == 0:
        return _("%(code)s amounts have no decimal places.") % {"code": currency}
    return _("%(code)s amounts have at most %(places)d decimal places.") % {
        "code": currency,
        "places": places,
    }


def unknown_currency_message(code: str) -> str:
    return _("Unknown currency %(code)s.") % {"code": code}


def excel_number_format(currency: str) -> str:
    """The spreadsheet number format of an amount in ``currency``: "#,##0.000" for KWD, "#,##0" for JPY."""
    places = currency_exponent(currency)
    return "#,##0." + "0" * places if places else "#,##0"


def money_from_input(value, currency: str, *, field: str = "amount") -> Money:
    """Money from user input: the currency must be known and the amount must not carry more
    decimals than the currency has (KWD 1000.125 is fine, USD 1000.125 is refused, never rounded)."""
    if not is_currency(currency):
        raise ValidationError({field: unknown_currency_message(currency)}, code="currency")
    try:
        amount = to_decimal(value)
    except (TypeError, ValueError):
        raise ValidationError({field: _("Enter an amount.")}, code="invalid") from None
    if not amount.is_finite():
        raise ValidationError({field: _("Enter an amount.")}, code="invalid")
    if amount != quantize(amount, currency):
        raise ValidationError({field: scale_message(currency)}, code="scale")
    return Money(quantize(amount, currency), currency)


def format_amount(amount, currency: str) -> str:
    """An amount at its currency's scale with thousands separators: "1,000.125", "1,000"."""
    if amount is None or amount == "":
        return ""
    value = quantize(to_decimal(amount), currency)
    return f"{value:,.{currency_exponent(currency)}f}"


def to_decimal(value) -> Decimal:
    if isinstance(value, float):
        raise TypeError("money never passes through float")
    try:
        return Decimal(str(value).replace(",", "").strip())
    except InvalidOperation as exc:
        raise ValueError(f"not an amount: {value!r}") from exc


class UnknownCurrency(DomainError, ValueError):
    """A code that is not a legal tender currency (XXX, XTS, "usd"...): a 400 naming the field."""

    def __init__(self, code, *, field: str = "currency"):
        # the code clients already know for a currency refused (declarations, loans): stable
        super().__init__("invalid_currency", _("Unknown currency %(code)s."), field=field)
        self.params = {"code": str(code)}


class AmountScale(DomainError):
    """More decimals than the currency has (JPY 10.5, KWD 1.0001): a 400 naming the amount."""

    def __init__(self, currency: str, *, field: str = "amount"):
        super().__init__("invalid_amount", scale_message(currency), field=field)


def money_in(amount, currency, *, field: str = "amount", currency_field: str = "currency") -> Money:
    """The :class:`Money` a service was given, checked the way services refuse things: an unknown
    code is :class:`UnknownCurrency` (naming ``currency_field``), extra decimals are
    :class:`AmountScale` (naming ``field``), never rounded; the code is upper-cased first."""
    code = (currency or "").strip().upper() if isinstance(currency, str) else ""
    if not is_currency(code):
        raise UnknownCurrency(currency if currency else "", field=currency_field)
    if isinstance(amount, float) or not isinstance(amount, Decimal | int):
        raise TypeError("an amount is a Decimal")
    value = Decimal(amount)
    if not value.is_finite():
        raise AmountScale(code, field=field)
    if quantize(value, code) != value:
        raise AmountScale(code, field=field)
    return Money(value, code)


@dataclass(frozen=True, slots=True)
class Money:
    """An amount with its ISO 4217 currency, always at that currency's scale (KWD 1000.125, JPY
    1000000, USD 927.74): what services take and return for an amount in a given currency.

    Built from a Decimal (never a float) and rounded half up to the currency's minor unit; an
    unknown code is refused as :class:`UnknownCurrency`. User input goes through
    :func:`money_from_input` (or :meth:`parse`), which refuses extra decimals instead of rounding.
    """

    amount: Decimal
    currency: str

    def __post_init__(self):
        if not isinstance(self.amount, Decimal):
            raise TypeError("Money.amount must be a Decimal")
        if not self.amount.is_finite():
            raise ValueError("Money.amount must be finite")
        if not is_currency(self.currency):
            raise UnknownCurrency(self.currency)
        object.__setattr__(self, "amount", quantize(self.amount, self.currency))

    @classmethod
    def parse(cls, value, currency: str, *, field: str = "amount") -> Money:
        """Money from what a person or a system sent: see :func:`money_from_input`."""
        return money_from_input(value, currency, field=field)

    @property
    def places(self) -> int:
        return currency_exponent(self.currency)

    def _same(self, other: Money) -> None:
        if other.currency != self.currency:
            raise ValueError(f"cannot mix {self.currency} and {other.currency}")

    def __add__(self, other: Money) -> Money:
        self._same(other)
        return Money(self.amount + other.amount, self.currency)

    def __sub__(self, other: Money) -> Money:
        self._same(other)
        return Money(self.amount - other.amount, self.currency)

    def __mul__(self, factor: Decimal | int) -> Money:
        if isinstance(factor, float):
            raise TypeError("money never passes through float")
        return Money(self.amount * Decimal(factor), self.currency)

    def __neg__(self) -> Money:
        return Money(-self.amount, self.currency)

    def __lt__(self, other: Money) -> bool:
        self._same(other)
        return self.amount < other.amount

    def __le__(self, other: Money) -> bool:
        self._same(other)
        return self.amount <= other.amount

    def rounded(self) -> Money:
        return self

    @classmethod
    def zero(cls, currency: str = "USD") -> Money:
        return cls(Decimal("0"), currency)

    def formatted(self) -> str:
        """The bare amount with thousands separators: "1,000.125", "1,000,000"."""
        return format_amount(self.amount, self.currency)

    def __str__(self) -> str:
        return f"{self.currency} {self.formatted()}"
