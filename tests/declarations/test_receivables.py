"""Receivables: payments per invoice or to a buyer's oldest invoices first; a fully paid shipment is
settled and frees its exposure (the limit revolves); amendments through a workflow with audit; a
settled or claimed shipment cannot be amended."""

from datetime import timedelta
from decimal import Decimal

import pytest

from declarations.models import DeclarationAmendment, Payment, ShipmentDeclaration
from declarations.services import (
    DeclarationInput,
    PaymentInput,
    amendment_approve,
    amendment_reject,
    amendment_submit,
    amendment_withdraw,
    declaration_create,
    payment_record,
    payments_record_bulk,
)
from declarations.services.receivables import payments_from_file
from sinosure_portal.audit.models import AuditEvent
from sinosure_portal.base.errors import DomainError, NotAllowed
from sinosure_portal.workdays.calendar import today
from tests.factories import ExporterFactory, UnderwriterFactory
from tests.factories.declarations import declaring_setup

pytestmark = pytest.mark.django_db
S = ShipmentDeclaration.Status


def _declare(user, policy, limit, invoice, amount, *, days_ago=10, credit_days=60, currency="USD"):
    return declaration_create(
        actor=user,
        data=DeclarationInput(
            policy_id=policy.pk,
            buyer_id=limit.buyer_id,
            invoice_number=invoice,
            shipment_date=today() - timedelta(days=days_ago),
            currency=currency,
            amount=Decimal(amount),
            payment_term="OA",
            credit_days=credit_days,
            hs_code="940360",
        ),
    )


def _pay(user, amount, *, invoice="", buyer=None, currency="USD", reference=""):
    return payment_record(
        actor=user,
        data=PaymentInput(
            received_on=today(),
            amount=Decimal(amount),
            currency=currency,
            invoice_number=invoice,
            buyer_id=buyer,
            client_reference=reference,
        ),
    )


def test_a_full_payment_settles_the_invoice_and_frees_its_exposure_so_the_limit_revolves():
    user, policy, limit = declaring_setup(amount=Decimal("50000"))
    first = _declare(user, policy, limit, "P-1", "50000")
    with pytest.raises(DomainError):
        _declare(user, policy, limit, "P-2", "10000")  # the limit is used up
    result = _pay(user, "50000", invoice="P-1")
    first.refresh_from_db()
    limit.refresh_from_db()
    assert result.settled == ["P-1"]
    assert first.status == S.SETTLED and first.exposure_usd == 0 and first.settled_on == today()
    assert limit.exposure_usd == 0
    assert _declare(user, policy, limit, "P-2", "10000").covered_usd == Decimal("10000.00")
    assert AuditEvent.objects.filter(object_id=str(first.pk), action="shipment_declaration.settled").exists()


def test_a_part_payment_frees_exposure_down_to_the_unpaid_covered_part():
    user, policy, limit = declaring_setup(amount=Decimal("60000"))
    d = _declare(user, policy, limit, "Q-1", "100000")  # partly covered: 60,000 of 100,000
    assert d.covered_usd == Decimal("60000.00")
    _pay(user, "30000", invoice="Q-1")  # 70,000 unpaid > 60,000 covered: still 60,000 at risk
    d.refresh_from_db()
    limit.refresh_from_db()
    assert d.exposure_usd == Decimal("60000.00") and limit.exposure_usd == Decimal("60000.00")
    _pay(user, "50000", invoice="Q-1")  # 20,000 unpaid: only 20,000 at risk now
    d.refresh_from_db()
    limit.refresh_from_db()
    assert d.status == S.PARTLY_COVERED and d.outstanding == Decimal("20000")
    assert d.exposure_usd == Decimal("20000.00") and limit.exposure_usd == Decimal("20000.00")


def test_a_payment_without_an_invoice_goes_to_the_oldest_open_invoices_first():
    user, policy, limit = declaring_setup()
    old = _declare(user, policy, limit, "F-OLD", "1000", days_ago=20, credit_days=30)
    mid = _declare(user, policy, limit, "F-MID", "1000", days_ago=10, credit_days=30)
    new = _declare(user, policy, limit, "F-NEW", "1000", days_ago=5, credit_days=60)
    result = _pay(user, "1500", buyer=limit.buyer_id)
    assert [p.declaration.invoice_number for p in result.payments] == ["F-OLD", "F-MID"]
    assert [p.amount for p in result.payments] == [Decimal("1000"), Decimal("500")]
    for d in (old, mid, new):
        d.refresh_from_db()
    assert (old.status, mid.paid_amount, new.paid_amount) == (S.SETTLED, Decimal("500"), Decimal("0"))
    with pytest.raises(DomainError) as error:
        _pay(user, "2000", buyer=limit.buyer_id)  # only 1,500 is still open
    assert error.value.code == "payment_above_outstanding_buyer"


