import pytest
from django.db import transaction

from limits.models import CreditLimit, CreditLimitApplication
from limits.workflow import APPLICATION_TRANSITIONS, LIMIT_TRANSITIONS, application_workflow, limit_workflow
from sinosure_portal.audit.services import audit_history
from sinosure_portal.base.errors import TransitionNotAllowed
from tests.factories.limits import CreditLimitFactory


@pytest.mark.parametrize(
    ("table", "states"),
    [(APPLICATION_TRANSITIONS, CreditLimitApplication.Status), (LIMIT_TRANSITIONS, CreditLimit.Status)],
)
def test_every_state_has_an_entry(table, states):
    assert set(table) == set(states.values)


def test_application_table():
    A = CreditLimitApplication.Status
    decided = {A.APPROVED, A.PARTLY_APPROVED, A.REJECTED}
    assert application_workflow.allowed(A.SUBMITTED) == decided | {A.UNDER_REVIEW, A.WITHDRAWN}
    assert application_workflow.allowed(A.UNDER_REVIEW) == decided | {A.SUBMITTED, A.WITHDRAWN}
    for final in (*decided, A.WITHDRAWN):
        assert application_workflow.allowed(final) == frozenset()


def test_a_live_limit_may_be_reduced_cancelled_or_revoked_and_an_ended_one_never_moves():
    L = CreditLimit.Status
    assert limit_workflow.allowed(L.ACTIVE) == {L.REDUCED, L.CANCELLED, L.REVOKED}
    assert limit_workflow.allowed(L.REDUCED) == {L.ACTIVE, L.CANCELLED, L.REVOKED}
    assert limit_workflow.allowed(L.CANCELLED) == limit_workflow.allowed(L.REVOKED) == frozenset()


@pytest.mark.django_db
def test_a_move_leaves_an_audit_row_and_a_refused_one_none(underwriter):
    limit = CreditLimitFactory()
    with transaction.atomic():
        limit_workflow.transition(limit, to="revoked", actor=underwriter, reason="idle")
    with pytest.raises(TransitionNotAllowed), transaction.atomic():
        limit_workflow.transition(limit, to="active", actor=underwriter)
    limit.refresh_from_db()
    assert limit.status == "revoked"
    assert [(e.from_state, e.to_state, e.reason) for e in audit_history(limit)] == [
        ("active", "revoked", "idle")
    ]
