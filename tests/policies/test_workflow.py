import pytest

from policies.models import Policy, PolicyApplication, PremiumInvoice
from policies.workflow import (
    APPLICATION_TRANSITIONS,
    INVOICE_TRANSITIONS,
    POLICY_TRANSITIONS,
    application_workflow,
    invoice_workflow,
    policy_workflow,
)


@pytest.mark.parametrize(
    ("table", "states"),
    [
        (APPLICATION_TRANSITIONS, PolicyApplication.Status),
        (POLICY_TRANSITIONS, Policy.Status),
        (INVOICE_TRANSITIONS, PremiumInvoice.Status),
    ],
)
def test_every_state_has_an_entry(table, states):
    assert set(table) == set(states.values)


def test_an_application_is_issued_only_after_confirmation_and_review():
    A = PolicyApplication.Status
    assert application_workflow.allowed(A.DRAFT) == {A.SUBMITTED, A.WITHDRAWN}
    assert application_workflow.allowed(A.SUBMITTED) == {A.UNDER_REVIEW, A.REJECTED, A.WITHDRAWN}
    assert application_workflow.allowed(A.UNDER_REVIEW) == {A.ISSUED, A.REJECTED, A.WITHDRAWN}
    for final in (A.ISSUED, A.REJECTED, A.WITHDRAWN):
        assert application_workflow.allowed(final) == frozenset()
    # a draft is never issued without being confirmed and reviewed
    assert A.ISSUED not in application_workflow.allowed(A.DRAFT)


def test_a_policy_in_force_may_expire_renew_or_be_cancelled_and_ends_there():
    P = Policy.Status
    assert policy_workflow.allowed(P.ACTIVE) == {P.EXPIRED, P.RENEWED, P.CANCELLED}
    assert policy_workflow.allowed(P.EXPIRED) == {P.RENEWED}
    assert policy_workflow.allowed(P.RENEWED) == policy_workflow.allowed(P.CANCELLED) == frozenset()


def test_an_issued_invoice_is_paid_or_cancelled_once():
    I = PremiumInvoice.Status  # noqa: E741
    assert invoice_workflow.allowed(I.ISSUED) == {I.PAID, I.CANCELLED}
    assert invoice_workflow.allowed(I.PAID) == frozenset()
