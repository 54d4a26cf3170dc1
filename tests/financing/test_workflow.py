"""The transition tables as data."""

import pytest

from financing.models import IndemnityAssignment
from financing.workflow import (
    DATA_AUTHORISATION_TRANSITIONS,
    INDEMNITY_ASSIGNMENT_TRANSITIONS,
    LOAN_TRANSITIONS,
    RECEIVABLE_ASSIGNMENT_TRANSITIONS,
    indemnity_assignment_workflow,
)
from sinosure_portal.base.errors import TransitionNotAllowed

S = IndemnityAssignment.Status


def test_indemnity_assignment_table():
    assert {
        S.PROPOSED: {S.BANK_SIGNED, S.REJECTED, S.WITHDRAWN},
        S.BANK_SIGNED: {S.IN_FORCE, S.REJECTED, S.WITHDRAWN},
        S.IN_FORCE: {S.TERMINATION_REQUESTED},
        S.TERMINATION_REQUESTED: {S.TERMINATED, S.IN_FORCE},
        S.TERMINATED: set(),
        S.REJECTED: set(),
        S.WITHDRAWN: set(),
    } == INDEMNITY_ASSIGNMENT_TRANSITIONS
    # every state has an entry; the end states lead nowhere
    assert set(INDEMNITY_ASSIGNMENT_TRANSITIONS) == set(S.values)


def test_an_agreement_in_force_cannot_be_withdrawn_or_skip_the_insurer():
    assert not indemnity_assignment_workflow.can(IndemnityAssignment(status=S.IN_FORCE), S.WITHDRAWN)
    assert not indemnity_assignment_workflow.can(IndemnityAssignment(status=S.PROPOSED), S.IN_FORCE)
    assert not indemnity_assignment_workflow.can(IndemnityAssignment(status=S.IN_FORCE), S.TERMINATED)


@pytest.mark.django_db
def test_refused_move_raises_with_labels():
    from tests.factories.financing import IndemnityAssignmentFactory

    a = IndemnityAssignmentFactory(status=S.PROPOSED)
    from django.db import transaction

    with pytest.raises(TransitionNotAllowed) as exc, transaction.atomic():
        indemnity_assignment_workflow.transition(a, to=S.TERMINATED)
    assert "Proposed" in exc.value.message and "Terminated" in exc.value.message


def test_other_tables():
    assert {
        "proposed": {"accepted", "declined", "withdrawn"},
        "accepted": set(),
        "declined": set(),
        "withdrawn": set(),
    } == RECEIVABLE_ASSIGNMENT_TRANSITIONS
    assert {"open": {"repaid"}, "repaid": set()} == LOAN_TRANSITIONS
    assert {"active": {"revoked"}, "revoked": set()} == DATA_AUTHORISATION_TRANSITIONS
