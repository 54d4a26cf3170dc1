"""Money as a Decimal with its ISO 4217 currency code. No floats anywhere."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import lru_cache

from babel.numbers import get_currency_precision, list_currencies
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

CENT = Decimal("0.01")


@lru_cache(maxsize=1)
def iso_currencies() -> frozenset[str]:
    return frozenset(code for code in list_currencies() if len(code) == 3 and code.isupper())


def is_currency(code: str) -> bool:
    return code in iso_currencies()


def validate_currency(code: str) -> None:
    if not is_currency(code):
        raise ValidationError(
            _("%(code)s is not an ISO 4217 currency code."), params={"code": code}, code="currency"
        )


def quantize(amount: Decimal, currency: str = "USD") -> Decimal:
    places = get_currency_precision(currency) if is_currency(currency) else 2
    return amount.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def to_decimal(value) -> Decimal:
    if isinstance(value, float):
        raise TypeError("money never passes through float")
    try:
        return Decimal(str(value).replace(",", "").strip())
    except InvalidOperation as exc:
        raise ValueError(f"not an amount: {value!r}") from exc


@dataclass(frozen=True, slots=True)
class Money:
    amount: Decimal
    currency: str

    def __post_init__(self):
        if not isinstance(self.amount, Decimal):
            raise TypeError("Money.amount must be a Decimal")
        if not is_currency(self.currency):
            raise ValueError(f"not an ISO 4217 currency: {self.currency!r}")

    def _same(self, other: Money) -> None:
        if other.currency != self.currency:
            raise ValueError(f"cannot mix {self.currency} and {other.currency}")

    def __add__(self, other: Money) -> Money:
        self._same(other)
        return Money(self.amount + other.amount, self.currency)

    def __sub__(self, other: Money) -> Money:
        self._same(other)
        return Money(self.amount - other.amount, self.currency)

    def __mul__(self, factor: Decimal) -> Money:
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
        return Money(quantize(self.amount, self.currency), self.currency)

    @classmethod
    def zero(cls, currency: str = "USD") -> Money:
        return cls(Decimal("0"), currency)

    def __str__(self) -> str:
        return f"{self.currency} {quantize(self.amount, self.currency):,}"
