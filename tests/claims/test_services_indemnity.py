"""From the decision to the money: the payee rule, the indemnity notice and bilingual receipt, the
signed receipts, paying once and all-or-nothing, the policy's remaining maximum liability, closing."""

from dataclasses import dataclass
from decimal import Decimal

import pytest

from claims import rules, services
from claims.documents import INDEMNITY_NOTICE_KIND, RECEIPT_KIND
from claims.hooks import INDEMNITY_ASSIGNMENT_IN_FORCE
from claims.models import IndemnityPayment
from claims.workflow import claim_workflow
from declarations.models import ShipmentDeclaration
from sinosure_portal.base.errors import DomainError
from sinosure_portal.base.hooks import _HOOKS
from sinosure_portal.core.documents import document_latest, pdf_text
from sinosure_portal.notifications.models import Notification
from tests.factories import BankOfficerFactory, BankOrganisationFactory
from tests.factories.claims import filed_claim, walk, walk_from_decision

pytestmark = pytest.mark.django_db
D = Decimal
S = ShipmentDeclaration.Status


@dataclass
class Assignment:
    pk: int
    bank: object


# --- the payee rule (pure) -------------------------------------------------------------------------


def test_payee_is_the_insured_without_an_assignment():
    assert rules.indemnity_payee(insured_id=7, assignment=None) == rules.Payee(7, None)


def test_payee_is_the_bank_holding_an_assignment_in_force():
    bank = BankOrganisationFactory.build(pk=42)
    payee = rules.indemnity_payee(insured_id=7, assignment=Assignment(pk=3, bank=bank))
    assert payee == rules.Payee(42, 3) and payee.via_assignment


# --- the payee through the service -----------------------------------------------------------------


def test_the_indemnity_notice_names_the_insured_as_payee_and_renders_both_pdfs(officer):
    user, claim = filed_claim()
    claim = walk(claim, insured=user, officer=officer, to="notice_issued")
    assert claim.payee_id == user.organisation_id and claim.payee_assignment_id is None
    receipt = pdf_text(document_latest(claim, RECEIPT_KIND).file.read())
    assert "赔款收据及权益转让书" in receipt and "Indemnity Receipt and Transfer of Rights" in receipt
    assert user.organisation.name_zh in receipt and "USD 90,000.00" in receipt
    notice = pdf_text(document_latest(claim, INDEMNITY_NOTICE_KIND).file.read())
    assert "赔付通知书" in notice and "玖万元整" in notice
    assert Notification.objects.filter(user=user, kind="indemnity_notice_issued").exists()


def test_a_bank_holding_an_assignment_on_the_issue_date_is_the_payee_and_keeps_it(officer, monkeypatch):
    bank = BankOrganisationFactory(name_zh="中国银行青岛分行", name_en="Bank of China Qingdao")
    banker = BankOfficerFactory(organisation=bank)
    seen = {}

    def in_force(*, policy_id, buyer_id, on):
        seen.update(policy_id=policy_id, buyer_id=buyer_id, on=on)
        return Assignment(pk=17, bank=bank)

    monkeypatch.setitem(_HOOKS, INDEMNITY_ASSIGNMENT_IN_FORCE, [in_force])  # the payee port
    user, claim = filed_claim()
    claim = walk(claim, insured=user, officer=officer, to="notice_issued")
    assert seen == {"policy_id": claim.policy_id, "buyer_id": claim.buyer_id, "on": claim.notice_issued_on}
    assert (claim.payee_id, claim.payee_assignment_id) == (bank.pk, 17)
    receipt = pdf_text(document_latest(claim, RECEIPT_KIND).file.read())
    assert "中国银行青岛分行" in receipt and "Bank of China Qingdao" in receipt
    assert Notification.objects.filter(user=banker, kind="indemnity_notice_issued").exists()
    # the assignment ends afterwards: the indemnity already decided keeps its payee
    monkeypatch.setitem(_HOOKS, INDEMNITY_ASSIGNMENT_IN_FORCE, [lambda **kw: None])
    claim = walk_rest(claim, user, officer)
    assert IndemnityPayment.objects.get(claim=claim).payee == bank


