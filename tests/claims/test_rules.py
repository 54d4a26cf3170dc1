from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from claims import rules
from claims.rules import Caps, Deductions, ShipmentLoss
from sinosure_portal.workdays import calendar as workdays
from sinosure_portal.workdays.calendar import BusinessDate

D = Decimal


def _cents(value: Decimal) -> Decimal:
    """Half-up to cents, written here so the bounds do not lean on the rounding under test."""
    return value.quantize(D("0.01"), rounding=ROUND_HALF_UP)


money = st.decimals(min_value=0, max_value=10**8, places=2, allow_nan=False, allow_infinity=False)
ratio = st.decimals(min_value=D("0.01"), max_value=D("1.00"), places=2)


# --- deadlines (worked examples from the issue) -----------------------------------------------
@pytest.mark.django_db
def test_default_notice_is_due_30_days_after_the_due_date():
    deadline = rules.loss_notice_deadline(
        cause="buyer_default", event_date=date(2026, 9, 25), due_date=date(2026, 9, 20), calendar=workdays
    )
    assert (deadline.date, deadline.basis, deadline.provisional) == (date(2026, 10, 20), "calendar", False)


@pytest.mark.django_db
def test_insolvency_notice_is_due_10_business_days_after_the_event():
    deadline = rules.loss_notice_deadline(
        cause="buyer_insolvency", event_date=date(2026, 9, 28), due_date=None, calendar=workdays
    )
    assert (deadline.date, deadline.basis) == (date(2026, 10, 16), "business")


@pytest.mark.django_db
def test_notice_deadline_running_into_an_unofficial_year_is_provisional():
    deadline = rules.loss_notice_deadline(
        cause="war", event_date=date(2026, 12, 24), due_date=None, calendar=workdays
    )
    assert deadline.provisional


class WeekendsOnly:
    """A calendar written here: Monday to Friday are working days, nothing is read from anywhere."""

    def add_business_days(self, start: date, n: int) -> BusinessDate:
        day = start
        while n:
            day += timedelta(days=1)
            n -= day.weekday() < 5
        return BusinessDate(day, provisional=False)


def test_the_deadline_rules_count_in_the_calendar_they_are_given_and_read_no_database():
    # 2026-10-01 is a Thursday; in a weekends-only calendar (no National Day week) 10 working days
    # later is Thursday 2026-10-15 and 30 working days later Thursday 2026-11-12
    notice = rules.loss_notice_deadline(
        cause="war", event_date=date(2026, 10, 1), due_date=None, calendar=WeekendsOnly()
    )
    assert (notice.date, notice.basis, notice.provisional) == (date(2026, 10, 15), "business", False)
    decision = rules.micro_decision_deadline(claim_date=date(2026, 10, 1), calendar=WeekendsOnly())
    assert decision.date == date(2026, 11, 12)
    # a default is counted in calendar days from the due date, whatever the calendar
    default = rules.loss_notice_deadline(
        cause="buyer_default",
        event_date=date(2026, 10, 1),
        due_date=date(2026, 9, 20),
        calendar=WeekendsOnly(),
    )
    assert default.date == date(2026, 10, 20)


def test_claim_filing_deadline_is_four_months_after_the_notice_month_end_clamped():
    assert rules.claim_filing_deadline(notice_date=date(2026, 10, 31)).date == date(2027, 2, 28)
    assert rules.claim_filing_deadline(notice_date=date(2026, 10, 20), months=6).date == date(2027, 4, 20)


@pytest.mark.django_db
def test_micro_decision_is_due_30_business_days_after_the_claim():
    # 2026-09-01 (Tue): September has 21 working days left after it, the National Day week none,
    # 10-08..10-10 are three (10-10 a makeup Saturday), then 10-12..10-16 five, 10-19 the 30th
    assert rules.micro_decision_deadline(claim_date=date(2026, 9, 1), calendar=workdays).date == date(
        2026, 10, 19
    )


