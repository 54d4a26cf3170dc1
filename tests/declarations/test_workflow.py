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


def test_a_claimed_shipment_cannot_go_back_to_open():
    assert not (DECLARATION_TRANSITIONS[S.CLAIMED] & {S.COVERED, S.PARTLY_COVERED, S.OVERDUE, S.SETTLED})


def test_amendable_states_are_exactly_the_open_unclaimed_ones():
    assert set(ShipmentDeclaration.AMENDABLE) == {S.COVERED, S.PARTLY_COVERED, S.OVERDUE}


def test_a_completed_upload_stays_completed_and_a_failed_one_can_resume():
    B = DeclarationBatch.Status
    assert BATCH_TRANSITIONS[B.COMPLETED] == set()
    assert BATCH_TRANSITIONS[B.FAILED] == {B.RUNNING}