def walk_rest(claim, user, officer):
    from claims.models import EvidenceKind
    from tests.factories.claims import upload_evidence

    upload_evidence(
        user,
        claim,
        [EvidenceKind.SIGNED_NOTICE_RECEIPT, EvidenceKind.SIGNED_RECEIPT_TRANSFER, EvidenceKind.AML],
    )
    services.claim_receipt_confirm(actor=officer, claim_id=claim.pk)
    services.indemnity_pay(actor=officer, claim_id=claim.pk)
    claim.refresh_from_db()
    return claim


# --- receipts and payment ---------------------------------------------------------------------------


def test_the_receipts_and_aml_material_must_be_in_before_the_receipt_is_confirmed(officer):
    from tests.factories.claims import upload_evidence

    user, claim = filed_claim()
    claim = walk(claim, insured=user, officer=officer, to="notice_issued")
    upload_evidence(user, claim, ["signed_notice_receipt"])
    with pytest.raises(DomainError) as err:
        services.claim_receipt_confirm(actor=officer, claim_id=claim.pk)
    assert err.value.code == "receipts_missing" and "Anti-money-laundering" in err.value.message
    with pytest.raises(DomainError):
        services.indemnity_pay(actor=officer, claim_id=claim.pk)


def test_paying_moves_the_claim_and_its_shipments_and_records_the_amount_owed(officer):
    user, claim = filed_claim()
    claim = walk(claim, insured=user, officer=officer, to="paid")
    payment = IndemnityPayment.objects.get(claim=claim)
    assert (payment.amount_usd, payment.payee_id, payment.reference) == (
        D("90000.00"),
        user.organisation_id,
        "TT-001",
    )
    assert claim.status == "paid" and claim.total_owed_usd == D("100000.00")
    assert set(ShipmentDeclaration.objects.values_list("status", flat=True)) == {S.INDEMNIFIED}


def test_a_claim_cannot_be_paid_twice(officer):
    user, claim = filed_claim()
    claim = walk(claim, insured=user, officer=officer, to="paid")
    with pytest.raises(DomainError) as err:
        services.indemnity_pay(actor=officer, claim_id=claim.pk)
    assert err.value.code == "already_paid"
    services.claim_close(actor=officer, claim_id=claim.pk)
    with pytest.raises(DomainError) as err:
        services.indemnity_pay(actor=officer, claim_id=claim.pk)
    assert err.value.code == "already_paid"
    assert IndemnityPayment.objects.count() == 1


def test_a_payment_that_fails_midway_leaves_everything_as_it_was(officer, monkeypatch):
    user, claim = filed_claim()
    claim = walk(claim, insured=user, officer=officer, to="receipt_returned")
    calls = []
    real = claim_workflow.transition

    def fail_as_the_claim_moves_to_paid(obj, **kwargs):
        if kwargs.get("to") == "paid":
            calls.append(obj.pk)
            # by now the payment row exists and the shipments moved to indemnified (in one step)
            assert IndemnityPayment.objects.filter(claim=claim).exists()
            assert set(ShipmentDeclaration.objects.values_list("status", flat=True)) == {S.INDEMNIFIED}
            raise RuntimeError("the bank connection dropped")
        return real(obj, **kwargs)

    monkeypatch.setattr(claim_workflow, "transition", fail_as_the_claim_moves_to_paid)
    with pytest.raises(RuntimeError):
        services.indemnity_pay(actor=officer, claim_id=claim.pk)
    assert calls == [claim.pk]
    claim.refresh_from_db()
    assert claim.status == "receipt_returned" and claim.paid_on is None and claim.total_owed_usd is None
    assert not IndemnityPayment.objects.exists()
    assert set(ShipmentDeclaration.objects.values_list("status", flat=True)) == {S.CLAIMED}
    monkeypatch.undo()
    services.indemnity_pay(actor=officer, claim_id=claim.pk)  # and it can be paid afterwards
    claim.refresh_from_db()
    assert claim.status == "paid"


