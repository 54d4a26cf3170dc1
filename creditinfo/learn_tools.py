"""The learning corner's tools: the business-day calendar (China's official working days, the
kernel's calendar), the currency converter on the portal's exchange rates, and the premium
calculator (the rule belongs to policies, asked through creditinfo.hooks)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from creditinfo.hooks import PREMIUM_CALCULATE, PREMIUM_POLICIES
from sinosure_portal.base.errors import DomainError, Problems
from sinosure_portal.base.hooks import hook_call, hook_registered
from sinosure_portal.money.currency import is_currency, quantize, unknown_currency_message
from sinosure_portal.money.models import ExchangeRate
from sinosure_portal.workdays.calendar import add_business_days, business_days_between

MAX_BUSINESS_DAYS = 1000
MAX_SPAN_DAYS = 3660
FIRST_DAY, LAST_DAY = date(1950, 1, 1), date(2100, 12, 31)  # the calendar's sensible range


def _in_range(problems: Problems, **days: date) -> None:
    for field, day in days.items():
        with problems.check():
            if not FIRST_DAY <= day <= LAST_DAY:
                raise DomainError(
                    "date_out_of_range",
                    _("Choose a date from %(first)s to %(last)s."),
                    field=field,
                    first=FIRST_DAY.isoformat(),
                    last=LAST_DAY.isoformat(),
                )


def business_days_add(*, start: date, days: int) -> dict:
    problems = Problems()
    _in_range(problems, start=start)
    with problems.check():
        if not 0 <= days <= MAX_BUSINESS_DAYS:
            raise DomainError(
                "invalid_days",
                _("Enter from 0 to %(max)s business days."),
                field="days",
                max=MAX_BUSINESS_DAYS,
            )
    problems.raise_any()
    result = add_business_days(start, days)
    return {"start": start, "days": days, "date": result.date, "provisional": result.provisional}


def business_days_count(*, start: date, end: date) -> dict:
    problems = Problems()
    _in_range(problems, start=start, end=end)
    problems.raise_any()
    if abs((end - start).days) > MAX_SPAN_DAYS:
        raise DomainError("span_too_long", _("Choose two dates at most ten years apart."), field="end")
    count, provisional = business_days_between(start, end)
    return {"start": start, "end": end, "business_days": count, "provisional": provisional}


def _usd_per_unit(currency: str, on: date) -> tuple[Decimal, date | None] | None:
    """The latest rate of ``currency`` on or before ``on`` (USD is 1 any day)."""
    if currency == "USD":
        return Decimal("1"), None
    row = (
        ExchangeRate.objects.filter(currency=currency, date__lte=on)
        .order_by("-date")
        .values_list("usd_per_unit", "date")
        .first()
    )
    return row


def currency_convert(*, amount: Decimal, from_currency: str, to_currency: str, on: date) -> dict:
    """``amount`` of one currency in another through the US dollar, at each currency's latest rate on
    or before ``on``; the days of the rates used are given back. A currency without a rate is refused."""
    problems = Problems()
    rates = {}
    for field, code in (("from_currency", from_currency), ("to_currency", to_currency)):
        with problems.check():
            if not is_currency(code):
                raise DomainError("invalid_currency", unknown_currency_message(code), field=field)
            found = _usd_per_unit(code, on)
            if found is None:
                raise DomainError(
                    "rate_missing",
                    _("There is no %(currency)s exchange rate on or before %(date)s."),
                    field=field,
                    currency=code,
                    date=on.isoformat(),
                )
            rates[field] = found
    with problems.check():
        if amount is None or amount < 0:
            raise DomainError("invalid_amount", _("Enter an amount of zero or more."), field="amount")
    problems.raise_any()
    (from_rate, from_day), (to_rate, to_day) = rates["from_currency"], rates["to_currency"]
    usd = amount * from_rate
    return {
        "amount": amount,
        "from_currency": from_currency,
        "to_currency": to_currency,
        "result": quantize(usd / to_rate, to_currency),
        "amount_usd": quantize(usd, "USD"),
        "from_usd_per_unit": from_rate,
        "to_usd_per_unit": to_rate,
        "from_rate_date": from_day,
        "to_rate_date": to_day,
    }


def premium_available() -> bool:
    return hook_registered(PREMIUM_CALCULATE)


def premium_policies(user) -> list[tuple[int, str]]:
    return [choice for found in hook_call(PREMIUM_POLICIES, user=user) for choice in found]


def premium_calculate(
    *,
    user,
    policy_id: int | None,
    country_code: str,
    payment_term: str,
    credit_days: int,
    amount: Decimal,
    currency: str,
    on: date,
) -> dict:
    """The premium of a shipment as a declaration would be charged: the amount in US dollars (the
    converter's rate), times the rate of the policy's table for the buyer's country class, payment
    term and credit period. Every problem at once."""
    problems = Problems()
    converted = None
    with problems.check():
        if amount is None or amount <= 0:
            raise DomainError("invalid_amount", _("The amount must be more than zero."), field="amount")
        try:
            converted = currency_convert(amount=amount, from_currency=currency, to_currency="USD", on=on)
        except DomainError as error:  # the converter names its own field: here it is the currency
            error.field = "currency"
            raise
    with problems.check():
        priced = hook_call(
            PREMIUM_CALCULATE,
            user=user,
            policy_id=policy_id,
            country_code=country_code,
            payment_term=payment_term,
            credit_days=credit_days,
            amount_usd=converted["amount_usd"] if converted else Decimal("1"),
        )
        if not priced:
            raise DomainError("calculator_missing", _("The premium calculator is not available."))
    problems.raise_any()
    return {
        **priced[0],
        "amount": amount,
        "currency": currency,
        "amount_usd": converted["amount_usd"],
        "rate_date": converted["from_rate_date"],
    }
