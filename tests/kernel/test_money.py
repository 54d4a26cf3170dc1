from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sinosure_portal.money.currency import Money, is_currency
from sinosure_portal.money.services import RateMissing, convert_to_usd, rates_to_usd
from tests.factories import ExchangeRateFactory


def test_money_refuses_floats_and_unknown_currencies():
    with pytest.raises(TypeError):
        Money(1.5, "USD")  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        Money(Decimal("1"), "XYZ")
    assert is_currency("CNY") and not is_currency("usd")


def test_money_does_not_mix_currencies():
    with pytest.raises(ValueError):
        Money(Decimal("1"), "USD") + Money(Decimal("1"), "EUR")


@given(
    st.decimals(min_value=0, max_value=10**9, places=2), st.decimals(min_value=0, max_value=10**9, places=2)
)
def test_addition_and_subtraction_round_trip(a, b):
    assert (Money(a, "USD") + Money(b, "USD") - Money(b, "USD")).amount == a


@pytest.mark.django_db
def test_conversion_uses_the_rate_of_the_day():
    ExchangeRateFactory(currency="EUR", date=date(2026, 10, 1), usd_per_unit=Decimal("1.08"))
    assert convert_to_usd(Money(Decimal("1000.00"), "EUR"), on=date(2026, 10, 1)) == Money(
        Decimal("1080.00"), "USD"
    )
    assert convert_to_usd(Money(Decimal("5"), "USD"), on=date(2026, 10, 1)).amount == Decimal("5.00")


@pytest.mark.django_db
def test_missing_rate_is_refused_not_guessed():
    ExchangeRateFactory(currency="EUR", date=date(2026, 10, 1))
    with pytest.raises(RateMissing) as err:
        convert_to_usd(Money(Decimal("10"), "EUR"), on=date(2026, 10, 2))
    assert err.value.code == "rate_missing"
    assert "EUR" in err.value.message and "2026-10-02" in err.value.message


@pytest.mark.django_db
def test_rates_in_bulk_leave_missing_pairs_out():
    ExchangeRateFactory(currency="EUR", date=date(2026, 10, 1), usd_per_unit=Decimal("1.1"))
    found = rates_to_usd({("EUR", date(2026, 10, 1)), ("EUR", date(2026, 10, 2)), ("USD", date(2026, 10, 2))})
    assert found == {("EUR", date(2026, 10, 1)): Decimal("1.1"), ("USD", date(2026, 10, 2)): Decimal("1")}


@pytest.mark.django_db
def test_rate_api_refuses_bad_currency_with_field_named(api_for, admin_user):
    response = api_for(admin_user).post(
        "/api/v1/exchange-rates/",
        {"currency": "XXQ", "date": "2026-10-01", "usd_per_unit": "1.2"},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["field"] == "currency"


@pytest.mark.django_db
def test_exporter_may_not_enter_rates(api_for, exporter):
    response = api_for(exporter).post(
        "/api/v1/exchange-rates/",
        {"currency": "EUR", "date": "2026-10-01", "usd_per_unit": "1.2"},
        format="json",
    )
    assert response.status_code == 403
    assert response.json()["code"] == "not_allowed"
