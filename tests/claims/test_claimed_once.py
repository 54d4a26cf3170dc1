"""A receivable is held by one live claim at a time: a withdrawn or denied claim lets it go (it can be
claimed again), and the database refuses a second claim line holding it."""

import threading
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, connections, transaction

from claims import services
from claims.models import ClaimLine
from sinosure_portal.base.errors import DomainError
from sinosure_portal.workdays.calendar import today
from tests.factories import BuyerFactory
from tests.factories.claims import file_notice, filed_claim, micro_setup
from tests.ledger.invariants import assert_ledger_reconciles

pytestmark = pytest.mark.django_db
D = Decimal


def test_a_shipment_put_back_after_a_withdrawn_claim_can_be_claimed_again():
    user, claim = filed_claim()
    shipments = [line.declaration for line in claim.lines.order_by("pk")]
    services.claim_withdraw(actor=user, claim_id=claim.pk, reason="Settled with the buyer.")
    assert list(claim.lines.values_list("holds_shipment", flat=True)) == [False, False]
    # was a 500 (claim_line_declaration_once) before the lines let go of their shipments
    notice = file_notice(user, claim.policy, shipments)
    again = services.claim_file_from_notice(actor=user, notice_id=notice.pk)
    assert sorted(again.lines.values_list("declaration_id", flat=True)) == sorted(d.pk for d in shipments)


def test_the_database_refuses_a_second_line_holding_the_same_shipment():
    user, claim = filed_claim()
    line = claim.lines.first()
    with pytest.raises(IntegrityError), transaction.atomic():
        ClaimLine.objects.create(
            claim=claim,
            declaration=line.declaration,
            invoice_number=line.invoice_number,
            due_date=line.due_date,
            currency="USD",
            amount=D("1"),
            amount_usd=D("1"),
            covered_usd=D("1"),
        )


def _direct(user, policy, buyer, number="M-1"):
    return services.claim_file_direct(
        actor=user,
        data=services.DirectClaimInput(
            policy_id=policy.pk,
            buyer_id=buyer.pk,
            cause="buyer_insolvency",
            event_date=today() - timedelta(days=3),
            description="Bankrupt.",
            invoices=[
                services.InvoiceLine(
                    number, today() - timedelta(days=100), today() - timedelta(days=10), "USD", D("40000")
                )
            ],
        ),
    )


def test_a_direct_invoice_is_claimed_once_until_the_claim_is_withdrawn():
    user, policy = micro_setup(per_buyer_cap_usd=D("30000"))
    buyer = BuyerFactory()
    first = _direct(user, policy, buyer)
    assert first.lines.get().direct_key == f"{policy.pk}:{buyer.pk}:M-1"
    with pytest.raises(DomainError) as err:
        _direct(user, policy, buyer)
    assert err.value.code == "invoice_claimed"
    services.claim_withdraw(actor=user, claim_id=first.pk, reason="Filed in error.")
    second = _direct(user, policy, buyer)
    assert second.lines.get().holds_shipment is True


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_direct_claims_on_one_invoice_exactly_one_wins():
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL")
    user, policy = micro_setup(per_buyer_cap_usd=D("30000"))
    buyer = BuyerFactory()
    won: list[int] = []
    refused: list[str] = []
    errors: list[BaseException] = []
    start = threading.Barrier(2)

    def file():
        try:
            start.wait()
            won.append(_direct(user, policy, buyer).pk)
        except DomainError as exc:
            refused.append(exc.code)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=file) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert len(won) == 1 and refused == ["invoice_claimed"]
    assert (
        ClaimLine.objects.filter(direct_key=f"{policy.pk}:{buyer.pk}:M-1", holds_shipment=True).count() == 1
    )
    assert_ledger_reconciles()
