"""Loans and repayments: the checks that protect the bank and the insurer (one transaction each)."""

from datetime import timedelta
from decimal import Decimal

import pytest

from declarations.models import ShipmentDeclaration
from declarations.selectors import register_loss_notice_check, unregister_loss_notice_check
from financing import services
from financing.models import Loan, LoanReceivable
from sinosure_portal.audit.models import AuditEvent
from sinosure_portal.base.errors import DomainError, NotAllowed
from sinosure_portal.notifications.models import Notification
from sinosure_portal.workdays.calendar import today
from tests.factories import BankOfficerFactory, ExchangeRateFactory, ExporterFactory
from tests.factories.financing import ReceivableAssignmentFactory, financing_setup, receivable

pytestmark = pytest.mark.django_db
D = Decimal
S = ShipmentDeclaration.Status


def _loan(setup, declarations, amount, *, actor=None, currency="USD", **kw):
    return services.loan_register(
        actor=actor or setup.bank_officer,
        data=services.LoanInput(
            organisation_id=setup.exporter.organisation_id,
            loan_date=kw.pop("loan_date", today()),
            currency=currency,
            amount=D(amount),
            declaration_ids=[d.pk for d in declarations],
            **kw,
        ),
    )


def test_register_a_loan_up_to_covered_times_the_policy_ratio():
    setup = financing_setup()
    a = receivable(setup, amount=D("10000"))
    b = receivable(setup, amount=D("5000"))
    loan = _loan(setup, [a, b], "13500.00", bank_reference="CCB-001")
    assert loan.status == Loan.Status.OPEN and loan.number.startswith("LN")
    assert loan.financeable_usd == D("13500.00") and loan.amount_usd == D("13500.00")
    assert set(loan.receivables.values_list("declaration_id", flat=True)) == {a.pk, b.pk}
    assert AuditEvent.objects.filter(action="loan.open", object_id=str(loan.pk)).exists()
    assert Notification.objects.filter(user=setup.exporter, kind="loan_registered").exists()


def test_over_financing_is_refused_with_the_figures():
    setup = financing_setup()
    a = receivable(setup, amount=D("10000"))
    with pytest.raises(DomainError) as exc:
        _loan(setup, [a], "9000.01")
    assert exc.value.code == "over_financing" and exc.value.field == "amount"
    assert "9,000.00" in exc.value.message and "10,000.00" in exc.value.message
    assert not Loan.objects.exists()


def test_the_agreements_own_ratio_overrides_the_policys():
    setup = financing_setup()
    setup.agreement.financing_ratio = D("0.80")
    setup.agreement.save(update_fields=["financing_ratio"])
    a = receivable(setup, amount=D("10000"))
    with pytest.raises(DomainError):
        _loan(setup, [a], "8000.01")
    loan = _loan(setup, [a], "8000.00")
    assert loan.receivables.get().financing_ratio == D("0.8000")


def test_partly_covered_and_partly_paid_receivables_finance_only_the_covered_outstanding():
    setup = financing_setup()
    a = receivable(setup, amount=D("10000"), covered_usd=D("6000"), status=S.PARTLY_COVERED)
    b = receivable(setup, amount=D("10000"), paid_amount=D("8000"), paid_usd=D("8000"))
    with pytest.raises(DomainError) as exc:
        _loan(setup, [a, b], "7200.01")  # (6000 + 2000) x 0.9 = 7200
    assert exc.value.code == "over_financing"
    assert _loan(setup, [a, b], "7200").financeable_usd == D("7200.00")


def test_loan_in_another_currency_is_checked_in_usd_at_the_loan_date_rate():
    setup = financing_setup()  # EUR at 1.1 for the last 60 days
    a = receivable(setup, amount=D("11000"))  # may finance USD 9,900 = EUR 9,000
    with pytest.raises(DomainError):
        _loan(setup, [a], "9000.01", currency="EUR")
    loan = _loan(setup, [a], "9000.00", currency="EUR")
    assert loan.amount_usd == D("9900.00") and loan.rate_used == D("1.1")


