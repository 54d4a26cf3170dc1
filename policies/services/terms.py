"""A policy's terms as the underwriter gives them, and their checks (period, cover, payer,
premium, deadline settings, rate table)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from policies import rules
from policies.errors import error
from policies.models import (
    PaymentTerm,
    Policy,
    PremiumPayer,
    PremiumRate,
    Product,
)
from policies.selectors import rate_rows  # noqa: F401 - re-exported
from sinosure_portal.base.errors import Problems


@dataclass
class PolicyTerms:
    period_start: date
    period_end: date
    indemnity_ratio: Decimal
    max_liability_usd: Decimal
    per_buyer_cap_usd: Decimal | None = None
    premium_payer: str = PremiumPayer.INSURED
    platform_name: str = ""
    platform_share: Decimal = Decimal("0")
    premium_flat_rate: Decimal | None = None
    annual_premium_usd: Decimal | None = None
    base_rate: Decimal | None = None  # builds the default rate table when ``rates`` is empty
    rates: list[rules.RateRow] = field(default_factory=list)
    settings: dict = field(default_factory=dict)  # deadline settings other than the defaults
    pre_shipment_cover: bool = False


SETTING_FIELDS = (
    "declaration_deadline_days",
    "loss_notice_default_days",
    "loss_notice_other_business_days",
    "claim_deadline_months",
    "idle_limit_months",
    "idle_limit_revoke_after_days",
    "renewal_reminder_days",
    "receivable_due_reminder_days",
    "financing_ratio",
    "max_credit_period_days",
)


def _check_setting(key: str, value) -> None:
    if value is None or value < 0:
        raise error("setting_invalid", field=key)
    most = rules.SETTING_MAX.get(key)
    if most is not None and value > most:
        raise error("setting_too_large", field=key, name=key, max=most)


def _validate_terms(product: str, terms: PolicyTerms) -> None:
    """Every problem of the terms at once, each next to its field of the underwriter's form."""
    problems = Problems()
    for check in (
        _validate_period,
        _validate_cover,
        _validate_payer_of,
        _validate_premium,
        _validate_settings_of,
    ):
        with problems.check():
            check(product, terms)
    problems.raise_any()


def _validate_period(product: str, terms: PolicyTerms) -> None:
    if terms.period_end <= terms.period_start:
        raise error("period_invalid", field="period_end")
    if terms.period_end > rules.add_months(terms.period_start, 36):
        raise error("period_too_long", field="period_end")


def _validate_cover(product: str, terms: PolicyTerms) -> None:
    problems = Problems()
    with problems.check():
        _validate_ratio(product, terms)
    with problems.check():
        _validate_liability(product, terms)
    problems.raise_any()


def _validate_ratio(product: str, terms: PolicyTerms) -> None:
    if not rules.indemnity_ratio_ok(product, terms.indemnity_ratio):
        raise error(
            "indemnity_ratio_too_high",
            field="indemnity_ratio",
            max=f"{rules.max_indemnity_ratio(product) * 100:.0f}%",
        )


def _validate_liability(product: str, terms: PolicyTerms) -> None:
    if terms.max_liability_usd is None or terms.max_liability_usd <= 0:
        raise error("max_liability_required", field="max_liability_usd")
    if product == Product.MICRO and not terms.per_buyer_cap_usd:
        raise error("per_buyer_cap_required", field="per_buyer_cap_usd")
    if terms.per_buyer_cap_usd is not None and not (0 < terms.per_buyer_cap_usd <= terms.max_liability_usd):
        raise error("per_buyer_cap_invalid", field="per_buyer_cap_usd")


def _validate_payer_of(product: str, terms: PolicyTerms) -> None:
    _validate_payer(terms)


def _validate_settings_of(product: str, terms: PolicyTerms) -> None:
    _validate_settings(product, terms.settings)


def _validate_payer(terms: PolicyTerms) -> None:
    if terms.premium_payer not in PremiumPayer.values:
        raise error("premium_payer_unknown", field="premium_payer")
    if terms.premium_payer == PremiumPayer.PLATFORM:
        if not terms.platform_name.strip():
            raise error("platform_required", field="platform_name")
        if not (Decimal("0") < terms.platform_share <= Decimal("1")):
            raise error("platform_share_invalid", field="platform_share")
    elif terms.platform_share:
        raise error("platform_share_without_platform", field="platform_share")


def _validate_premium(product: str, terms: PolicyTerms) -> None:
    product_rules = rules.PRODUCTS[product]
    if product_rules.annual_premium:
        if terms.annual_premium_usd is None and terms.premium_flat_rate is None:
            raise error("annual_premium_required", field="premium_flat_rate")
    elif not terms.rates and terms.base_rate is None:
        raise error("rates_required", field="base_rate")
    if terms.base_rate is not None and not (Decimal("0") < terms.base_rate < Decimal("1")):
        raise error("base_rate_invalid", field="base_rate")


def _validate_settings(product: str, settings: dict) -> None:
    product_rules = rules.PRODUCTS[product]
    for key, value in settings.items():
        if key not in SETTING_FIELDS:
            raise error("setting_unknown", field=key, name=key)
        _check_setting(key, value)
    if settings.get("max_credit_period_days", 0) > product_rules.max_credit_period_days:
        raise error(
            "credit_period_above_product",
            field="max_credit_period_days",
            days=product_rules.max_credit_period_days,
        )
    if settings.get("financing_ratio", Decimal("0")) > 1:
        raise error("financing_ratio_invalid", field="financing_ratio")


def _validate_rates(rows: list[rules.RateRow]) -> None:
    for index, row in enumerate(rows):
        if not (1 <= row.country_class_from <= row.country_class_to <= 9):
            raise error("rate_class_range", row=index, field="country_class_from")
        if not (0 <= row.credit_days_from <= row.credit_days_to <= 720):
            raise error("rate_band_range", row=index, field="credit_days_from")
        if row.payment_term not in ("", *PaymentTerm.values):
            raise error("rate_payment_term", row=index, field="payment_term")
        if not (Decimal("0") <= row.rate <= Decimal("1")):
            raise error("rate_value", row=index, field="rate")
    clashes = rules.rate_table_overlaps(rows)
    if clashes:
        a, b = clashes[0]
        raise error("rate_overlap", row=b, field="rates", a=a + 1, b=b + 1)


def rates_create(policy: Policy, rows: list[rules.RateRow]) -> list[PremiumRate]:
    """Store a rate table's rows for ``policy``."""
    return PremiumRate.objects.bulk_create(
        [
            PremiumRate(
                policy=policy,
                country_class_from=r.country_class_from,
                country_class_to=r.country_class_to,
                payment_term=r.payment_term,
                credit_days_from=r.credit_days_from,
                credit_days_to=r.credit_days_to,
                rate=r.rate,
            )
            for r in rows
        ]
    )