# --- loss and indemnity: worked examples -------------------------------------------------------
def test_worked_example_partial_payment_and_resale():
    # invoice 100,000 covered 80,000; buyer paid 10,000; goods resold for 5,000; ratio 90%
    a = rules.assess(
        [ShipmentLoss(D("100000"), D("80000"), D("10000"))],
        Deductions(resale_proceeds=D("5000")),
        Caps(D("0.90"), remaining_max_liability=D("1000000")),
    )
    assert a.loss == D("85000.00")
    assert a.indemnifiable_loss == D("80000.00")  # capped by the covered amount
    assert a.indemnity == D("72000.00") and a.capped_by == []


def test_worked_example_capped_by_the_remaining_maximum_liability():
    a = rules.assess([ShipmentLoss(D("50000"), D("50000"))], Deductions(), Caps(D("0.90"), D("30000")))
    assert a.indemnity_before_caps == D("45000.00")
    assert a.indemnity == D("30000.00") and a.capped_by == ["max_liability"]


def test_worked_example_micro_buyer_cap():
    a = rules.assess(
        [ShipmentLoss(D("40000"), D("40000")), ShipmentLoss(D("20000"), D("20000"), D("5000"))],
        Deductions(set_off=D("1000")),
        Caps(D("0.80"), D("500000"), remaining_buyer_cap=D("30000")),
    )
    assert a.loss == D("54000.00")
    assert a.indemnity_before_caps == D("43200.00")
    assert a.indemnity == D("30000.00") and a.capped_by == ["buyer_cap"]


def test_worked_example_recovery_share():
    # owed 100,000 at payment, indemnity paid 72,000; recovered 20,000 with 2,000 costs
    share = rules.recovery_share(
        recovered=D("20000"), costs=D("2000"), indemnity_paid=D("72000"), total_owed=D("100000")
    )
    assert (share.net, share.insurer, share.insured) == (D("18000.00"), D("12960.00"), D("5040.00"))


def test_costs_above_the_recovery_leave_nothing_to_share():
    share = rules.recovery_share(
        recovered=D("100"), costs=D("300"), indemnity_paid=D("90"), total_owed=D("100")
    )
    assert share.net == share.insurer == share.insured == D("0.00")


def test_negative_deductions_are_refused():
    with pytest.raises(ValueError):
        rules.assess([ShipmentLoss(D("1"), D("1"))], Deductions(set_off=D("-1")), Caps(D("0.9"), D("10")))


# --- properties --------------------------------------------------------------------------------
@given(
    st.lists(st.tuples(money, money, money), min_size=1, max_size=6),
    money,
    money,
    money,
    ratio,
    money,
    st.one_of(st.none(), money),
)
def test_indemnity_never_exceeds_covered_times_ratio_nor_the_caps(
    rows, resale, set_off, other, r, remaining, buyer_cap
):
    shipments = [ShipmentLoss(inv, cov, paid) for inv, cov, paid in rows]
    a = rules.assess(shipments, Deductions(resale, set_off, other), Caps(r, remaining, buyer_cap))
    # the bounds, computed here from the raw inputs (cents rounded half up by hand)
    covered = sum((min(cov, inv) for inv, cov, _paid in rows), D(0))
    assert D(0) <= a.indemnity
    assert a.indemnity <= _cents(covered * r)
    assert a.indemnity <= _cents(remaining)
    if buyer_cap is not None:
        assert a.indemnity <= _cents(buyer_cap)
    assert a.indemnifiable_loss <= a.loss and a.indemnifiable_loss <= _cents(covered)


@given(money, money, money, money)
def test_recovery_shares_add_up_to_the_net_recovery_and_the_insurer_takes_paid_over_owed(
    recovered, costs, paid, owed
):
    from fractions import Fraction

    assume(owed > 0)
    share = rules.recovery_share(recovered=recovered, costs=costs, indemnity_paid=paid, total_owed=owed)
    net = max(recovered - costs, D(0))
    assert share.insurer + share.insured == share.net == _cents(net)
    assert share.insurer >= 0 and share.insured >= 0
    # the oracle: the insurer's share in exact fractions, at most the whole net recovery
    exact = Fraction(net) * min(Fraction(paid) / Fraction(owed), Fraction(1))
    assert abs(Fraction(share.insurer) - exact) <= Fraction(1, 200) + Fraction(1, 10**20)


# --- evidence, uploads, payee and amounts in words ------------------------------------------------


