"""Issue 10 item 3: money with its currency's exact scale; unknown currencies refused."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from sinosure_portal.core.templatetags.portal import format_amount as format_filter
from sinosure_portal.money.currency import (
    currency_exponent,
    format_amount,
    is_currency,
    money_from_input,
    validate_currency,
)


@pytest.mark.parametrize(("code", "places"), [("KWD", 3), ("BHD", 3), ("JPY", 0), ("USD", 2)])
def test_exponent_is_the_iso_minor_unit(code, places):
    assert currency_exponent(code) == places


@pytest.mark.parametrize("code", ["XXX", "XTS", "XAU", "CLF", "UYW", "ABC", "usd"])
def test_non_tender_codes_are_unknown(code):
    assert not is_currency(code)
    with pytest.raises(ValidationError) as err:
        validate_currency(code)
    assert f"Unknown currency {code}" in err.value.messages[0]


def test_unknown_currency_names_the_field():
    with pytest.raises(ValidationError) as err:
        money_from_input("10", "XXX", field="currency")
    assert err.value.message_dict == {"currency": ["Unknown currency XXX."]}


@pytest.mark.parametrize(
    ("value", "code", "expected"),
    [
        ("1000.125", "KWD", "1000.125"),
        ("0.001", "BHD", "0.001"),
        ("1000", "JPY", "1000"),
        ("1000.1", "USD", "1000.10"),
    ],
)
def test_amounts_keep_their_exact_scale(value, code, expected):
    money = money_from_input(value, code)
    assert money.amount == Decimal(expected)
    assert str(money.amount) == expected


@pytest.mark.parametrize(("value", "code"), [("1000.125", "USD"), ("1000.5", "JPY"), ("1.0001", "KWD")])
def test_too_many_decimals_are_refused_not_rounded(value, code):
    with pytest.raises(ValidationError) as err:
        money_from_input(value, code, field="amount")
    expected = {
        "USD": "USD amounts have at most 2 decimal places.",
        "JPY": "JPY amounts have no decimal places.",
        "KWD": "KWD amounts have at most 3 decimal places.",
    }[code]
    assert err.value.message_dict == {"amount": [expected]}


def test_formatting_by_exponent():
    assert format_amount(Decimal("1000.125"), "KWD") == "1,000.125"
    assert format_amount(Decimal("927.740000000000"), "USD") == "927.74"
    assert format_amount(Decimal("1000"), "JPY") == "1,000"
    assert format_filter(Decimal("1234.5"), "BHD") == "1,234.500"
    assert format_filter(None, "USD") == "-"


def test_money_is_at_its_currencys_scale_and_refuses_unknown_codes_as_unknown_currency():
    from sinosure_portal.money.currency import Money, UnknownCurrency

    assert Money(Decimal("1000.125"), "KWD").amount == Decimal("1000.125")
    assert str(Money(Decimal("927.740000000000"), "USD").amount) == "927.74"
    assert str(Money(Decimal("1000000.000"), "JPY").amount) == "1000000"
    assert str(Money(Decimal("1000000"), "JPY")) == "JPY 1,000,000"
    assert (Money(Decimal("0.125"), "BHD") * Decimal("0.5")).amount == Decimal("0.063")  # 0.0625 half up
    with pytest.raises(UnknownCurrency) as err:
        Money(Decimal("1"), "XXX")
    assert err.value.as_dict() == {
        "code": "invalid_currency",
        "message": "Unknown currency XXX.",
        "field": "currency",
    }
    with pytest.raises(TypeError):
        Money(Decimal("1"), "USD") * 1.5  # type: ignore[operator]


def test_amounts_in_sql_are_formatted_for_their_currency(db):
    from django.db import connection

    from sinosure_portal.money.sql import amount_text_sql

    expression = amount_text_sql("v.amount", "v.currency")
    with connection.cursor() as cur:
        cur.execute(
            f"SELECT {expression} FROM (VALUES (1000.125::numeric(19,3), 'KWD'), (1000000.000, 'JPY'),"  # noqa: S608
            " (927.740000000000, 'USD'), (1234567.5, 'EUR'), (12.345, 'BHD')) AS v(amount, currency)"
        )
        assert [row[0] for row in cur.fetchall()] == [
            "1,000.125",
            "1,000,000",
            "927.74",
            "1,234,567.50",
            "12.345",
        ]
