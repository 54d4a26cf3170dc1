"""Which receivables a bank sees (issue 16 item 7 rewrote the query to be driven from the bank's
side): compared, declaration by declaration, with a plain oracle written here over every kind of
right and every way of not having one."""

from datetime import timedelta
from decimal import Decimal

import pytest

from declarations.models import ShipmentDeclaration
from financing import selectors
from financing.models import (
    IndemnityAssignment,
    Loan,
    LoanReceivable,
    ReceivableAssignment,
    ReceivableAssignmentItem,
)
from sinosure_portal.workdays.calendar import today
from tests.factories import BankOfficerFactory, BuyerFactory
from tests.factories.declarations import ShipmentDeclarationFactory
from tests.factories.financing import IndemnityAssignmentFactory, ReceivableAssignmentFactory
from tests.factories.limits import CreditLimitFactory
from tests.factories.policies import PolicyFactory

pytestmark = pytest.mark.django_db
IA = IndemnityAssignment.Status


def _declarations(policy, buyers, n=2):
    out = []
    for buyer in buyers:
        limit = CreditLimitFactory(policy=policy, buyer=buyer)
        out += [ShipmentDeclarationFactory(limit=limit) for _ in range(n)]
    return out


def _loan(bank, borrower, declarations):
    on = today()
    loan = Loan.objects.create(
        bank=bank,
        organisation=borrower,
        currency="USD",
        amount=Decimal("1000"),
        rate_used=Decimal("1"),
        amount_usd=Decimal("1000"),
        financeable_usd=Decimal("1000"),
        loan_date=on - timedelta(days=5),
    )
    for d in declarations:
        LoanReceivable.objects.create(
            loan=loan,
            declaration=d,
            covered_usd=d.covered_usd,
            financing_ratio=Decimal("0.8"),
            financeable_usd=d.covered_usd * Decimal("0.8"),
            open=False,  # repaid: the bank still sees what it lent against
        )


def _oracle(bank_id, on) -> set[int]:
    """A declaration is the bank's when an agreement of the bank in force on ``on`` covers its policy
    (whole policy, or its buyer), when an accepted transfer to the bank holds it actively, or when a
    loan of the bank financed it."""
    seen = set()
    for d in ShipmentDeclaration.objects.all():
        for a in IndemnityAssignment.objects.filter(bank_id=bank_id, policy_id=d.policy_id):
            approved = a.status in (IA.IN_FORCE, IA.TERMINATION_REQUESTED, IA.TERMINATED)
            begun = a.effective_date <= on
            not_ended = (a.ended_on is None and a.status != IA.TERMINATED) or (
                a.ended_on is not None and a.ended_on > on
            )
            covers = a.scope == a.Scope.WHOLE_POLICY or a.buyers.filter(pk=d.buyer_id).exists()
            if approved and begun and not_ended and covers:
                seen.add(d.pk)
        for item in ReceivableAssignmentItem.objects.filter(declaration=d):
            if item.active and item.assignment.status == "accepted" and item.assignment.bank_id == bank_id:
                seen.add(d.pk)
        if LoanReceivable.objects.filter(declaration=d, loan__bank_id=bank_id).exists():
            seen.add(d.pk)
    return seen


def test_the_bank_sees_exactly_the_receivables_it_has_a_right_to():
    officer = BankOfficerFactory()
    bank, other_bank = officer.organisation, BankOfficerFactory().organisation
    on = today()
    inside, outside = BuyerFactory(), BuyerFactory()
    whole = PolicyFactory()
    scoped = PolicyFactory(organisation=whole.organisation)
    proposed = PolicyFactory(organisation=whole.organisation)
    ended = PolicyFactory(organisation=whole.organisation)
    future = PolicyFactory(organisation=whole.organisation)
    elsewhere = PolicyFactory()
    d_whole = _declarations(whole, [inside, outside])
    d_scoped = _declarations(scoped, [inside, outside])
    d_proposed = _declarations(proposed, [inside])
    d_ended = _declarations(ended, [inside])
    d_future = _declarations(future, [inside])
    d_elsewhere = _declarations(elsewhere, [BuyerFactory(), BuyerFactory(), BuyerFactory()])
    IndemnityAssignmentFactory(policy=whole, bank=bank)
    IndemnityAssignmentFactory(policy=scoped, bank=bank, buyers=[inside])
    IndemnityAssignmentFactory(policy=proposed, bank=bank, status=IA.PROPOSED)
    IndemnityAssignmentFactory(policy=ended, bank=bank, status=IA.TERMINATED, ended_on=on - timedelta(days=1))
    IndemnityAssignmentFactory(policy=future, bank=bank, effective_date=on + timedelta(days=3))
    IndemnityAssignmentFactory(policy=elsewhere, bank=other_bank)  # another bank's agreement
    # transfers: accepted and active (seen), accepted but withdrawn item, proposed, another bank's
    ReceivableAssignmentFactory(organisation=elsewhere.organisation, bank=bank, declarations=[d_elsewhere[0]])
    withdrawn = ReceivableAssignmentFactory(
        organisation=elsewhere.organisation, bank=bank, declarations=[d_elsewhere[1]]
    )
    ReceivableAssignmentItem.objects.filter(assignment=withdrawn).update(active=False)
    ReceivableAssignmentFactory(
        organisation=elsewhere.organisation,
        bank=bank,
        status=ReceivableAssignment.Status.PROPOSED,
        declarations=[d_elsewhere[2]],
    )
    ReceivableAssignmentFactory(
        organisation=elsewhere.organisation, bank=other_bank, declarations=[d_elsewhere[3]]
    )
    # loans: the bank's own (repaid), and another bank's
    _loan(bank, elsewhere.organisation, [d_elsewhere[4]])
    _loan(other_bank, elsewhere.organisation, [d_elsewhere[5]])

    expected = _oracle(bank.pk, on)
    got = set(selectors.bank_receivables(officer, on).values_list("pk", flat=True))
    assert got == expected
    # and, written out by hand, what the oracle says
    assert expected == {d.pk for d in d_whole} | {d.pk for d in d_scoped if d.buyer_id == inside.pk} | {
        d_elsewhere[0].pk,
        d_elsewhere[4].pk,
    }
    assert not expected & {d.pk for d in d_proposed + d_ended + d_future}


def test_a_bank_without_any_right_sees_nothing_and_the_page_says_so(client_for):
    officer = BankOfficerFactory()
    _declarations(PolicyFactory(), [BuyerFactory()])
    assert not selectors.bank_receivables(officer, today()).exists()
    assert client_for(officer).get("/financing/receivables/").status_code == 200