def test_the_remaining_maximum_liability_caps_the_next_indemnity(officer):
    user, first = filed_claim(max_liability_usd=D("150000"))
    walk(first, insured=user, officer=officer, to="paid")  # 90,000 paid
    second_shipments = _more_shipments(first.policy)
    from tests.factories.claims import file_notice

    notice = file_notice(user, first.policy, second_shipments)
    second = services.claim_file_from_notice(actor=user, notice_id=notice.pk)
    second = walk(second, insured=user, officer=officer, to="assessed")
    lines = dict(second.assessment["lines"])
    assert lines["indemnity_before_caps"] == "90000.00"
    assert lines["remaining_max_liability"] == "60000.00"
    assert lines["indemnity"] == "60000.00"
    assert second.assessment["capped_by"] == ["max_liability"]
    with pytest.raises(DomainError) as err:  # capped: a full approval is refused
        services.claim_decide(actor=officer, claim_id=second.pk, decision="approve", reason="x")
    assert err.value.code == "approval_is_partial"


def _more_shipments(policy):
    from datetime import timedelta

    from sinosure_portal.workdays.calendar import today
    from tests.factories.declarations import ShipmentDeclarationFactory
    from tests.factories.limits import CreditLimitFactory

    limit = CreditLimitFactory(policy=policy, effective_date=today() - timedelta(days=190))
    return [
        ShipmentDeclarationFactory(
            limit=limit,
            amount=D("100000"),
            shipment_date=today() - timedelta(days=90),
            due_date=today() - timedelta(days=30),
            status=S.OVERDUE,
        )
    ]


def test_two_decided_claims_cannot_together_pass_the_maximum_liability(officer):
    user, first = filed_claim(max_liability_usd=D("150000"))
    from tests.factories.claims import file_notice

    notice = file_notice(user, first.policy, _more_shipments(first.policy))
    second = services.claim_file_from_notice(actor=user, notice_id=notice.pk)
    walk(first, insured=user, officer=officer, to="receipt_returned")  # decided at 90,000, not paid yet
    # the second (assessed at 90,000 alone) is decided knowing the first already uses 90,000 of 150,000
    with pytest.raises(DomainError) as err:
        walk(second, insured=user, officer=officer, to="approved")
    assert err.value.code == "approval_is_partial"
    services.claim_decide(actor=officer, claim_id=second.pk, decision="partly", reason="Maximum liability.")
    second.refresh_from_db()
    assert second.indemnity_usd == D("60000.00")
    services.indemnity_pay(actor=officer, claim_id=first.pk)
    walk_from_decision(second, user, officer)
    paid = sorted(IndemnityPayment.objects.values_list("amount_usd", flat=True))
    assert paid == [D("60000.00"), D("90000.00")]  # 150,000: the maximum liability, not 180,000


