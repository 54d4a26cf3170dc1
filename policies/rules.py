"""Pure rules of policies (no ORM): products, micro eligibility, indemnity ratio, period, premium."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from sinosure_portal.money.currency import quantize  # the one place a currency's minor unit is read

COMPREHENSIVE, SME, MICRO, BANK, FORFAITING = "COMPREHENSIVE", "SME", "MICRO", "BANK", "FORFAITING"
PAYMENT_TERMS = ("LC", "DP", "DA", "OA")


@dataclass(frozen=True)
class ProductRules:
    insured_kind: str  # organisation kind that may hold the policy
    max_ratio: Decimal  # the highest indemnity ratio (DESIGN.md)
    limit_required: bool  # a credit limit is needed before a buyer is covered
    declarations: bool  # shipments are declared one by one
    loss_notice: bool  # possible losses are notified before a claim
    annual_premium: bool  # one premium for the year (seed) instead of premium per declaration
    max_credit_period_days: int  # the longest credit period the product covers


PRODUCTS: dict[str, ProductRules] = {
    COMPREHENSIVE: ProductRules("exporter", Decimal("0.90"), True, True, True, False, 720),
    SME: ProductRules("exporter", Decimal("0.90"), True, False, False, True, 720),
    # micro: credit period within one year (seed); limits optional, they raise the cover
    MICRO: ProductRules("exporter", Decimal("0.90"), False, False, False, True, 360),
    BANK: ProductRules("bank", Decimal("0.90"), True, True, True, False, 720),
    FORFAITING: ProductRules("bank", Decimal("1.00"), True, True, True, False, 720),
}


def products_for(organisation_kind: str) -> list[str]:
    """The products an organisation of this kind may apply for."""
    return [code for code, rules in PRODUCTS.items() if rules.insured_kind == organisation_kind]


def max_indemnity_ratio(product: str) -> Decimal:
    return PRODUCTS[product].max_ratio


def indemnity_ratio_ok(product: str, ratio: Decimal) -> bool:
    return Decimal("0") < ratio <= max_indemnity_ratio(product)


# --- micro-enterprise eligibility (seed: any one of four) -----------------------------------------

MICRO_EXPORTS_CEILING_USD = Decimal("3000000")  # last year's customs exports, inclusive (含)


@dataclass(frozen=True)
class Eligibility:
    eligible: bool
    criteria: tuple[str, ...]  # the criteria met, by code


CRITERIA = ("sme_classification", "exports_ceiling", "provincial", "association")


def micro_eligibility(
    *,
    sme_classification: bool,
    last_year_exports_usd: Decimal | None,
    provincial_designation: bool,
    association_designation: bool,
) -> Eligibility:
    """An exporter is eligible for the micro policy (小微企业信保易) when any one of these holds:
    small or micro under the 2011 SME classification rules (工信部联企业〔2011〕300号); last
    year's customs exports at most USD 3,000,000; designated small/micro by a provincial
    government; or by a national industry association."""
    met = []
    if sme_classification:
        met.append("sme_classification")
    if (
        last_year_exports_usd is not None
        and Decimal("0") <= last_year_exports_usd <= MICRO_EXPORTS_CEILING_USD
    ):
        met.append("exports_ceiling")
    if provincial_designation:
        met.append("provincial")
    if association_designation:
        met.append("association")
    return Eligibility(bool(met), tuple(met))


# --- period -------------------------------------------------------------------------------------------


def add_months(day: date, months: int) -> date:
    """Calendar months later; the 31st becomes the last day of a shorter month."""
    import calendar

    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def default_period_end(start: date, months: int = 12) -> date:
    """A policy normally runs one year: from its start to the day before the same date a year later."""
    return add_months(start, months) - timedelta(days=1)


def renewal_period(previous_start: date, previous_end: date) -> tuple[date, date]:
    """The renewal starts the day after the old period ends and runs as long: the same number of
    whole months when the old period was whole months, else the same number of days."""
    start = previous_end + timedelta(days=1)
    for months in range(1, 37):
        if default_period_end(previous_start, months) == previous_end:
            return start, default_period_end(start, months)
    return start, start + (previous_end - previous_start)


# --- premium rate table -----------------------------------------------------------------------------

CREDIT_BANDS: tuple[tuple[int, int], ...] = ((0, 90), (91, 180), (181, 360), (361, 720))
CLASS_GROUPS: tuple[tuple[int, int], ...] = ((1, 2), (3, 4), (5, 6), (7, 9))
# how much riskier a payment term is than O/A, and a class group than class 1-2, and a band than 0-90
TERM_FACTORS = {"LC": Decimal("0.50"), "DP": Decimal("0.80"), "DA": Decimal("0.95"), "OA": Decimal("1.00")}
CLASS_FACTORS = (Decimal("1.0"), Decimal("1.6"), Decimal("2.6"), Decimal("4.0"))
BAND_FACTORS = (Decimal("1.0"), Decimal("1.5"), Decimal("2.3"), Decimal("3.5"))


@dataclass(frozen=True)
class RateRow:
    country_class_from: int
    country_class_to: int
    payment_term: str  # "" for any payment term
    credit_days_from: int
    credit_days_to: int
    rate: Decimal


def default_rate_table(base_rate: Decimal) -> list[RateRow]:
    """A full table (4 country-class groups x 4 payment terms x 4 credit-period bands) scaled from
    the rate for a class 1-2 buyer on O/A up to 90 days. The underwriter edits it afterwards."""
    rows = []
    for (c_from, c_to), c_factor in zip(CLASS_GROUPS, CLASS_FACTORS, strict=True):
        for term in PAYMENT_TERMS:
            for (d_from, d_to), b_factor in zip(CREDIT_BANDS, BAND_FACTORS, strict=True):
                rate = (base_rate * c_factor * TERM_FACTORS[term] * b_factor).quantize(
                    Decimal("0.000001"), rounding=ROUND_HALF_UP
                )
                rows.append(RateRow(c_from, c_to, term, d_from, d_to, min(rate, Decimal("1"))))
    return rows


def premium_rate(
    rows: Iterable[RateRow], *, country_class: int, payment_term: str, credit_days: int
) -> Decimal | None:
    """The rate of the row that matches; a row for the exact payment term wins over an any-term row.
    None when the table has no matching row (the caller refuses rather than guesses)."""
    best: tuple[int, Decimal] | None = None
    for row in rows:
        if not (row.country_class_from <= country_class <= row.country_class_to):
            continue
        if not (row.credit_days_from <= credit_days <= row.credit_days_to):
            continue
        if row.payment_term not in ("", payment_term):
            continue
        specificity = 1 if row.payment_term else 0
        if best is None or specificity > best[0]:
            best = (specificity, row.rate)
    return best[1] if best else None


def rate_table_overlaps(rows: Sequence[RateRow]) -> list[tuple[int, int]]:
    """Pairs of row indexes that would both match some shipment with the same specificity."""
    clashes = []
    for i, a in enumerate(rows):
        for j in range(i + 1, len(rows)):
            b = rows[j]
            if a.payment_term != b.payment_term:
                continue
            if a.country_class_to < b.country_class_from or b.country_class_to < a.country_class_from:
                continue
            if a.credit_days_to < b.credit_days_from or b.credit_days_to < a.credit_days_from:
                continue
            clashes.append((i, j))
    return clashes


def premium(amount_usd: Decimal, rate: Decimal) -> Decimal:
    return quantize(amount_usd * rate, "USD")


# --- annual premium (SME, micro) ----------------------------------------------------------------------


def annual_premium(turnover_usd: Decimal, flat_rate: Decimal, minimum_usd: Decimal = Decimal("0")) -> Decimal:
    """One premium for the year: the estimated insured turnover times the flat rate, at least the
    minimum."""
    return max(premium(turnover_usd, flat_rate), quantize(minimum_usd, "USD"))


def premium_split(total_usd: Decimal, platform_share: Decimal) -> tuple[Decimal, Decimal]:
    """(insured's part, platform's part) of a premium a unified platform (统保平台) co-pays. The
    platform's part is rounded to the cent and the insured pays the rest, so the parts always add up
    to the total."""
    if not (Decimal("0") <= platform_share <= Decimal("1")):
        raise ValueError("platform share must be between 0 and 1")
    platform = quantize(total_usd * platform_share, "USD")
    return total_usd - platform, platform


# The largest value each per-policy deadline setting may take (the smallest is 0): beyond these a
# setting means nothing for short-term business (and would not fit its column).
SETTING_MAX = {
    "declaration_deadline_days": 180,
    "loss_notice_default_days": 365,
    "loss_notice_other_business_days": 120,
    "claim_deadline_months": 24,
    "idle_limit_months": 60,
    "idle_limit_revoke_after_days": 365,
    "renewal_reminder_days": 365,
    "receivable_due_reminder_days": 180,
}


def loss_notice_deadline(due_date: date, days: int) -> date:
    """The last day to notify a possible loss on a receivable: its due date plus the policy's
    notice period (``Policy.loss_notice_default_days``). The one place this rule is written; the
    overdue sweeps compute it row by row in the database as ``AddDays(due_date, days)``."""
    return due_date + timedelta(days=days)
