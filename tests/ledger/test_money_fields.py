"""The amount fields of the API, the pages and the Excel exports, each against its currency."""

from decimal import Decimal
from io import BytesIO

import pytest
from django import forms
from openpyxl import load_workbook
from rest_framework import serializers

from sinosure_portal.core.exports import amount, usd, workbook_bytes
from sinosure_portal.money.fields import (
    CurrencyAmountFormField,
    CurrencyAmountSerializerField,
    CurrencyAmountsFormMixin,
    CurrencyCodeFormField,
    CurrencyCodeSerializerField,
)


class Line(serializers.Serializer):
    currency = CurrencyCodeSerializerField()
    amount = CurrencyAmountSerializerField()


class Lines(serializers.Serializer):
    lines = Line(many=True)


@pytest.mark.parametrize(
    ("currency", "value", "expected"),
    [
        ("KWD", "1000.125", Decimal("1000.125")),
        ("kwd", "1000.1250", Decimal("1000.125")),
        ("JPY", "1000000", Decimal("1000000")),
        ("JPY", "1000000.000", Decimal("1000000")),
        ("BHD", "12.345", Decimal("12.345")),
        ("USD", "927.74", Decimal("927.74")),
    ],
)
def test_the_api_takes_each_currencys_decimals(currency, value, expected):
    line = Line(data={"currency": currency, "amount": value})
    assert line.is_valid(), line.errors
    assert line.validated_data["amount"] == expected
    assert str(line.validated_data["amount"]) == str(expected)


@pytest.mark.parametrize(
    ("currency", "value", "message"),
    [
        ("JPY", "10.5", "JPY amounts have no decimal places."),
        ("KWD", "1.0001", "KWD amounts have at most 3 decimal places."),
        ("USD", "1000.125", "USD amounts have at most 2 decimal places."),
    ],
)
def test_the_api_refuses_more_decimals_than_the_currency_has_naming_the_field(currency, value, message):
    line = Line(data={"currency": currency, "amount": value})
    assert not line.is_valid()
    assert line.errors == {"amount": [message]}
    nested = Lines(
        data={"lines": [{"currency": "KWD", "amount": "1.125"}, {"currency": currency, "amount": value}]}
    )
    assert not nested.is_valid()
    assert nested.errors == {"lines": {1: {"amount": [message]}}}  # the second line, by index


def test_the_api_refuses_an_unknown_currency_as_unknown():
    line = Line(data={"currency": "XXX", "amount": "10"})
    assert not line.is_valid()
    assert line.errors == {"currency": ["Unknown currency XXX."]}


def test_the_api_shows_amounts_at_their_currencys_scale():
    rows = [
        {"currency": "KWD", "amount": Decimal("1000.125")},
        {"currency": "JPY", "amount": Decimal("1000000.000")},
        {"currency": "USD", "amount": Decimal("927.740000000000")},
        {"currency": "BHD", "amount": Decimal("10")},
    ]
    assert [r["amount"] for r in Line(rows, many=True).data] == ["1000.125", "1000000", "927.74", "10.000"]


class PaymentForm(CurrencyAmountsFormMixin, forms.Form):
    currency = CurrencyCodeFormField()
    amount = CurrencyAmountFormField()


@pytest.mark.parametrize(
    ("data", "errors", "cleaned"),
    [
        ({"currency": "KWD", "amount": "1000.125"}, {}, Decimal("1000.125")),
        ({"currency": "JPY", "amount": "10.5"}, {"amount": ["JPY amounts have no decimal places."]}, None),
        ({"currency": "XXX", "amount": "10"}, {"currency": ["Unknown currency XXX."]}, None),
        ({"currency": "usd", "amount": "10.5"}, {}, Decimal("10.50")),
    ],
)
def test_pages_check_the_amount_against_its_currency(data, errors, cleaned):
    form = PaymentForm(data=data)
    assert form.is_valid() is not bool(errors)
    assert dict(form.errors) == errors
    if cleaned is not None:
        assert str(form.cleaned_data["amount"]) == str(cleaned)


def test_excel_cells_hold_the_exact_amount_with_the_currencys_number_format():
    content = workbook_bytes(
        ["currency", "amount", "usd"],
        [
            ["KWD", amount(Decimal("1000.125"), "KWD"), usd(Decimal("3250.40625"))],
            ["JPY", amount(Decimal("1000000.000"), "JPY"), usd(Decimal("6700"))],
            ["BHD", amount(Decimal("12.345"), "BHD"), usd(Decimal("927.740000000000"))],
            ["EUR", amount(None, "EUR"), None],
        ],
    )
    rows = list(load_workbook(BytesIO(content)).active.iter_rows(min_row=2))
    assert [(Decimal(str(r[1].value)), r[1].number_format) for r in rows[:3]] == [
        (Decimal("1000.125"), "#,##0.000"),
        (Decimal("1000000"), "#,##0"),
        (Decimal("12.345"), "#,##0.000"),
    ]
    assert [(Decimal(str(r[2].value)), r[2].number_format) for r in rows[:3]] == [
        (Decimal("3250.41"), "#,##0.00"),
        (Decimal("6700"), "#,##0.00"),
        (Decimal("927.74"), "#,##0.00"),
    ]
    assert rows[3][1].value is None
