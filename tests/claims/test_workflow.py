"""The transition tables are data: check them as data."""

import pytest

from claims.models import Claim, DocumentRequest, PossibleLossNotice
from claims.workflow import CLAIM_TRANSITIONS, NOTICE_TRANSITIONS, REQUEST_TRANSITIONS

C = Claim.Status
N = PossibleLossNotice.Status


def reachable(table, start):
    seen, todo = {start}, [start]
    while todo:
        for nxt in table[todo.pop()]:
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return seen


@pytest.mark.parametrize(
    "table, model_status",
    [(CLAIM_TRANSITIONS, C), (NOTICE_TRANSITIONS, N), (REQUEST_TRANSITIONS, DocumentRequest.Status)],
)
def test_every_state_has_an_entry_and_every_state_is_reachable(table, model_status):
    assert set(table) == set(model_status.values)
    first = next(iter(table))
    assert reachable(table, first) == set(model_status.values)


def test_the_claim_walks_the_designed_path():
    path = [
        C.SUBMITTED,
        C.ACCEPTED,
        C.INVESTIGATING,
        C.ASSESSED,
        C.APPROVED,
        C.NOTICE_ISSUED,
        C.RECEIPT_RETURNED,
        C.PAID,
        C.CLOSED,
    ]
    for here, there in zip(path, path[1:], strict=False):
        assert there in CLAIM_TRANSITIONS[here], (here, there)


def test_withdrawal_only_before_the_decision():
    can_withdraw = {s for s, nxt in CLAIM_TRANSITIONS.items() if C.WITHDRAWN in nxt}
    assert can_withdraw == set(Claim.UNDECIDED)


def test_paid_is_reached_only_after_the_receipt_and_never_left_except_to_close():
    into_paid = {s for s, nxt in CLAIM_TRANSITIONS.items() if C.PAID in nxt}
    # straight from the receipt, or (a large indemnity) after a second officer's approval
    assert into_paid == {C.RECEIPT_RETURNED, C.PAYMENT_APPROVED}
    into_approved = {s for s, nxt in CLAIM_TRANSITIONS.items() if C.PAYMENT_APPROVED in nxt}
    assert into_approved == {C.RECEIPT_RETURNED}
    assert CLAIM_TRANSITIONS[C.PAYMENT_APPROVED] == {C.PAID}
    assert CLAIM_TRANSITIONS[C.PAID] == {C.CLOSED}


def test_decided_states_cannot_go_back():
    for decided in (C.APPROVED, C.PARTLY_APPROVED, C.DENIED):
        assert not (CLAIM_TRANSITIONS[decided] & set(Claim.UNDECIDED))


def test_closed_withdrawn_and_claimed_states_allow_no_further_move():
    assert CLAIM_TRANSITIONS[C.CLOSED] == CLAIM_TRANSITIONS[C.WITHDRAWN] == set()
    assert NOTICE_TRANSITIONS[N.CLAIMED] == NOTICE_TRANSITIONS[N.WITHDRAWN] == set()


def test_notice_statuses_that_stop_blocking_the_buyer_are_the_ones_declarations_ignores():
    from declarations.selectors import INACTIVE_NOTICE_STATES

    # a withdrawal, or closing without a claim (the buyer paid), lets the buyer take cover again;
    # a notice that led to a claim keeps blocking
    assert set(N.values) & set(INACTIVE_NOTICE_STATES) == {N.WITHDRAWN, N.CLOSED}
