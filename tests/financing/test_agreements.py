"""Indemnity assignment agreements: proposal, signatures, approval, termination, overlap, roles,
and the payee the claims app reads through indemnity_assignment_in_force."""

from datetime import timedelta

import pytest

from financing import services
from financing.models import IndemnityAssignment
from financing.selectors import agreement_get, indemnity_assignment_in_force
from sinosure_portal.audit.models import AuditEvent
from sinosure_portal.base.errors import DomainError, NotAllowed, TransitionNotAllowed
from sinosure_portal.notifications.models import Notification
from sinosure_portal.workdays.calendar import today
from tests.factories import BankOfficerFactory, BuyerFactory, ExporterFactory
from tests.factories.financing import IndemnityAssignmentFactory, financing_setup

pytestmark = pytest.mark.django_db
S = IndemnityAssignment.Status


def _propose(setup, **kw):
    data = services.AssignmentInput(
        policy_id=setup.policy.pk,
        bank_id=setup.bank.pk,
        effective_date=kw.pop("effective_date", today()),
        signer_name=kw.pop("signer_name", "王丽"),
        signer_title=kw.pop("signer_title", "财务经理"),
        **kw,
    )
    return services.indemnity_assignment_propose(actor=setup.exporter, data=data, ip="10.0.0.1")


def test_full_lifecycle_exporter_bank_insurer(underwriter):
    setup = financing_setup(agreement=False)
    a = _propose(setup)
    assert a.status == S.PROPOSED and a.number.startswith("IA")
    assert a.exporter_signer_name == "王丽" and a.exporter_signed_ip == "10.0.0.1"
    assert Notification.objects.filter(user=setup.bank_officer, kind="indemnity_assignment_proposed").exists()
    assert (
        indemnity_assignment_in_force(policy_id=setup.policy.pk, buyer_id=setup.limit.buyer_id, on=today())
        is None
    )

    services.indemnity_assignment_bank_sign(
        assignment_id=a.pk, actor=setup.bank_officer, signer_name="李强", signer_title="经理", ip="10.0.0.2"
    )
    a.refresh_from_db()
    assert a.status == S.BANK_SIGNED and a.bank_signer_name == "李强" and a.bank_signed_at
    # signed by both but not approved: still not in force
    assert (
        indemnity_assignment_in_force(policy_id=setup.policy.pk, buyer_id=setup.limit.buyer_id, on=today())
        is None
    )

    services.indemnity_assignment_approve(assignment_id=a.pk, actor=underwriter)
    a.refresh_from_db()
    assert a.status == S.IN_FORCE and a.approved_by == underwriter
    found = indemnity_assignment_in_force(
        policy_id=setup.policy.pk, buyer_id=setup.limit.buyer_id, on=today()
    )
    assert found.pk == a.pk and found.bank == setup.bank
    actions = list(AuditEvent.objects.filter(object_id=str(a.pk)).values_list("action", flat=True))
    assert actions == [
        "indemnity_assignment.proposed",
        "indemnity_assignment.bank_signed",
        "indemnity_assignment.in_force",
    ]
    assert Notification.objects.filter(user=setup.exporter, kind="indemnity_assignment_in_force").exists()


