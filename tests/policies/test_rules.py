from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from policies import rules

ELIGIBLE_NOTHING = {
    "sme_classification": False,
    "last_year_exports_usd": Decimal("9000000"),
    "provincial_designation": False,
    "association_designation": False,
}


def test_micro_not_eligible_without_any_criterion():
    result = rules.micro_eligibility(**ELIGIBLE_NOTHING)
    assert result == rules.Eligibility(False, ())


@pytest.mark.parametrize(
    ("change", "criterion"),
    [
        ({"sme_classification": True}, "sme_classification"),
        ({"last_year_exports_usd": Decimal("3000000")}, "exports_ceiling"),
        ({"provincial_designation": True}, "provincial"),
        ({"association_designation": True}, "association"),
    ],
)
def test_any_one_of_the_four_criteria_is_enough(change, criterion):
    result = rules.micro_eligibility(**{**ELIGIBLE_NOTHING, **change})
    assert result.eligible and result.criteria == (criterion,)


def test_export_ceiling_is_inclusive_and_a_cent_more_is_out():
    at = rules.micro_eligibility(**{**ELIGIBLE_NOTHING, "last_year_exports_usd": Decimal("3000000.00")})
    above = rules.micro_eligibility(**{**ELIGIBLE_NOTHING, "last_year_exports_usd": Decimal("3000000.01")})
    unknown = rules.micro_eligibility(**{**ELIGIBLE_NOTHING, "last_year_exports_usd": None})
    assert at.eligible and not above.eligible and not unknown.eligible


@given(
    st.booleans(),
    st.one_of(st.none(), st.decimals(min_value=0, max_value=10**8, places=2)),
    st.booleans(),
    st.booleans(),
)
def test_eligibility_is_exactly_any_of_the_four(sme, exports, provincial, association):
    result = rules.micro_eligibility(
        sme_classification=sme,
        last_year_exports_usd=exports,
        provincial_designation=provincial,
        association_designation=association,
    )
    expected = sme or provincial or association or (exports is not None and exports <= Decimal("3000000"))
    assert result.eligible == expected
    assert result.eligible == bool(result.criteria)


def test_indemnity_ratio_is_above_zero_and_at_most_the_products_ceiling():
    assert rules.indemnity_ratio_ok("COMPREHENSIVE", Decimal("0.90"))
    assert not rules.indemnity_ratio_ok("COMPREHENSIVE", Decimal("0.9001"))
    assert not rules.indemnity_ratio_ok("MICRO", Decimal("0.95"))
    assert rules.indemnity_ratio_ok("FORFAITING", Decimal("1.00"))
    assert not rules.indemnity_ratio_ok("FORFAITING", Decimal("1.01"))
    assert not rules.indemnity_ratio_ok("SME", Decimal("0"))


def test_products_by_organisation_kind():
    assert rules.products_for("exporter") == ["COMPREHENSIVE", "SME", "MICRO"]
    assert rules.products_for("bank") == ["BANK", "FORFAITING"]
    assert rules.products_for("insurer") == []


def test_default_period_is_one_year_less_a_day():
    assert rules.default_period_end(date(2026, 1, 1)) == date(2026, 12, 31)
    assert rules.default_period_end(date(2024, 2, 29)) == date(2025, 2, 27)


def test_renewal_follows_the_old_period():
    assert rules.renewal_period(date(2026, 1, 1), date(2026, 12, 31)) == (
        date(2027, 1, 1),
        date(2027, 12, 31),
    )
    assert rules.renewal_period(date(2026, 3, 15), date(2026, 9, 14)) == (
        date(2026, 9, 15),
        date(2027, 3, 14),
    )
    # an odd period is renewed for as many days
    assert rules.renewal_period(date(2026, 1, 1), date(2026, 1, 10)) == (date(2026, 1, 11), date(2026, 1, 20))


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 12, 31)), st.integers(1, 36))
def test_renewal_starts_the_day_after_and_never_overlaps(start, months):
    end = rules.default_period_end(start, months)
    new_start, new_end = rules.renewal_period(start, end)
    assert new_start == end + timedelta(days=1) and new_end > new_start


def test_default_rate_table_covers_every_shipment_once():
    table = rules.default_rate_table(Decimal("0.003"))
    assert len(table) == 64 and not rules.rate_table_overlaps(table)
    for cls in range(1, 10):
        for term in rules.PAYMENT_TERMS:
            for days in (0, 90, 91, 180, 181, 360, 361, 720):
                assert (
                    rules.premium_rate(table, country_class=cls, payment_term=term, credit_days=days)
                    is not None
                )
    assert rules.premium_rate(table, country_class=1, payment_term="OA", credit_days=721) is None


def test_rates_rise_with_risk():
    table = rules.default_rate_table(Decimal("0.003"))

    def rate(cls, term, days):
        return rules.premium_rate(table, country_class=cls, payment_term=term, credit_days=days)

    assert rate(1, "OA", 60) == Decimal("0.003000")
    assert rate(1, "LC", 60) < rate(1, "DP", 60) < rate(1, "DA", 60) < rate(1, "OA", 60)
    assert rate(1, "OA", 60) < rate(3, "OA", 60) < rate(5, "OA", 60) < rate(9, "OA", 60)
    assert rate(1, "OA", 60) < rate(1, "OA", 120) < rate(1, "OA", 200) < rate(1, "OA", 400)


def test_specific_payment_term_row_wins_over_any_term_row():
    rows = [
        rules.RateRow(1, 9, "", 0, 720, Decimal("0.01")),
        rules.RateRow(1, 9, "LC", 0, 720, Decimal("0.002")),
    ]
    assert rules.premium_rate(rows, country_class=5, payment_term="LC", credit_days=30) == Decimal("0.002")
    assert rules.premium_rate(rows, country_class=5, payment_term="OA", credit_days=30) == Decimal("0.01")
    assert not rules.rate_table_overlaps(rows)
    assert rules.rate_table_overlaps([*rows, rules.RateRow(3, 4, "LC", 100, 200, Decimal("0.1"))]) == [(1, 2)]


@given(
    st.decimals(min_value=0, max_value=10**9, places=2),
    st.decimals(min_value=0, max_value=1, places=4),
)
def test_premium_split_adds_up_to_the_total(total, share):
    insured, platform = rules.premium_split(total, share)
    assert insured + platform == total
    assert insured >= 0 and platform >= 0
    assert abs(platform - total * share) <= Decimal("0.005")


def test_premium_split_refuses_a_share_above_one():
    with pytest.raises(ValueError):
        rules.premium_split(Decimal("100"), Decimal("1.5"))


def test_annual_premium_is_turnover_times_rate_with_a_minimum():
    assert rules.annual_premium(Decimal("1000000"), Decimal("0.0025")) == Decimal("2500.00")
    assert rules.annual_premium(Decimal("1000"), Decimal("0.0025"), Decimal("300")) == Decimal("300.00")


@given(
    st.decimals(min_value=0, max_value=10**9, places=2),
    st.decimals(min_value=0, max_value=1, places=4),
)
def test_premium_split_matches_an_oracle_that_rounds_the_platform_share_half_up(total, share):
    """The platform pays its share rounded to the cent, half up; the insured the rest."""
    exact = total * share
    cents, remainder = divmod(exact * 100, 1)
    platform = (cents + (1 if remainder >= Decimal("0.5") else 0)) / 100
    assert rules.premium_split(total, share) == (total - platform, platform)
