"""Pure rules of declarations: dates, cover allocation, payments spread, exposure held, ageing."""

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from declarations import rules
from limits import rules as limit_rules

D = date(2026, 6, 1)
cents = st.integers(min_value=1, max_value=50_000_000).map(lambda c: Decimal(c) / 100)
nonneg_cents = st.integers(min_value=0, max_value=50_000_000).map(lambda c: Decimal(c) / 100)


def _state(amount: Decimal, exposure: Decimal = Decimal("0"), terms=("OA",), max_days=180, effective=D):
    change = limit_rules.ChangeFact(
        applies_from=effective,
        amount_after_usd=amount,
        payment_terms_after=terms,
        max_credit_period_after=max_days,
    )
    return rules.LimitState(1, [change], exposure)


def _req(amount, *, day=D, term="OA", days=90):
    return rules.CoverRequest(1, amount, day, term, days)


def test_due_date_is_shipment_plus_credit_period():
    assert rules.due_date(date(2026, 1, 31), 30) == date(2026, 3, 2)


def test_deadline_is_fifteen_calendar_days_by_default_and_late_after_it():
    assert rules.declaration_deadline(date(2026, 9, 25), 15) == date(2026, 10, 10)
    assert not rules.is_late(date(2026, 9, 25), date(2026, 10, 10), 15)
    assert rules.is_late(date(2026, 9, 25), date(2026, 10, 11), 15)


def test_loss_notice_date_is_thirty_days_after_the_due_date():
    assert rules.loss_notice_date(date(2026, 10, 1), 30) == date(2026, 10, 31)


def test_full_partial_and_no_cover_each_say_why():
    state = _state(Decimal("100"))
    full = rules.cover_one(state, _req(Decimal("60")))
    part = rules.cover_one(state, _req(Decimal("60")))
    none = rules.cover_one(state, _req(Decimal("1")))
    assert (full.covered_usd, full.reason) == (Decimal("60"), None)
    assert (part.covered_usd, part.reason, part.params["covered"]) == (Decimal("40"), "limit_full", "40")
    assert (none.covered_usd, none.reason) == (Decimal("0.00"), "limit_exhausted")
    assert state.exposure_usd == Decimal("100")


def test_outside_the_limits_terms_nothing_is_covered():
    assert rules.cover_one(_state(Decimal("100")), _req(Decimal("1"), term="DA")).reason == "payment_term"
    assert rules.cover_one(_state(Decimal("100")), _req(Decimal("1"), days=181)).reason == "credit_period"
    early = rules.cover_one(_state(Decimal("100")), _req(Decimal("1"), day=D - timedelta(days=1)))
    assert early.reason == "before_effective_date" and early.params["effective"] == D.isoformat()
    assert rules.cover_one(None, _req(Decimal("1"))).reason == "no_limit"


def test_a_cancellation_applies_to_shipments_after_its_notice_only():
    state = _state(Decimal("100"))
    state.changes = [
        *state.changes,
        limit_rules.ChangeFact(
            applies_from=D + timedelta(days=10),
            amount_after_usd=Decimal("0"),
            payment_terms_after=("OA",),
            max_credit_period_after=180,
            kind="cancelled",
        ),
    ]
    assert rules.cover_one(state, _req(Decimal("10"), day=D + timedelta(days=9))).covered_usd == Decimal("10")
    ended = rules.cover_one(state, _req(Decimal("10"), day=D + timedelta(days=10)))
    assert ended.reason == "limit_ended" and ended.params["since"] == (D + timedelta(days=10)).isoformat()


@given(
    limit=nonneg_cents,
    exposure=nonneg_cents,
    amounts=st.lists(cents, min_size=1, max_size=40),
)
def test_allocation_never_over_commits(limit, exposure, amounts):
    state = _state(limit, exposure)
    covers = rules.allocate({1: state}, [_req(a) for a in amounts])
    room = max(limit - exposure, Decimal("0"))
    for amount, cover in zip(amounts, covers, strict=True):
        # covered <= min(amount, available at that moment); available never negative
        assert Decimal("0") <= cover.covered_usd <= min(amount, cover.available_before_usd)
        assert cover.available_before_usd >= 0
        # nothing is left uncovered while room remains
        assert cover.covered_usd == min(amount, cover.available_before_usd)
    assert sum(c.covered_usd for c in covers) <= room
    assert state.exposure_usd == exposure + sum(c.covered_usd for c in covers)
    assert state.exposure_usd <= max(limit, exposure)


@given(limit=nonneg_cents, exposure=nonneg_cents, amount=cents)
def test_allocation_agrees_with_the_limits_rule(limit, exposure, amount):
    cover = rules.cover_one(_state(limit, exposure), _req(amount))
    assert cover.covered_usd == limit_rules.coverable(amount, amount_usd=limit, exposure_usd=exposure)
    assert rules.outcome_of(amount, cover.covered_usd) == (
        "refused"
        if cover.covered_usd == 0
        else ("covered" if cover.covered_usd == amount else "partly_covered")
    )


@given(amount=cents, outstanding=st.lists(nonneg_cents, max_size=12))
def test_a_payment_goes_to_the_oldest_invoices_first(amount, outstanding):
    items = [rules.OpenItem(i, o) for i, o in enumerate(outstanding)]
    spread = rules.spread_payment(amount, items)
    applied = dict(spread)
    assert sum(applied.values(), Decimal("0")) == min(amount, sum(outstanding, Decimal("0")))
    for item in items:
        assert applied.get(item.declaration_id, Decimal("0")) <= item.outstanding
    # an invoice gets something only when every older one is paid off
    reached = [i for i in items if i.declaration_id in applied]
    if reached:
        last = reached[-1].declaration_id
        for item in items[:last]:
            assert applied.get(item.declaration_id, Decimal("0")) == item.outstanding


@given(covered=nonneg_cents, outstanding=st.integers(-1000, 50_000_000).map(lambda c: Decimal(c) / 100))
def test_a_receivable_holds_at_most_its_cover_and_what_is_unpaid(covered, outstanding):
    held = rules.exposure_held(covered, outstanding)
    assert Decimal("0") <= held <= covered
    assert held <= max(outstanding, Decimal("0"))


def test_full_payment_clears_the_usd_amount_exactly():
    rate = Decimal("1.0850000001")
    amount_usd = rules.to_usd(Decimal("333.33"), rate)
    assert rules.paid_usd(Decimal("333.33"), Decimal("333.33"), amount_usd, rate) == amount_usd
    assert rules.paid_usd(Decimal("100"), Decimal("333.33"), amount_usd, rate) < amount_usd


def test_ageing_buckets_by_days_past_due():
    today = date(2026, 10, 10)
    cases = {0: "current", -5: "current", 1: "1_30", 30: "1_30", 31: "31_60", 60: "31_60", 61: "61_90"}
    cases |= {90: "61_90", 91: "91_180", 180: "91_180", 181: "over_180", 900: "over_180"}
    for past, bucket in cases.items():
        assert rules.ageing_bucket(today - timedelta(days=past), today) == bucket, past


@given(st.integers(-400, 4000))
def test_every_day_falls_in_exactly_one_bucket(days):
    today = date(2026, 10, 10)
    due = today - timedelta(days=days)
    matches = [
        k for k, lo, hi in rules.AGEING_BUCKETS if (lo is None or days >= lo) and (hi is None or days <= hi)
    ]
    assert matches == [rules.ageing_bucket(due, today)]


def test_premium_is_declared_amount_times_rate_rounded_to_the_cent():
    assert rules.premium(Decimal("12345.67"), Decimal("0.0045")) == Decimal("55.56")
