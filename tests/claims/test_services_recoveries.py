"""Recoveries: before payment they reduce the loss; after, each is shared by the formula and the
shares always add up."""

from datetime import timedelta
from decimal import Decimal

import pytest

from claims import services
from claims.models import Recovery
from declarations.models import ShipmentDeclaration
from sinosure_portal.base.errors import DomainError, NotAllowed
from sinosure_portal.notifications.models import Notification
from sinosure_portal.workdays.calendar import today
from tests.factories import ExchangeRateFactory
from tests.factories.claims import file_notice, overdue_setup, upload_evidence, walk

pytestmark = pytest.mark.django_db
D = Decimal


def _worked_example_claim(officer):
    """Invoice 100,000, covered 80,000, buyer paid 10,000, goods resold for 5,000, ratio 90%:
    loss 85,000, indemnity 72,000 (the rules' worked example)."""
    user, policy, limit, shipments = overdue_setup(amounts=(D("100000"),), covered=(D("80000"),))
    ShipmentDeclaration.objects.filter(pk=shipments[0].pk).update(paid_amount=D("10000"), paid_usd=D("10000"))
    notice = file_notice(user, policy, shipments, amount_at_risk_usd=D("90000"))
    claim = services.claim_file_from_notice(actor=user, notice_id=notice.pk)
    services.claim_accept(actor=officer, claim_id=claim.pk)
    services.claim_deduction_add(
        actor=officer, claim_id=claim.pk, kind="resale_proceeds", amount_usd=D("5000"), note="Resold."
    )
    return user, claim


def test_worked_example_recovery_after_payment_is_shared(officer):
    user, claim = _worked_example_claim(officer)
    upload_evidence(user, claim)
    services.claim_assess(actor=officer, claim_id=claim.pk)
    services.claim_decide(
        actor=officer, claim_id=claim.pk, decision="approve", reason="Covered up to 80,000 under the limit."
    )
    claim.refresh_from_db()
    assert claim.indemnity_usd == D("72000.00")
    from tests.factories.claims import walk_from_decision

    claim = walk_from_decision(claim, user, officer)
    assert claim.total_owed_usd == D("85000.00")
    r = services.recovery_record(
        actor=officer,
        claim_id=claim.pk,
        received_on=today(),
        currency="USD",
        amount=D("20000"),
        costs=D("2000"),
    )
    # (20,000 - 2,000) x 72,000 / 85,000 = 15,247.06 to the insurer, 2,752.94 to the insured
    assert (r.net_usd, r.insurer_share_usd, r.insured_share_usd) == (
        D("18000.00"),
        D("15247.06"),
        D("2752.94"),
    )
    assert not r.before_payment
    assert Notification.objects.filter(user=user, kind="claim_recovery_shared").exists()


def test_a_recovery_before_payment_reduces_the_loss(officer):
    user, claim = _worked_example_claim(officer)
    r = services.recovery_record(
        actor=officer,
        claim_id=claim.pk,
        received_on=today(),
        currency="USD",
        amount=D("9000"),
        costs=D("1000"),
    )
    assert r.before_payment and r.net_usd == D("8000.00") and r.insurer_share_usd == D("0")
    upload_evidence(user, claim)
    services.claim_assess(actor=officer, claim_id=claim.pk)
    claim.refresh_from_db()
    lines = dict(claim.assessment["lines"])
    # 100,000 - 10,000 paid - 5,000 resold - 8,000 recovered = 77,000; x 90% = 69,300
    assert (lines["other_recoveries"], lines["loss"], lines["indemnity"]) == (
        "-8000.00",
        "77000.00",
        "69300.00",
    )


def test_a_recovery_between_decision_and_payment_waits(officer):
    user, policy, limit, shipments = overdue_setup()
    claim = services.claim_file_from_notice(actor=user, notice_id=file_notice(user, policy, shipments).pk)
    walk(claim, insured=user, officer=officer, to="notice_issued")
    with pytest.raises(DomainError) as err:
        services.recovery_record(
            actor=officer, claim_id=claim.pk, received_on=today(), currency="USD", amount=D("1")
        )
    assert err.value.code == "recovery_wait_for_payment"


def test_recoveries_in_another_currency_use_the_rate_of_the_day_and_cannot_pass_what_was_owed(officer):
    user, policy, limit, shipments = overdue_setup()
    claim = services.claim_file_from_notice(actor=user, notice_id=file_notice(user, policy, shipments).pk)
    claim = walk(claim, insured=user, officer=officer, to="closed")
    ExchangeRateFactory(currency="EUR", date=today() - timedelta(days=1), usd_per_unit=D("1.1"))
    r = services.recovery_record(
        actor=officer,
        claim_id=claim.pk,
        received_on=today() - timedelta(days=1),
        currency="EUR",
        amount=D("10000"),
        costs=D("500"),
    )
    assert (r.amount_usd, r.costs_usd, r.net_usd) == (D("11000.00"), D("550.00"), D("10450.00"))
    assert r.insurer_share_usd + r.insured_share_usd == r.net_usd
    assert r.insurer_share_usd == D("9405.00")  # 90,000 / 100,000 of the net
    with pytest.raises(DomainError) as err:
        services.recovery_record(
            actor=officer, claim_id=claim.pk, received_on=today(), currency="USD", amount=D("89000.01")
        )
    assert err.value.code == "recovery_above_owed"
    with pytest.raises(NotAllowed):
        services.recovery_record(
            actor=user, claim_id=claim.pk, received_on=today(), currency="USD", amount=D("1")
        )
    assert Recovery.objects.count() == 1
