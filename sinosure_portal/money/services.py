"""Conversion to US dollars at the rate of a given day. A missing rate is refused, never guessed."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from sinosure_portal.base.errors import DomainError
from sinosure_portal.money.currency import Money, quantize
from sinosure_portal.money.models import ExchangeRate


class RateMissing(DomainError):
    pass


def rate_to_usd(currency: str, on: date) -> Decimal:
    if currency == "USD":
        return Decimal("1")
    rate = (
        ExchangeRate.objects.filter(currency=currency, date=on).values_list("usd_per_unit", flat=True).first()
    )
    if rate is None:
        raise RateMissing(
            "rate_missing",
            _("There is no %(currency)s to USD exchange rate for %(date)s; ask the insurer to enter it."),
            field="currency",
            currency=currency,
            date=on.isoformat(),
        )
    return rate


def rates_to_usd(pairs: set[tuple[str, date]]) -> dict[tuple[str, date], Decimal]:
    """Rates for many (currency, day) pairs in one query; missing pairs are simply absent."""
    wanted = {(c, d) for c, d in pairs if c != "USD"}
    found: dict[tuple[str, date], Decimal] = {(c, d): Decimal("1") for c, d in pairs if c == "USD"}
    if wanted:
        currencies = {c for c, _d in wanted}
        days = {d for _c, d in wanted}
        rows = ExchangeRate.objects.filter(currency__in=currencies, date__in=days).values_list(
            "currency", "date", "usd_per_unit"
        )
        found.update({(c, d): r for c, d, r in rows if (c, d) in wanted})
    return found


def convert_to_usd(money: Money, *, on: date) -> Money:
    return Money(quantize(money.amount * rate_to_usd(money.currency, on), "USD"), "USD")


def exchange_rate_enter(
    *, currency: str, on: date, usd_per_unit: Decimal, actor, source: str = ""
) -> ExchangeRate:
    from django.db import transaction

    from sinosure_portal.audit.services import audit_record

    if usd_per_unit <= 0:
        raise DomainError(
            "rate_not_positive", _("An exchange rate must be greater than zero."), field="usd_per_unit"
        )
    with transaction.atomic():
        before = (
            ExchangeRate.objects.select_for_update()
            .filter(currency=currency, date=on)
            .values_list("usd_per_unit", flat=True)
            .first()
        )
        rate, created = ExchangeRate.objects.update_or_create(
            currency=currency,
            date=on,
            defaults={"usd_per_unit": usd_per_unit, "entered_by": actor, "source": source},
        )
        audit_record(
            rate,
            action="exchange_rate.entered" if created else "exchange_rate.changed",
            actor=actor,
            data={"usd_per_unit": usd_per_unit},
            changes={"usd_per_unit": (before, usd_per_unit)},
        )
    return rate
