"""Declarations announce what they write, once, in the writing transaction (issue 12 item 7 and
issue 16 item 1): a single declaration and an upload alike. Subscribers record their reactions in
the outbox, so a declaration rolled back leaves no reaction behind and a committed one loses none."""

from datetime import timedelta

import pytest
from django.db import transaction

from declarations.hooks import DECLARATIONS_WRITTEN
from declarations.models import ShipmentDeclaration
from declarations.services import (
    DeclarationInput,
    declaration_batch_process,
    declaration_batch_submit,
    declaration_create,
)
from sinosure_portal.base import hooks
from sinosure_portal.outbox.models import OutboxMessage
from sinosure_portal.workdays.calendar import today
from tests.factories.declarations import declaring_setup

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def heard(monkeypatch):
    calls: list[tuple[list[int], bool]] = []

    def subscriber(declaration_ids):
        # what a subscriber sees: the declarations, inside the transaction that writes them
        calls.append((declaration_ids, transaction.get_connection().in_atomic_block))

    monkeypatch.setitem(hooks._HOOKS, DECLARATIONS_WRITTEN, [subscriber])
    return calls


def _one(user, policy, limit, invoice: str, financing: bool = False):
    return declaration_create(
        actor=user,
        data=DeclarationInput(
            policy_id=policy.pk,
            buyer_id=limit.buyer_id,
            invoice_number=invoice,
            shipment_date=today() - timedelta(days=1),
            currency="USD",
            amount=1000,
            payment_term="OA",
            credit_days=60,
            hs_code="940360",
            financing_intent=financing,
        ),
    )


def test_a_single_declaration_is_announced_once_in_its_transaction_with_its_id(heard):
    user, policy, limit = declaring_setup()
    d = _one(user, policy, limit, "ANN-1")
    assert heard == [([d.pk], True)]


def test_a_declaration_rolled_back_leaves_no_reaction_in_the_outbox():
    user, policy, limit = declaring_setup()
    with pytest.raises(RuntimeError), transaction.atomic():
        _one(user, policy, limit, "ANN-2", financing=True)
        # financing reacted: its coverage notices task waits in the outbox for the commit
        assert OutboxMessage.objects.filter(task="financing.issue_coverage_notices").count() == 1
        raise RuntimeError("the caller's transaction fails afterwards")
    assert not ShipmentDeclaration.objects.filter(invoice_number="ANN-2").exists()
    assert not OutboxMessage.objects.filter(task="financing.issue_coverage_notices").exists()


def test_an_upload_announces_the_declarations_it_wrote(heard):
    user, policy, limit = declaring_setup()
    shipped = (today() - timedelta(days=1)).isoformat()
    header = "invoice_number,buyer,shipment_date,currency,amount,payment_term,credit_days,hs_code\n"
    rows = "".join(f"UP-{i},{limit.buyer_id},{shipped},USD,500.00,OA,60,940360\n" for i in range(4))
    batch = declaration_batch_submit(
        actor=user, policy_id=policy.pk, file_name="u.csv", content=(header + rows).encode()
    )
    declaration_batch_process(batch_id=batch.pk)
    written = sorted(ShipmentDeclaration.objects.filter(batch=batch).values_list("pk", flat=True))
    assert len(written) == 4
    assert sorted(pk for ids, _ in heard for pk in ids) == written  # each once
    assert all(in_transaction for _, in_transaction in heard)