def test_missing_evidence_lists_what_a_claim_still_needs():
    assert rules.missing_evidence({"contract", "invoice"}) == [
        "bill_of_lading",
        "customs_declaration",
        "correspondence",
    ]
    assert rules.missing_evidence({"contract", "invoice", "correspondence"}, services_only=True) == []
    assert rules.missing_receipts({"aml"}) == ["signed_notice_receipt", "signed_receipt_transfer"]


@pytest.mark.parametrize(
    "name, head, size, problem",
    [
        ("a.pdf", b"%PDF-1.7", 10, ""),
        ("scan.JPG", b"\xff\xd8\xff\xe0", 10, ""),
        ("b.png", b"\x89PNG\r\n\x1a\n", 10, ""),
        ("list.xlsx", b"PK\x03\x04", 10, ""),
        ("letter.docx", b"PK\x03\x04", 10, ""),
        ("a.pdf", b"%PDF-1.7", 0, "empty_file"),
        ("a.pdf", b"%PDF-1.7", 1025, "too_large"),
        ("a.exe", b"MZ", 10, "file_type"),
        ("noextension", b"%PDF-", 10, "file_type"),
        ("a.pdf", b"PK\x03\x04", 10, "content_mismatch"),
        ("a.png", b"%PDF-1.7", 10, "content_mismatch"),
    ],
)
def test_uploads_are_checked_by_extension_content_and_size(name, head, size, problem):
    result = rules.check_upload(name, head, size, max_bytes=1024)
    assert (result.ok, result.problem) == (problem == "", problem)


def test_the_payee_is_the_assignee_bank_when_an_assignment_is_in_force_else_the_insured():
    class Bank:
        pk = 9

    class Assignment:
        pk = 4
        bank = Bank()

    assert rules.indemnity_payee(insured_id=1, assignment=None) == rules.Payee(1, None)
    assert rules.indemnity_payee(insured_id=1, assignment=Assignment()) == rules.Payee(9, 4)


@pytest.mark.parametrize(
    "amount, zh",
    [
        ("72000", "柒万贰仟元整"),
        ("90000", "玖万元整"),
        ("72000.50", "柒万贰仟元伍角"),
        ("100005", "壹拾万零伍元整"),
        ("1000000", "壹佰万元整"),
        ("100010000", "壹亿零壹万元整"),
        ("15247.06", "壹万伍仟贰佰肆拾柒元零陆分"),
        ("0", "零元整"),
    ],
)
def test_amounts_in_chinese_capitals(amount, zh):
    from claims.documents import amount_in_chinese

    assert amount_in_chinese(D(amount)) == zh


def test_amounts_are_written_in_english_words_with_cents_for_the_receipt():
    from claims.documents import amount_in_english

    assert amount_in_english(D("72000")) == "US DOLLARS SEVENTY-TWO THOUSAND ONLY"
    assert amount_in_english(D("1234567.89")) == (
        "US DOLLARS ONE MILLION TWO HUNDRED AND THIRTY-FOUR THOUSAND FIVE HUNDRED AND SIXTY-SEVEN"
        " AND CENTS EIGHTY-NINE ONLY"
    )


# --- per shipment (DESIGN.md "Loss and indemnity") -----------------------------------------------
def test_indemnity_is_summed_per_shipment_never_min_over_totals():
    # A: invoice 100,000 covered 100,000, 90,000 paid -> loss 10,000, indemnifiable 10,000
    # B: invoice 100,000 covered 10,000, unpaid      -> loss 100,000, indemnifiable 10,000
    # (20,000 x 90% = 18,000; min over totals would give min(110,000, 110,000) x 90% = 99,000)
    a = rules.assess(
        [
            ShipmentLoss(D("100000"), D("100000"), D("90000"), key="A"),
            ShipmentLoss(D("100000"), D("10000"), key="B"),
        ],
        Deductions(),
        Caps(D("0.90"), D("10000000")),
    )
    assert [(s.key, s.loss, s.indemnifiable) for s in a.shipments] == [
        ("A", D("10000.00"), D("10000.00")),
        ("B", D("100000.00"), D("10000.00")),
    ]
    assert a.indemnifiable_loss == D("20000.00") and a.indemnity == D("18000.00")