def test_a_payment_is_refused_when_it_does_not_fit_and_a_repeat_is_recorded_once():
    user, policy, limit = declaring_setup()
    _declare(user, policy, limit, "R-1", "1000", currency="EUR")
    with pytest.raises(DomainError) as error:
        _pay(user, "100", invoice="R-1", currency="USD")
    assert error.value.code == "payment_currency"
    with pytest.raises(DomainError) as error:
        _pay(user, "1000.01", invoice="R-1", currency="EUR")
    assert error.value.code == "payment_above_outstanding"
    _pay(user, "100", invoice="R-1", currency="EUR", reference="BANK-77")
    with pytest.raises(DomainError) as error:
        _pay(user, "100", invoice="R-1", currency="EUR", reference="BANK-77")
    assert error.value.code == "payment_already_recorded"
    assert Payment.objects.count() == 1
    payment = Payment.objects.get()
    assert payment.amount_usd == Decimal("110.00")  # at the shipment date's rate


def test_another_organisation_cannot_pay_on_an_invoice():
    user, policy, limit = declaring_setup()
    _declare(user, policy, limit, "Z-1", "1000")
    with pytest.raises(DomainError) as error:
        _pay(ExporterFactory(), "100", invoice="Z-1")
    assert error.value.code == "invoice_not_found"


def test_bulk_payments_apply_each_row_completely_or_report_it():
    user, policy, limit = declaring_setup()
    _declare(user, policy, limit, "B-1", "1000")
    _declare(user, policy, limit, "B-2", "1000")
    report = payments_record_bulk(
        actor=user,
        lines=[
            (
                1,
                PaymentInput(
                    received_on=today(), amount=Decimal("1000"), currency="USD", invoice_number="B-1"
                ),
            ),
            (
                2,
                PaymentInput(
                    received_on=today(), amount=Decimal("5000"), currency="USD", invoice_number="B-2"
                ),
            ),
            (
                3,
                PaymentInput(
                    received_on=today(), amount=Decimal("10"), currency="USD", invoice_number="NOPE"
                ),
            ),
        ],
    )
    assert [(r.row, r.ok, r.code) for r in report] == [
        (1, True, ""),
        (2, False, "payment_above_outstanding"),
        (3, False, "invoice_not_found"),
    ]
    assert ShipmentDeclaration.objects.get(invoice_number="B-2").paid_amount == 0


def test_payments_file_with_chinese_headers_and_a_buyer_without_invoice():
    user, policy, limit = declaring_setup()
    _declare(user, policy, limit, "C-1", "1000", days_ago=20)
    _declare(user, policy, limit, "C-2", "1000", days_ago=5)
    content = (
        "发票号,买方,收汇日期,币种,收汇金额,客户参考号\n"
        f"C-2,,{today().isoformat()},USD,200.00,R1\n"
        f",{limit.buyer.name},{today().isoformat()},USD,300.00,R2\n"
        f"C-9,,not-a-date,USD,1,R3\n"
    ).encode()
    lines, problems = payments_from_file(actor=user, file_name="p.csv", content=content)
    assert [p.row for p in problems] == [4]
    report = payments_record_bulk(actor=user, lines=lines)
    assert all(r.ok for r in report), report
    assert ShipmentDeclaration.objects.get(invoice_number="C-1").paid_amount == Decimal("300")
    assert ShipmentDeclaration.objects.get(invoice_number="C-2").paid_amount == Decimal("200")


