"""Issue 10 item 5: an exchange-rate change leaves an audit row with the value before and after."""

from datetime import date
from decimal import Decimal

import pytest

from sinosure_portal.audit.models import AuditEvent
from sinosure_portal.money.services import exchange_rate_enter


@pytest.mark.django_db
def test_exchange_rate_change_records_before_and_after(admin_user):
    rate = exchange_rate_enter(
        currency="KWD", on=date(2026, 3, 2), usd_per_unit=Decimal("3.25"), actor=admin_user
    )
    exchange_rate_enter(currency="KWD", on=date(2026, 3, 2), usd_per_unit=Decimal("3.3"), actor=admin_user)
    events = AuditEvent.objects.filter(object_id=str(rate.pk)).order_by("id")
    assert [e.action for e in events] == ["exchange_rate.entered", "exchange_rate.changed"]
    assert events[0].data["changes"] == {"usd_per_unit": [None, "3.25"]}
    assert events[1].data["changes"] == {"usd_per_unit": ["3.2500000000", "3.3"]}
    assert events[1].actor_id == admin_user.pk


# --- services that change values record them before and after; the history pages show them ------------

D = Decimal


def _changes(event):
    return {
        k: [None if v is None else (v if isinstance(v, list) else D(v)) for v in pair]
        for k, pair in event.data["changes"].items()
    }


@pytest.mark.django_db
def test_limit_reduction_records_amount_and_terms_before_and_after_and_the_history_shows_them(
    underwriter, client_for
):
    from datetime import timedelta

    from limits import services
    from sinosure_portal.workdays.calendar import today
    from tests.factories.limits import CreditLimitFactory

    limit = CreditLimitFactory(amount_usd=D("100000"), payment_terms=["OA", "DA"])
    services.limit_reduce(
        limit_id=limit.pk,
        actor=underwriter,
        amount_usd=D("60000"),
        notice_date=today() + timedelta(days=10),
        reason="Country risk up",
        payment_terms=["OA"],
    )
    event = AuditEvent.objects.filter(object_id=str(limit.pk), action__startswith="credit_limit.").latest(
        "id"
    )
    # the period did not change: it is not listed
    assert _changes(event) == {
        "amount_usd": [D("100000"), D("60000")],
        "payment_terms": [["OA", "DA"], ["OA"]],
    }
    page = client_for(underwriter).get(f"/audit/limits/creditlimit/{limit.pk}/").content.decode()
    # the field's label, not its name; the values as people read them
    assert "amount (USD)" in page and "amount_usd" not in page
    assert "100,000.00" in page and "OA, DA" in page and 'data-testid="audit-changes"' in page


@pytest.mark.django_db
def test_a_repayment_records_the_loans_repaid_amount_before_and_after():
    from financing import services
    from sinosure_portal.workdays.calendar import today
    from tests.factories.financing import financing_setup, receivable

    setup = financing_setup()
    loan = services.loan_register(
        actor=setup.bank_officer,
        data=services.LoanInput(
            organisation_id=setup.exporter.organisation_id,
            loan_date=today(),
            currency="USD",
            amount=D("9000"),
            declaration_ids=[receivable(setup, amount=D("10000")).pk],
        ),
    )
    for amount in ("1000", "2500"):
        services.repayment_register(
            actor=setup.bank_officer, loan_id=loan.pk, repaid_on=today(), amount=D(amount)
        )
    events = AuditEvent.objects.filter(object_id=str(loan.pk), action="loan.repayment").order_by("id")
    # 0 -> 1,000 -> 3,500
    assert [_changes(e)["repaid_amount"] for e in events] == [[D("0"), D("1000")], [D("1000"), D("3500")]]


@pytest.mark.django_db
def test_claim_ratio_and_deductions_record_before_and_after_shown_on_the_claim_page(client_for):
    from claims import services
    from tests.factories import ClaimsOfficerFactory
    from tests.factories.claims import filed_claim

    officer = ClaimsOfficerFactory()
    user, claim = filed_claim()
    services.claim_accept(actor=officer, claim_id=claim.pk)
    services.claim_ratio_set(actor=officer, claim_id=claim.pk, ratio=D("0.8"), note="Notice was late.")
    services.claim_deduction_add(
        actor=officer, claim_id=claim.pk, kind="set_off", amount_usd=D("1500"), note="Set off."
    )
    services.claim_deduction_add(
        actor=officer, claim_id=claim.pk, kind="resale_proceeds", amount_usd=D("500"), note="Resold."
    )
    ratio = AuditEvent.objects.get(action="claim.ratio_set")
    assert _changes(ratio) == {"ratio_applied": [D("0.9"), D("0.8")]}
    added = AuditEvent.objects.filter(action="claim.deduction_added").order_by("id")
    assert [_changes(e)["deductions_usd"] for e in added] == [[D("0"), D("1500")], [D("1500"), D("2000")]]
    page = client_for(officer).get(f"/claims/{claim.pk}/").content.decode()
    assert "indemnity ratio applied" in page and "0.9000" in page and "0.8" in page
    assert "1,500.00" in page


@pytest.mark.django_db
def test_policy_settings_record_each_changed_setting(underwriter):
    from policies import services
    from tests.factories.policies import PolicyFactory

    policy = PolicyFactory()
    before = policy.claim_deadline_months
    services.policy_settings_update(
        policy_id=policy.pk, actor=underwriter, settings={"claim_deadline_months": before + 1}
    )
    event = AuditEvent.objects.get(action="policy.settings_changed", object_id=str(policy.pk))
    assert event.data["changes"] == {"claim_deadline_months": [before, before + 1]}


@pytest.mark.django_db
def test_a_payment_and_an_amendment_record_the_declarations_values_before_and_after():
    from datetime import timedelta

    from declarations.services import (
        DeclarationInput,
        PaymentInput,
        amendment_approve,
        amendment_submit,
        declaration_create,
        payment_record,
    )
    from sinosure_portal.workdays.calendar import today
    from tests.factories import UnderwriterFactory
    from tests.factories.declarations import declaring_setup

    user, policy, limit = declaring_setup(amount=D("50000"))
    d = declaration_create(
        actor=user,
        data=DeclarationInput(
            policy_id=policy.pk,
            buyer_id=limit.buyer_id,
            invoice_number="AUD-1",
            shipment_date=today() - timedelta(days=10),
            currency="USD",
            amount=D("30000"),
            payment_term="OA",
            credit_days=60,
            hs_code="940360",
        ),
    )
    payment_record(
        actor=user,
        data=PaymentInput(received_on=today(), amount=D("1000"), currency="USD", invoice_number="AUD-1"),
    )
    paid = AuditEvent.objects.get(action="shipment_declaration.payment", object_id=str(d.pk))
    # 30,000 fully covered: 1,000 paid frees 1,000 of exposure
    assert _changes(paid) == {"paid_amount": [D("0"), D("1000")], "exposure_usd": [D("30000"), D("29000")]}

    amendment = amendment_submit(actor=user, declaration_id=d.pk, new_amount=D("60000"), reason="corrected")
    amendment_approve(actor=UnderwriterFactory(), amendment_id=amendment.pk, reason="ok")
    amended = AuditEvent.objects.get(action="shipment_declaration.amended", object_id=str(d.pk))
    changes = amended.data["changes"]
    # 60,000 on a 50,000 limit: covered up to the limit, so partly covered
    assert [D(v) for v in changes["amount"]] == [D("30000"), D("60000")]
    assert [D(v) for v in changes["covered_usd"]] == [D("30000"), D("50000")]
    assert changes["status"] == ["covered", "partly_covered"]
    assert "shipment_date" not in changes