@pytest.mark.parametrize(
    ("status", "code"),
    [
        (S.OVERDUE, "receivable_overdue"),
        (S.LOSS_NOTIFIED, "receivable_under_loss_notice"),
        (S.CLAIMED, "receivable_claimed"),
        (S.INDEMNIFIED, "receivable_indemnified"),
        (S.SETTLED, "receivable_settled"),
    ],
)
def test_receivables_in_trouble_are_refused_with_the_reason(status, code):
    setup = financing_setup()
    good = receivable(setup)
    bad = receivable(setup, status=status)
    with pytest.raises(DomainError) as exc:
        _loan(setup, [good, bad], "100")
    assert exc.value.code == code and bad.invoice_number in exc.value.message
    assert not Loan.objects.exists()


def test_past_due_receivable_is_refused_before_the_sweep_marks_it():
    setup = financing_setup()
    a = receivable(setup, shipment_date=today() - timedelta(days=70), credit_days=60)
    with pytest.raises(DomainError) as exc:
        _loan(setup, [a], "100")
    assert exc.value.code == "receivable_overdue"


def test_a_possible_loss_notice_on_the_buyer_blocks_financing():
    setup = financing_setup()
    a = receivable(setup)

    def check(policy_id, buyer_ids):
        return {setup.limit.buyer_id} if policy_id == setup.policy.pk else set()

    register_loss_notice_check(check)
    try:
        with pytest.raises(DomainError) as exc:
            _loan(setup, [a], "100")
        assert exc.value.code == "receivable_under_loss_notice"
    finally:
        unregister_loss_notice_check(check)


def test_a_receivable_is_financed_once_while_its_loan_is_open():
    setup = financing_setup()
    a = receivable(setup)
    b = receivable(setup)
    first = _loan(setup, [a], "1000")
    with pytest.raises(DomainError) as exc:
        _loan(setup, [b, a], "1000")
    assert exc.value.code == "receivable_already_financed" and a.invoice_number in exc.value.message
    # repaid in full: the receivable is free again
    services.repayment_register(
        actor=setup.bank_officer, loan_id=first.pk, repaid_on=today(), amount=D("600")
    )
    first.refresh_from_db()
    assert first.status == Loan.Status.OPEN and first.outstanding == D("400")
    services.repayment_register(
        actor=setup.bank_officer, loan_id=first.pk, repaid_on=today(), amount=D("400")
    )
    first.refresh_from_db()
    assert first.status == Loan.Status.REPAID and first.repaid_on == today()
    assert not LoanReceivable.objects.filter(open=True).exists()
    assert _loan(setup, [b, a], "1000").status == Loan.Status.OPEN


def test_another_bank_is_refused_without_learning_who_financed_it():
    """Bank A holds the indemnity assignment, bank B got the same receivable transferred: whoever
    lends second is refused, told the invoice, and nothing of the other bank."""
    setup = financing_setup()
    a = receivable(setup)
    other = BankOfficerFactory()
    ReceivableAssignmentFactory(
        organisation=setup.exporter.organisation, bank=other.organisation, declarations=[a]
    )
    _loan(setup, [a], "5000", bank_reference="A-1")
    with pytest.raises(DomainError) as exc:
        _loan(setup, [a], "5000", actor=other)
    message = exc.value.message
    assert exc.value.code == "receivable_already_financed" and a.invoice_number in message
    assert setup.bank.name_zh not in message and setup.bank.name_en not in message and "A-1" not in message
    assert "LN" not in message