def test_an_amendment_is_applied_by_the_underwriter_and_the_cover_is_worked_out_again():
    user, policy, limit = declaring_setup(amount=Decimal("50000"))
    d = _declare(user, policy, limit, "A-1", "30000")
    amendment = amendment_submit(
        actor=user, declaration_id=d.pk, new_amount=Decimal("60000"), reason="invoice corrected"
    )
    assert amendment.status == DeclarationAmendment.Status.SUBMITTED
    with pytest.raises(DomainError) as error:
        amendment_submit(actor=user, declaration_id=d.pk, new_credit_days=30, reason="again")
    assert error.value.code == "amendment_pending"
    with pytest.raises(NotAllowed):
        amendment_approve(actor=user, amendment_id=amendment.pk)
    underwriter = UnderwriterFactory()
    amendment_approve(actor=underwriter, amendment_id=amendment.pk, reason="ok")
    d.refresh_from_db()
    limit.refresh_from_db()
    amendment.refresh_from_db()
    assert amendment.status == DeclarationAmendment.Status.APPROVED
    assert amendment.before["amount"] == "30000.00" and amendment.after["amount"] == "60000.00"
    assert (
        d.amount == Decimal("60000") and d.covered_usd == Decimal("50000.00") and d.status == S.PARTLY_COVERED
    )
    assert d.premium_usd == (Decimal("60000") * d.premium_rate).quantize(Decimal("0.01"))
    assert limit.exposure_usd == Decimal("50000.00")
    actions = set(AuditEvent.objects.filter(object_id=str(d.pk)).values_list("action", flat=True))
    assert {"shipment_declaration.amendment_requested", "shipment_declaration.amended"} <= actions
    # a reduction gives the room back
    second = amendment_submit(
        actor=user, declaration_id=d.pk, new_amount=Decimal("10000"), reason="credit note"
    )
    amendment_approve(actor=underwriter, amendment_id=second.pk)
    d.refresh_from_db()
    limit.refresh_from_db()
    assert d.status == S.COVERED and limit.exposure_usd == Decimal("10000.00")


def test_a_date_amendment_moves_the_due_date_and_an_overdue_receivable_back():
    user, policy, limit = declaring_setup()
    d = _declare(user, policy, limit, "D-1", "1000", days_ago=40, credit_days=30)
    ShipmentDeclaration.objects.filter(pk=d.pk).update(status=S.OVERDUE)
    amendment = amendment_submit(
        actor=user, declaration_id=d.pk, new_credit_days=90, reason="extension agreed"
    )
    amendment_approve(actor=UnderwriterFactory(), amendment_id=amendment.pk)
    d.refresh_from_db()
    assert d.due_date == d.shipment_date + timedelta(days=90) and d.status == S.COVERED


def test_settled_or_claimed_shipments_cannot_be_amended():
    user, policy, limit = declaring_setup()
    d = _declare(user, policy, limit, "S-1", "1000")
    _pay(user, "1000", invoice="S-1")
    with pytest.raises(DomainError) as error:
        amendment_submit(actor=user, declaration_id=d.pk, new_amount=Decimal("500"), reason="x")
    assert error.value.code == "not_amendable"
    claimed = _declare(user, policy, limit, "S-2", "1000")
    pending = amendment_submit(actor=user, declaration_id=claimed.pk, new_amount=Decimal("900"), reason="x")
    ShipmentDeclaration.objects.filter(pk=claimed.pk).update(status=S.CLAIMED)
    with pytest.raises(DomainError) as error:
        amendment_approve(actor=UnderwriterFactory(), amendment_id=pending.pk)
    assert error.value.code == "not_amendable"
    with pytest.raises(DomainError) as error:
        _pay(user, "100", invoice="S-2")
    assert error.value.code == "payment_on_claim"


def test_amendments_can_be_rejected_with_a_reason_or_withdrawn():
    user, policy, limit = declaring_setup()
    d = _declare(user, policy, limit, "W-1", "1000")
    a = amendment_submit(actor=user, declaration_id=d.pk, new_amount=Decimal("900"), reason="x")
    underwriter = UnderwriterFactory()
    with pytest.raises(DomainError):
        amendment_reject(actor=underwriter, amendment_id=a.pk, reason="")
    amendment_reject(actor=underwriter, amendment_id=a.pk, reason="no documents")
    b = amendment_submit(actor=user, declaration_id=d.pk, new_amount=Decimal("800"), reason="y")
    amendment_withdraw(actor=user, amendment_id=b.pk)
    with pytest.raises(DomainError):
        amendment_approve(actor=underwriter, amendment_id=b.pk)
    d.refresh_from_db()
    assert d.amount == Decimal("1000")
