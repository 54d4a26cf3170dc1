"""Declarations announce what they committed, once, after commit (issue 12 item 7): a single
declaration and an upload alike; a declaration rolled back announces nothing."""

from datetime import timedelta

import pytest
from django.db import transaction

from declarations.hooks import DECLARATIONS_COMMITTED
from declarations.models import ShipmentDeclaration
from declarations.services import (
    DeclarationInput,
    declaration_batch_process,
    declaration_batch_submit,
    declaration_create,
)
from sinosure_portal.base import hooks
from sinosure_portal.workdays.calendar import today
from tests.factories.declarations import declaring_setup

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def heard(monkeypatch):
    calls: list[list[int]] = []
    monkeypatch.setitem(
        hooks._HOOKS, DECLARATIONS_COMMITTED, [lambda declaration_ids: calls.append(declaration_ids)]
    )
    return calls


def _one(user, policy, limit, invoice: str):
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
        ),
    )


def test_a_single_declaration_is_announced_once_after_commit_with_its_id(heard):
    user, policy, limit = declaring_setup()
    with transaction.atomic():
        d = _one(user, policy, limit, "ANN-1")
        assert heard == []  # not before the commit
    assert heard == [[d.pk]]


def test_a_declaration_rolled_back_is_not_announced(heard):
    user, policy, limit = declaring_setup()
    with pytest.raises(RuntimeError), transaction.atomic():
        _one(user, policy, limit, "ANN-2")
        raise RuntimeError("the caller's transaction fails afterwards")
    assert heard == [] and not ShipmentDeclaration.objects.filter(invoice_number="ANN-2").exists()


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
    assert sorted(pk for ids in heard for pk in ids) == written  # each once