def test_three_shipments_with_a_claim_level_deduction_allocated_to_what_is_unpaid():
    # unpaid 30,000 / 20,000 / 10,000 (60,000); resale 6,000 -> 3,000 / 2,000 / 1,000
    # losses 27,000 / 18,000 / 9,000; covers 20,000 / 20,000 / 5,000 -> 20,000 + 18,000 + 5,000
    a = rules.assess(
        [
            ShipmentLoss(D("50000"), D("20000"), D("20000"), key="I-1"),
            ShipmentLoss(D("20000"), D("20000"), key="I-2"),
            ShipmentLoss(D("10000"), D("5000"), key="I-3"),
        ],
        Deductions(resale_proceeds=D("6000")),
        Caps(D("0.90"), D("10000000")),
    )
    assert [s.allocated for s in a.shipments] == [D("3000.00"), D("2000.00"), D("1000.00")]
    assert [s.indemnifiable for s in a.shipments] == [D("20000.00"), D("18000.00"), D("5000.00")]
    assert a.indemnifiable_loss == D("43000.00") and a.indemnity == D("38700.00")


def test_a_deduction_entered_against_one_shipment_stays_there():
    # A unpaid 10,000 covered 10,000 with a 4,000 set-off of its own; B unpaid 10,000 covered 10,000
    a = rules.assess(
        [
            ShipmentLoss(D("10000"), D("10000"), deductions_usd=D("4000")),
            ShipmentLoss(D("10000"), D("10000")),
        ],
        Deductions(),
        Caps(D("1"), D("10000000")),
    )
    assert [s.loss for s in a.shipments] == [D("6000.00"), D("10000.00")]
    assert a.indemnity == D("16000.00") and a.shipment_deductions == D("4000.00")


def test_claim_deductions_above_what_is_unpaid_are_shown_not_hidden():
    a = rules.assess(
        [ShipmentLoss(D("1000"), D("1000"))], Deductions(set_off=D("1500")), Caps(D("1"), D("9999"))
    )
    assert a.loss == D("0.00") and a.deduction_above_unpaid == D("500.00")


def test_allocation_by_largest_remainder_adds_up():
    # 100.00 over three equal weights: 33.34 + 33.33 + 33.33 (the first of equal remainders first)
    assert rules.allocate(D("100.00"), [D("500")] * 3) == [D("33.34"), D("33.33"), D("33.33")]


@given(st.lists(st.tuples(money, money, money), min_size=1, max_size=6), money, ratio)
def test_per_shipment_indemnity_against_an_independent_oracle(rows, deduction, r):
    from fractions import Fraction

    shipments = [ShipmentLoss(inv, cov, paid) for inv, cov, paid in rows]
    a = rules.assess(shipments, Deductions(other_recoveries=deduction), Caps(r, D("1e12")))
    # the oracle: exact fractions, per shipment, from the raw inputs
    unpaid = [Fraction(inv) - min(Fraction(paid), Fraction(inv)) for inv, _cov, paid in rows]
    total_unpaid = sum(unpaid)
    taken = min(Fraction(deduction), total_unpaid)
    shares = [taken * u / total_unpaid if total_unpaid else Fraction(0) for u in unpaid]
    oracle = sum(
        min(u - share, min(Fraction(cov), Fraction(inv)))
        for u, share, (inv, cov, _paid) in zip(unpaid, shares, rows, strict=True)
    )
    # shares are rounded to cents, each by less than a cent
    assert abs(Fraction(a.indemnifiable_loss) - oracle) <= Fraction(len(rows), 100)
    upper = sum(
        min(u, min(Fraction(cov), Fraction(inv))) for u, (inv, cov, _p) in zip(unpaid, rows, strict=True)
    )
    assert Fraction(a.indemnity) <= upper * Fraction(r) + Fraction(1, 200)
    assert sum(s.allocated for s in a.shipments) == min(
        _cents(deduction), _cents(D(total_unpaid.numerator) / D(total_unpaid.denominator))
    )
    for s, u in zip(a.shipments, unpaid, strict=True):
        assert D(0) <= s.allocated <= _cents(D(u.numerator) / D(u.denominator))  # never above its loss
        assert s.indemnifiable <= s.covered and s.indemnifiable <= s.loss
