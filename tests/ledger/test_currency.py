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
    places = {"USD": 2, "JPY": 0, "KWD": 3}[code]
    assert err.value.message_dict == {"amount": [f"{code} amounts have at most {places} decimal places."]}


def test_formatting_by_exponent():
    assert format_amount(Decimal("1000.125"), "KWD") == "1,000.125"
    assert format_amount(Decimal("927.740000000000"), "USD") == "927.74"
    assert format_amount(Decimal("1000"), "JPY") == "1,000"
    assert format_filter(Decimal("1234.5"), "BHD") == "1,234.500"
    assert format_filter(None, "USD") == "-"