def test_a_bank_may_only_finance_what_was_assigned_to_it():
    setup = financing_setup()
    a = receivable(setup)
    stranger = BankOfficerFactory()
    with pytest.raises(DomainError) as exc:
        _loan(setup, [a], "100", actor=stranger)
    assert exc.value.code == "receivable_not_available"
    # a receivable of another exporter (named as borrower or not): not found
    foreign = financing_setup()
    b = receivable(foreign)
    with pytest.raises(DomainError) as exc:
        _loan(setup, [b], "100")
    assert exc.value.code == "receivable_unknown"
    # buyers-only agreement: other buyers' receivables are not the bank's
    with pytest.raises(NotAllowed):
        _loan(setup, [a], "100", actor=setup.exporter)


def test_before_the_agreement_took_effect_the_receivable_is_not_the_banks():
    setup = financing_setup()
    a = receivable(setup)
    with pytest.raises(DomainError) as exc:
        _loan(setup, [a], "100", loan_date=setup.agreement.effective_date - timedelta(days=1))
    assert exc.value.code == "receivable_not_available"


def test_input_checks():
    setup = financing_setup()
    a = receivable(setup)
    for kw, code in [
        ({"amount": "0"}, "amount_not_positive"),
        ({"amount": "1.001"}, "invalid_amount"),
        ({"currency": "XXQ"}, "invalid_currency"),
        ({"loan_date": today() + timedelta(days=1)}, "loan_date_future"),
        ({"maturity_date": today() - timedelta(days=1)}, "maturity_before_loan"),
    ]:
        amount = kw.pop("amount", "100")
        with pytest.raises(DomainError) as exc:
            _loan(setup, [a], amount, **kw)
        assert exc.value.code == code, kw
    with pytest.raises(DomainError) as exc:
        _loan(setup, [], "100")
    assert exc.value.code == "receivables_required"
    ExchangeRateFactory(currency="JPY", date=today() - timedelta(days=400), usd_per_unit=D("0.0067"))
    with pytest.raises(DomainError) as exc:
        _loan(setup, [a], "1000", currency="JPY")
    assert exc.value.code == "rate_missing"


def test_bank_reference_is_used_once_per_bank():
    setup = financing_setup()
    a, b = receivable(setup), receivable(setup)
    _loan(setup, [a], "100", bank_reference="REF-1")
    with pytest.raises(DomainError) as exc:
        _loan(setup, [b], "100", bank_reference="REF-1")
    assert exc.value.code == "reference_used"


def test_repayment_checks():
    setup = financing_setup()
    loan = _loan(setup, [receivable(setup)], "1000")
    with pytest.raises(DomainError) as exc:
        services.repayment_register(
            actor=setup.bank_officer, loan_id=loan.pk, repaid_on=today(), amount=D("1000.01")
        )
    assert exc.value.code == "repayment_too_much"
    with pytest.raises(DomainError) as exc:
        services.repayment_register(
            actor=setup.bank_officer, loan_id=loan.pk, repaid_on=today() - timedelta(days=1), amount=D("1")
        )
    assert exc.value.code == "repayment_before_loan"
    with pytest.raises(NotAllowed):
        services.repayment_register(
            actor=BankOfficerFactory(), loan_id=loan.pk, repaid_on=today(), amount=D("1")
        )
    with pytest.raises(NotAllowed):
        services.repayment_register(
            actor=ExporterFactory(), loan_id=loan.pk, repaid_on=today(), amount=D("1")
        )
    services.repayment_register(
        actor=setup.bank_officer, loan_id=loan.pk, repaid_on=today(), amount=D("1000")
    )
    with pytest.raises(DomainError) as exc:
        services.repayment_register(
            actor=setup.bank_officer, loan_id=loan.pk, repaid_on=today(), amount=D("1")
        )
    assert exc.value.code == "loan_repaid"


def test_receivable_assignment_gives_the_bank_the_right_at_the_policy_ratio():
    setup = financing_setup(agreement=False)
    a = receivable(setup)
    with pytest.raises(DomainError):
        _loan(setup, [a], "100")
    ReceivableAssignmentFactory(organisation=setup.exporter.organisation, bank=setup.bank, declarations=[a])
    assert _loan(setup, [a], "9000").receivables.get().financing_ratio == D("0.9000")
