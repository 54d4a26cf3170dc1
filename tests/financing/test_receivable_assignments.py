"""Receivable assignments (应收账款转让): propose, accept, decline, withdraw; one bank at a time."""

import pytest

from declarations.models import ShipmentDeclaration
from financing import services
from financing.models import ReceivableAssignment, ReceivableAssignmentItem
from financing.selectors import bank_receivables, receivable_assignment_get
from sinosure_portal.base.errors import DomainError, NotAllowed
from sinosure_portal.workdays.calendar import today
from tests.factories import BankOfficerFactory, ExporterFactory
from tests.factories.financing import financing_setup, receivable

pytestmark = pytest.mark.django_db
S = ReceivableAssignment.Status


def test_propose_accept_and_the_bank_sees_them():
    setup = financing_setup(agreement=False)
    a, b = receivable(setup), receivable(setup)
    ra = services.receivable_assignment_propose(
        actor=setup.exporter, bank_id=setup.bank.pk, declaration_ids=[a.pk, b.pk], note="贸易融资"
    )
    assert ra.status == S.PROPOSED and ra.items.count() == 2
    assert not bank_receivables(setup.bank_officer, today()).exists()  # not before it accepts
    services.receivable_assignment_accept(assignment_id=ra.pk, actor=setup.bank_officer)
    ra.refresh_from_db()
    assert ra.status == S.ACCEPTED and ra.accepted_by == setup.bank_officer
    assert set(bank_receivables(setup.bank_officer, today()).values_list("pk", flat=True)) == {a.pk, b.pk}


def test_a_receivable_is_with_one_bank_at_a_time():
    setup = financing_setup(agreement=False)
    a = receivable(setup)
    services.receivable_assignment_propose(
        actor=setup.exporter, bank_id=setup.bank.pk, declaration_ids=[a.pk]
    )
    with pytest.raises(DomainError) as exc:
        services.receivable_assignment_propose(
            actor=setup.exporter, bank_id=BankOfficerFactory().organisation_id, declaration_ids=[a.pk]
        )
    assert exc.value.code == "receivable_already_assigned" and a.invoice_number in exc.value.message


def test_declined_or_withdrawn_assignments_free_the_receivables():
    setup = financing_setup(agreement=False)
    a = receivable(setup)
    ra = services.receivable_assignment_propose(
        actor=setup.exporter, bank_id=setup.bank.pk, declaration_ids=[a.pk]
    )
    with pytest.raises(DomainError):
        services.receivable_assignment_decline(assignment_id=ra.pk, actor=setup.bank_officer, reason="")
    services.receivable_assignment_decline(
        assignment_id=ra.pk, actor=setup.bank_officer, reason="不符合授信条件"
    )
    assert not ReceivableAssignmentItem.objects.filter(active=True).exists()
    ra2 = services.receivable_assignment_propose(
        actor=setup.exporter, bank_id=setup.bank.pk, declaration_ids=[a.pk]
    )
    services.receivable_assignment_withdraw(assignment_id=ra2.pk, actor=setup.exporter)
    ra2.refresh_from_db()
    assert ra2.status == S.WITHDRAWN


def test_only_covered_open_receivables_of_ones_own_may_be_assigned():
    setup = financing_setup(agreement=False)
    settled = receivable(setup, status=ShipmentDeclaration.Status.SETTLED)
    with pytest.raises(DomainError) as exc:
        services.receivable_assignment_propose(
            actor=setup.exporter, bank_id=setup.bank.pk, declaration_ids=[settled.pk]
        )
    assert exc.value.code == "receivable_not_covered"
    foreign = receivable(financing_setup(agreement=False))
    with pytest.raises(DomainError) as exc:
        services.receivable_assignment_propose(
            actor=setup.exporter, bank_id=setup.bank.pk, declaration_ids=[foreign.pk]
        )
    assert exc.value.code == "receivable_unknown"
    with pytest.raises(DomainError) as exc:
        services.receivable_assignment_propose(
            actor=setup.exporter, bank_id=setup.bank.pk, declaration_ids=[]
        )
    assert exc.value.code == "receivables_required"


def test_only_the_parties_act_and_others_get_404():
    from django.http import Http404

    setup = financing_setup(agreement=False)
    a = receivable(setup)
    ra = services.receivable_assignment_propose(
        actor=setup.exporter, bank_id=setup.bank.pk, declaration_ids=[a.pk]
    )
    with pytest.raises(NotAllowed):
        services.receivable_assignment_accept(assignment_id=ra.pk, actor=BankOfficerFactory())
    with pytest.raises(NotAllowed):
        services.receivable_assignment_withdraw(assignment_id=ra.pk, actor=ExporterFactory())
    with pytest.raises(Http404):
        receivable_assignment_get(BankOfficerFactory(), ra.pk)
    assert receivable_assignment_get(setup.bank_officer, ra.pk).receivable_count == 1