def test_payee_follows_the_agreement_and_returns_to_the_exporter_after_it_ends(underwriter):
    """The rule the claims app relies on: while in force the bank is the payee (from the effective
    date on); once the termination takes effect, new indemnities go to the exporter, and a day
    while it was in force still answers with the bank (indemnities already decided keep it)."""
    setup = financing_setup(agreement=False)
    a = IndemnityAssignmentFactory(
        policy=setup.policy, bank=setup.bank, effective_date=today() - timedelta(days=10)
    )
    buyer = setup.limit.buyer_id
    assert (
        indemnity_assignment_in_force(
            policy_id=setup.policy.pk, buyer_id=buyer, on=today() - timedelta(days=11)
        )
        is None
    )
    assert (
        indemnity_assignment_in_force(policy_id=setup.policy.pk, buyer_id=buyer, on=today()).bank
        == setup.bank
    )

    services.indemnity_assignment_request_termination(
        assignment_id=a.pk, actor=setup.exporter, reason="贷款已结清"
    )
    # a request does not end it
    assert indemnity_assignment_in_force(policy_id=setup.policy.pk, buyer_id=buyer, on=today()).pk == a.pk
    services.indemnity_assignment_terminate(assignment_id=a.pk, actor=underwriter, ends_on=today())
    a.refresh_from_db()
    assert a.status == S.TERMINATED and a.ended_on == today()
    assert indemnity_assignment_in_force(policy_id=setup.policy.pk, buyer_id=buyer, on=today()) is None
    assert (
        indemnity_assignment_in_force(
            policy_id=setup.policy.pk, buyer_id=buyer, on=today() + timedelta(days=5)
        )
        is None
    )
    yesterday = indemnity_assignment_in_force(
        policy_id=setup.policy.pk, buyer_id=buyer, on=today() - timedelta(days=1)
    )
    assert yesterday is not None and yesterday.bank == setup.bank


def test_scope_of_chosen_buyers_only_covers_those_buyers():
    setup = financing_setup(agreement=False)
    other = BuyerFactory()
    IndemnityAssignmentFactory(policy=setup.policy, bank=setup.bank, buyers=[setup.limit.buyer])
    assert indemnity_assignment_in_force(policy_id=setup.policy.pk, buyer_id=setup.limit.buyer_id, on=today())
    assert indemnity_assignment_in_force(policy_id=setup.policy.pk, buyer_id=other.pk, on=today()) is None
    # another policy: nothing
    other_setup = financing_setup(agreement=False)
    assert (
        indemnity_assignment_in_force(
            policy_id=other_setup.policy.pk, buyer_id=setup.limit.buyer_id, on=today()
        )
        is None
    )


def test_overlapping_agreements_are_refused():
    setup = financing_setup()  # whole policy, in force
    with pytest.raises(DomainError) as exc:
        _propose(setup, whole_policy=False, buyer_ids=[setup.limit.buyer_id])
    assert exc.value.code == "assignment_overlaps" and setup.agreement.number in exc.value.message


def test_overlap_on_shared_buyers_names_them_and_disjoint_buyers_pass():
    setup = financing_setup(agreement=False)
    b1, b2, b3 = setup.limit.buyer, BuyerFactory(), BuyerFactory()
    IndemnityAssignmentFactory(policy=setup.policy, bank=setup.bank, buyers=[b1, b2])
    with pytest.raises(DomainError) as exc:
        _propose(setup, whole_policy=False, buyer_ids=[b2.pk, b3.pk])
    assert b2.display_name in exc.value.message and b1.display_name not in exc.value.message
    assert _propose(setup, whole_policy=False, buyer_ids=[b3.pk]).status == S.PROPOSED


def test_approval_rechecks_overlap_against_agreements_in_force(underwriter):
    setup = financing_setup(agreement=False)
    a = IndemnityAssignmentFactory(policy=setup.policy, bank=setup.bank, status=S.BANK_SIGNED)
    IndemnityAssignmentFactory(policy=setup.policy, bank=BankOfficerFactory().organisation)  # in force
    with pytest.raises(DomainError) as exc:
        services.indemnity_assignment_approve(assignment_id=a.pk, actor=underwriter)
    assert exc.value.code == "assignment_overlaps"
    a.refresh_from_db()
    assert a.status == S.BANK_SIGNED


def test_validation_errors_name_their_field():
    setup = financing_setup(agreement=False)
    with pytest.raises(DomainError) as exc:
        _propose(setup, whole_policy=False, buyer_ids=[])
    assert exc.value.field == "buyers"
    with pytest.raises(DomainError) as exc:
        _propose(setup, effective_date=setup.policy.period_end + timedelta(days=1))
    assert exc.value.code == "effective_outside_policy"
    with pytest.raises(DomainError) as exc:
        services.indemnity_assignment_propose(
            actor=setup.exporter,
            data=services.AssignmentInput(
                policy_id=setup.policy.pk,
                bank_id=setup.exporter.organisation_id,
                effective_date=today(),
                signer_name="a",
                signer_title="b",
            ),
        )
    assert exc.value.code == "bank_unknown"
    with pytest.raises(DomainError) as exc:
        services.indemnity_assignment_propose(
            actor=ExporterFactory(),
            data=services.AssignmentInput(
                policy_id=setup.policy.pk,
                bank_id=setup.bank.pk,
                effective_date=today(),
                signer_name="a",
                signer_title="b",
            ),
        )
    assert exc.value.code == "policy_unknown"  # another exporter's policy
    with pytest.raises(DomainError) as exc:
        _propose(setup, signer_name="")
    assert exc.value.code == "signer_required"


