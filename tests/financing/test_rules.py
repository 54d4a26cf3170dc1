"""The pure rules of financing: worked cases and properties."""

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from financing import rules

D = Decimal
TODAY = date(2026, 6, 15)


def facts(**kw):
    base = {
        "invoice_number": "INV-1",
        "status": "covered",
        "covered_usd": D("10000"),
        "outstanding_usd": D("10000"),
        "due_date": TODAY + timedelta(days=30),
    }
    base.update(kw)
    return rules.ReceivableFacts(**base)


def test_financeable_is_covered_outstanding_times_ratio_rounded_down():
    assert rules.financeable_usd(D("10000"), D("10000"), D("0.9")) == D("9000.00")
    assert rules.financeable_usd(D("10000"), D("4000"), D("0.9")) == D("3600.00")  # partly paid
    assert rules.financeable_usd(D("333.33"), D("1000"), D("0.9")) == D("299.99")  # 299.997 down
    assert rules.financeable_usd(D("100"), D("-5"), D("0.9")) == D("0.00")


def test_receivable_refusals_name_the_reason():
    assert rules.receivable_refusal(facts(), TODAY) is None
    assert rules.receivable_refusal(facts(status="partly_covered"), TODAY) is None
    assert rules.receivable_refusal(facts(status="overdue"), TODAY) == "receivable_overdue"
    assert rules.receivable_refusal(facts(status="loss_notified"), TODAY) == "receivable_under_loss_notice"
    assert rules.receivable_refusal(facts(status="claimed"), TODAY) == "receivable_claimed"
    assert rules.receivable_refusal(facts(status="indemnified"), TODAY) == "receivable_indemnified"
    assert rules.receivable_refusal(facts(status="settled"), TODAY) == "receivable_settled"
    assert rules.receivable_refusal(facts(covered_usd=D("0")), TODAY) == "receivable_not_covered"
    assert rules.receivable_refusal(facts(outstanding_usd=D("0")), TODAY) == "receivable_settled"
    # past due before the nightly sweep marked it: overdue all the same
    assert rules.receivable_refusal(facts(due_date=TODAY - timedelta(days=1)), TODAY) == "receivable_overdue"
    assert rules.receivable_refusal(facts(due_date=TODAY), TODAY) is None
    assert rules.receivable_refusal(facts(under_loss_notice=True), TODAY) == "receivable_under_loss_notice"


def test_loan_check_sums_each_receivables_share():
    lines = [(D("10000"), D("10000"), D("0.9")), (D("5000"), D("5000"), D("0.8"))]
    check = rules.loan_check(D("13000"), lines)
    assert check.financeable_usd == D("13000.00") and check.covered_usd == D("15000") and check.fits
    assert not rules.loan_check(D("13000.01"), lines).fits
    assert not rules.loan_check(D("0"), lines).fits


def test_agreement_in_force_between_effective_date_and_end():
    start, end = date(2026, 1, 1), date(2026, 6, 1)
    assert not rules.agreement_in_force("in_force", start, None, date(2025, 12, 31))
    assert rules.agreement_in_force("in_force", start, None, start)
    assert rules.agreement_in_force("termination_requested", start, None, date(2026, 7, 1))
    assert rules.agreement_in_force("terminated", start, end, date(2026, 5, 31))
    assert not rules.agreement_in_force("terminated", start, end, end)
    assert not rules.agreement_in_force("bank_signed", start, None, date(2026, 2, 1))
    assert not rules.agreement_in_force("proposed", start, None, date(2026, 2, 1))


def test_scopes_overlap():
    assert rules.scopes_overlap(True, [], False, [1]) is True
    assert rules.scopes_overlap(False, [1, 2], False, [2, 3]) == {2}
    assert not rules.scopes_overlap(False, [1], False, [2])


amounts = st.decimals(min_value=D("0"), max_value=D("10000000"), places=2)
ratios = st.decimals(min_value=D("0.01"), max_value=D("1"), places=4)


@given(st.lists(st.tuples(amounts, amounts, ratios), min_size=1, max_size=20), amounts)
def test_a_loan_that_fits_never_exceeds_covered_times_ratio(lines, amount):
    check = rules.loan_check(amount, lines)
    exact = sum((max(min(c, o), D(0)) * r for c, o, r in lines), D(0))
    assert check.financeable_usd <= exact
    assert exact - check.financeable_usd < D("0.01") * len(lines)
    if check.fits:
        assert amount <= exact
        assert amount <= check.covered_usd


@given(amounts, amounts, ratios)
def test_financeable_never_exceeds_covered_nor_outstanding(covered, outstanding, ratio):
    f = rules.financeable_usd(covered, outstanding, ratio)
    assert D(0) <= f <= covered and f <= max(outstanding, D(0))


@given(
    st.sampled_from(
        ["covered", "partly_covered", "overdue", "settled", "loss_notified", "claimed", "indemnified"]
    )
)
def test_only_open_covered_receivables_may_be_financed(status):
    assert (rules.receivable_refusal(facts(status=status), TODAY) is None) == (
        status in rules.FINANCEABLE_STATES
    )
