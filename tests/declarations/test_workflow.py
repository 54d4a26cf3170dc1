"""The allowed moves are data: test the tables themselves."""

import pytest

from declarations.models import DeclarationAmendment, DeclarationBatch, ShipmentDeclaration
from declarations.workflow import (
    AMENDMENT_TRANSITIONS,
    BATCH_TRANSITIONS,
    DECLARATION_TRANSITIONS,
    declaration_workflow,
)

S = ShipmentDeclaration.Status


def test_every_state_has_an_entry():
    assert set(DECLARATION_TRANSITIONS) == set(S.values)
    assert set(BATCH_TRANSITIONS) == set(DeclarationBatch.Status.values)
    assert set(AMENDMENT_TRANSITIONS) == set(DeclarationAmendment.Status.values)


@pytest.mark.parametrize("final", [S.SETTLED, S.INDEMNIFIED])
def test_final_states_go_nowhere(final):
    assert declaration_workflow.allowed(final) == frozenset()


def test_open_receivables_can_be_settled_or_go_overdue():
    for state in (S.COVERED, S.PARTLY_COVERED):
        assert {S.OVERDUE, S.SETTLED} <= DECLARATION_TRANSITIONS[state]
    assert S.SETTLED in DECLARATION_TRANSITIONS[S.OVERDUE]


def test_a_claimed_shipment_is_never_settled_by_the_buyer_but_reopens_when_the_claim_ends_unpaid():
    # money received on a claimed invoice is a recovery of the claim, not a settlement
    assert S.SETTLED not in DECLARATION_TRANSITIONS[S.CLAIMED]
    # a claim withdrawn or denied, or an invoice it excluded, puts the receivable back on the book
    assert DECLARATION_TRANSITIONS[S.CLAIMED] == {S.INDEMNIFIED, S.OVERDUE, S.COVERED, S.PARTLY_COVERED}
    assert {S.OVERDUE, S.COVERED, S.PARTLY_COVERED, S.SETTLED, S.CLAIMED} == DECLARATION_TRANSITIONS[
        S.LOSS_NOTIFIED
    ]


def test_amendable_states_are_exactly_the_open_unclaimed_ones():
    assert set(ShipmentDeclaration.AMENDABLE) == {S.COVERED, S.PARTLY_COVERED, S.OVERDUE}


def test_a_completed_upload_stays_completed_and_a_failed_one_can_resume():
    B = DeclarationBatch.Status
    assert BATCH_TRANSITIONS[B.COMPLETED] == set()
    # run again by the worker (running) or by a retry, which queues it again (queued)
    assert BATCH_TRANSITIONS[B.FAILED] == {B.RUNNING, B.QUEUED}