def test_the_micro_per_buyer_cap_limits_the_indemnity(officer):
    from datetime import timedelta

    from sinosure_portal.workdays.calendar import today
    from tests.factories import BuyerFactory
    from tests.factories.claims import micro_setup, upload_evidence

    user, policy = micro_setup(per_buyer_cap_usd=D("30000"))
    claim = services.claim_file_direct(
        actor=user,
        data=services.DirectClaimInput(
            policy_id=policy.pk,
            buyer_id=BuyerFactory().pk,
            cause="buyer_insolvency",
            event_date=today() - timedelta(days=3),
            description="Bankrupt.",
            invoices=[
                services.InvoiceLine(
                    "M-1", today() - timedelta(days=100), today() - timedelta(days=10), "USD", D("40000")
                ),
                services.InvoiceLine(
                    "M-2",
                    today() - timedelta(days=90),
                    today() + timedelta(days=20),
                    "USD",
                    D("20000"),
                    D("5000"),
                ),
            ],
        ),
    )
    services.claim_accept(actor=officer, claim_id=claim.pk)
    upload_evidence(user, claim)
    services.claim_deduction_add(
        actor=officer, claim_id=claim.pk, kind="set_off", amount_usd=D("1000"), note="Set off."
    )
    services.claim_assess(actor=officer, claim_id=claim.pk)
    claim.refresh_from_db()
    lines = dict(claim.assessment["lines"])
    # the worked example of the rules: loss 54,000 x 90% = 48,600, capped at 30,000 on the buyer
    assert (lines["loss"], lines["remaining_buyer_cap"], lines["indemnity"]) == (
        "54000.00",
        "30000.00",
        "30000.00",
    )
    assert claim.assessment["capped_by"] == ["buyer_cap"]


@dataclass
class NumberedAssignment:
    pk: int
    bank: object
    number: str


def test_the_notice_and_the_receipt_cite_the_assignment_by_its_business_number(officer, monkeypatch):
    bank = BankOrganisationFactory(name_zh="中国银行青岛分行", name_en="Bank of China Qingdao")
    monkeypatch.setitem(
        _HOOKS,
        INDEMNITY_ASSIGNMENT_IN_FORCE,
        [lambda **kw: NumberedAssignment(pk=4321, bank=bank, number="IA2026000007")],
    )
    user, claim = filed_claim()
    claim = walk(claim, insured=user, officer=officer, to="notice_issued")
    assert claim.payee_assignment_number == "IA2026000007"
    for kind in (INDEMNITY_NOTICE_KIND, RECEIPT_KIND):
        text = pdf_text(document_latest(claim, kind).file.read())
        assert "IA2026000007" in text, kind
        assert "4321" not in text, kind  # never the row id


def test_two_micro_claims_on_one_buyer_never_use_more_than_its_cap_together(officer):
    """Cap 30,000 per buyer, ratio 90%. Claim A (20,000 unpaid) is decided at 18,000 and not paid yet;
    claim B (20,000 unpaid), assessed before A's decision at 18,000, is decided after it at the
    12,000 left of the cap (30,000 - 18,000), not 18,000 (36,000 in all)."""
    from datetime import timedelta

    from sinosure_portal.workdays.calendar import today
    from tests.factories import BuyerFactory
    from tests.factories.claims import micro_setup, upload_evidence

    user, policy = micro_setup(per_buyer_cap_usd=D("30000"))
    buyer = BuyerFactory()

    def file(number):
        claim = services.claim_file_direct(
            actor=user,
            data=services.DirectClaimInput(
                policy_id=policy.pk,
                buyer_id=buyer.pk,
                cause="buyer_insolvency",
                event_date=today() - timedelta(days=3),
                description="Bankrupt.",
                invoices=[
                    services.InvoiceLine(
                        number, today() - timedelta(days=100), today() - timedelta(days=10), "USD", D("20000")
                    )
                ],
            ),
        )
        services.claim_accept(actor=officer, claim_id=claim.pk)
        upload_evidence(user, claim)
        services.claim_assess(actor=officer, claim_id=claim.pk)
        return claim

    a, b = file("A-1"), file("B-1")
    b.refresh_from_db()
    assert dict(b.assessment["lines"])["indemnity"] == "18000.00"
    a = services.claim_decide(actor=officer, claim_id=a.pk, decision="approve", reason="Insolvency proven.")
    assert a.indemnity_usd == D("18000.00")
    b = services.claim_decide(actor=officer, claim_id=b.pk, decision="partly", reason="Cap reached in part.")
    assert b.indemnity_usd == D("12000.00")
    assert dict(b.assessment["lines"])["remaining_buyer_cap"] == "12000.00"