def test_only_the_parties_act(underwriter):
    setup = financing_setup(agreement=False)
    a = _propose(setup)
    with pytest.raises(NotAllowed):
        services.indemnity_assignment_bank_sign(
            assignment_id=a.pk, actor=BankOfficerFactory(), signer_name="x", signer_title="y"
        )
    with pytest.raises(NotAllowed):
        services.indemnity_assignment_approve(assignment_id=a.pk, actor=setup.exporter)
    with pytest.raises(NotAllowed):
        services.indemnity_assignment_withdraw(assignment_id=a.pk, actor=ExporterFactory())
    with pytest.raises(TransitionNotAllowed):  # the insurer approves only what the bank signed
        services.indemnity_assignment_approve(assignment_id=a.pk, actor=underwriter)


def test_bank_declines_and_exporter_withdraws():
    setup = financing_setup(agreement=False)
    a = _propose(setup)
    with pytest.raises(DomainError):
        services.indemnity_assignment_reject(assignment_id=a.pk, actor=setup.bank_officer, reason=" ")
    services.indemnity_assignment_reject(assignment_id=a.pk, actor=setup.bank_officer, reason="授信不足")
    a.refresh_from_db()
    assert a.status == S.REJECTED and a.decision_reason == "授信不足"
    # a rejected agreement no longer blocks a new one
    b = _propose(setup)
    services.indemnity_assignment_withdraw(assignment_id=b.pk, actor=setup.exporter)
    b.refresh_from_db()
    assert b.status == S.WITHDRAWN


def test_termination_can_be_declined_by_the_insurer(underwriter):
    setup = financing_setup()
    a = setup.agreement
    services.indemnity_assignment_request_termination(
        assignment_id=a.pk, actor=setup.bank_officer, reason="到期"
    )
    a.refresh_from_db()
    assert a.status == S.TERMINATION_REQUESTED and a.termination_requested_by == setup.bank
    services.indemnity_assignment_keep(assignment_id=a.pk, actor=underwriter, reason="贷款未还清")
    a.refresh_from_db()
    assert a.status == S.IN_FORCE
    with pytest.raises(NotAllowed):
        services.indemnity_assignment_request_termination(
            assignment_id=a.pk, actor=ExporterFactory(), reason="x"
        )


def test_termination_cannot_end_before_it_began(underwriter):
    setup = financing_setup()
    a = setup.agreement
    services.indemnity_assignment_request_termination(assignment_id=a.pk, actor=setup.exporter, reason="x")
    with pytest.raises(DomainError) as exc:
        services.indemnity_assignment_terminate(
            assignment_id=a.pk, actor=underwriter, ends_on=a.effective_date - timedelta(days=1)
        )
    assert exc.value.code == "end_before_effective"


def test_bank_and_forfaiting_policies_cannot_be_assigned():
    from policies.models import Product

    setup = financing_setup(agreement=False)
    setup.policy.product = Product.BANK
    setup.policy.save(update_fields=["product"])
    with pytest.raises(DomainError) as exc:
        _propose(setup)
    assert exc.value.code == "policy_product"


def test_visibility_insured_bank_insurer_only(underwriter):
    setup = financing_setup()
    from django.http import Http404

    assert agreement_get(setup.exporter, setup.agreement.pk)
    assert agreement_get(setup.bank_officer, setup.agreement.pk)
    assert agreement_get(underwriter, setup.agreement.pk)
    for stranger in (BankOfficerFactory(), ExporterFactory()):
        with pytest.raises(Http404):
            agreement_get(stranger, setup.agreement.pk)
