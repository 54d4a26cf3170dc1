"""Possible-loss notices: deadlines (worked examples), late flag, shipments move to loss_notified,
the buyer's declarations are refused from the notice on, who may do what."""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from claims import services
from claims.models import PossibleLossNotice
from declarations import services as declaration_services
from declarations.models import ShipmentDeclaration
from declarations.reasons import NotCovered
from declarations.selectors import buyer_has_loss_notice
from sinosure_portal.audit.models import AuditEvent
from sinosure_portal.base.errors import DomainError, NotAllowed
from sinosure_portal.notifications.models import Notification
from sinosure_portal.workdays.calendar import today
from tests.factories import BankOfficerFactory, ExporterFactory
from tests.factories.claims import file_notice, notice_input, overdue_setup
from tests.factories.declarations import ShipmentDeclarationFactory
from tests.factories.policies import PolicyFactory

pytestmark = pytest.mark.django_db
S = ShipmentDeclaration.Status


def test_a_notice_names_its_shipments_and_moves_them_to_loss_notified(officer):
    user, policy, limit, shipments = overdue_setup()
    notice = file_notice(user, policy, shipments)
    assert notice.number.startswith("PLN") and notice.status == "submitted"
    assert set(notice.declarations.values_list("pk", flat=True)) == {d.pk for d in shipments}
    for d in shipments:
        d.refresh_from_db()
        assert d.status == S.LOSS_NOTIFIED
    # earliest due date (20 days ago) + 30 calendar days
    assert notice.due_date == today() - timedelta(days=20)
    assert notice.deadline == today() + timedelta(days=10)
    assert (notice.deadline_basis, notice.late) == ("calendar", False)
    assert notice.claim_deadline > today()
    assert AuditEvent.objects.filter(
        action="possible_loss_notice.submitted", object_id=str(notice.pk)
    ).exists()
    assert Notification.objects.filter(user=officer, kind="loss_notice_submitted").count() == 1


def test_worked_example_default_due_2026_09_20_is_notified_by_2026_10_20(travel_to):
    user = ExporterFactory()
    policy = PolicyFactory(organisation=user.organisation, period_start=date(2026, 6, 1))
    d = ShipmentDeclarationFactory(
        limit__policy=policy,
        shipment_date=date(2026, 7, 22),
        due_date=date(2026, 9, 20),
        status=S.OVERDUE,
    )
    travel_to(date(2026, 10, 20))
    notice = file_notice(user, policy, [d])
    assert (notice.deadline, notice.late, notice.event_date) == (date(2026, 10, 20), False, date(2026, 9, 20))


def test_worked_example_insolvency_on_2026_09_28_is_due_2026_10_16_and_a_later_notice_is_flagged(travel_to):
    user = ExporterFactory()
    policy = PolicyFactory(organisation=user.organisation, period_start=date(2026, 6, 1))
    d = ShipmentDeclarationFactory(
        limit__policy=policy, shipment_date=date(2026, 8, 20), due_date=date(2026, 11, 18), status=S.COVERED
    )
    travel_to(date(2026, 10, 19))
    notice = file_notice(user, policy, [d], cause="buyer_insolvency", event_date=date(2026, 9, 28))
    assert (notice.deadline, notice.deadline_basis) == (date(2026, 10, 16), "business")
    assert notice.late  # accepted, and flagged
    assert "business days" in notice.deadline_rule


def test_the_policy_settings_drive_the_deadline():
    user, policy, limit, shipments = overdue_setup(loss_notice_default_days=45)
    notice = file_notice(user, policy, shipments[:1])
    assert notice.deadline == shipments[0].due_date + timedelta(days=45)


def test_a_late_default_notice_is_accepted_and_flagged():
    user, policy, limit, shipments = overdue_setup(loss_notice_default_days=5)
    notice = file_notice(user, policy, shipments)
    assert notice.late and notice.status == "submitted"


def test_a_default_needs_the_due_date_passed():
    user, policy, limit, shipments = overdue_setup()
    shipments[0].due_date = today() + timedelta(days=3)
    shipments[0].save()
    with pytest.raises(DomainError) as err:
        file_notice(user, policy, shipments[:1])
    assert err.value.code == "not_yet_due"


@pytest.mark.parametrize(
    "change, code",
    [
        ({"declaration_ids": []}, "shipments_required"),
        ({"cause": "act_of_god"}, "cause_invalid"),
        ({"cause": "war", "event_date": None}, "event_date_required"),
        ({"cause": "war", "event_date": today() + timedelta(days=1)}, "event_in_future"),
        ({"description": "  "}, "description_required"),
        ({"amount_at_risk_usd": Decimal("0")}, "amount_not_positive"),
        ({"amount_at_risk_usd": Decimal("100000.01")}, "amount_above_outstanding"),
    ],
)
def test_bad_input_is_refused_with_a_code_and_nothing_is_written(change, code):
    user, policy, limit, shipments = overdue_setup()
    with pytest.raises(DomainError) as err:
        services.possible_loss_notice_submit(actor=user, data=notice_input(policy, shipments, **change))
    assert err.value.code == code
    assert not PossibleLossNotice.objects.exists()
    assert set(ShipmentDeclaration.objects.values_list("status", flat=True)) == {S.OVERDUE}


def test_a_shipment_is_named_in_one_notice_only():
    user, policy, limit, shipments = overdue_setup()
    file_notice(user, policy, shipments[:1])
    with pytest.raises(DomainError) as err:
        file_notice(user, policy, shipments)
    assert err.value.code == "shipment_not_notifiable"


def test_another_organisations_shipments_or_policy_cannot_be_named():
    user, policy, limit, shipments = overdue_setup()
    stranger = ExporterFactory()
    with pytest.raises(DomainError) as err:
        file_notice(stranger, policy, shipments)
    assert err.value.code == "policy_not_found"
    _, policy2, _, _ = overdue_setup(user=stranger)
    with pytest.raises(DomainError) as err:
        file_notice(stranger, policy2, shipments)
    assert err.value.code == "shipment_not_found"


def test_micro_and_sme_policies_claim_directly_without_a_notice():
    from tests.factories.claims import micro_setup

    user, policy = micro_setup()
    with pytest.raises(DomainError) as err:
        services.possible_loss_notice_check(
            actor=user,
            data=services.NoticeInput(policy.pk, 1, [1], "buyer_default", None, Decimal("1"), "x"),
        )
    assert err.value.code == "notice_not_needed"


def test_a_bank_insured_under_a_bank_policy_notifies_like_an_exporter():
    banker = BankOfficerFactory()
    user, policy, limit, shipments = overdue_setup(user=banker, product="BANK")
    notice = file_notice(banker, policy, shipments)
    assert notice.organisation_id == banker.organisation_id


def test_insurer_staff_cannot_file_a_notice(officer):
    user, policy, limit, shipments = overdue_setup()
    with pytest.raises(NotAllowed):
        file_notice(officer, policy, shipments)


def test_from_the_notice_on_a_late_declaration_on_the_buyer_is_refused():
    user, policy, limit, shipments = overdue_setup()
    late = declaration_services.DeclarationInput(
        policy_id=policy.pk,
        buyer_id=limit.buyer_id,
        invoice_number="LATE-0001",
        shipment_date=today() - timedelta(days=30),
        currency="USD",
        amount=Decimal("1000"),
        payment_term="OA",
        credit_days=60,
        hs_code="940360",
    )
    before = declaration_services.declaration_check(actor=user, data=late)
    assert before.outcome == "covered" and before.late  # flagged only, before the notice
    file_notice(user, policy, shipments)
    assert buyer_has_loss_notice(policy.pk, limit.buyer_id)
    with pytest.raises(NotCovered) as err:
        declaration_services.declaration_create(actor=user, data=late)
    assert err.value.code == "late_after_loss_notice"


def test_from_the_notice_on_an_on_time_declaration_on_the_buyer_gets_no_cover():
    user, policy, limit, shipments = overdue_setup()
    file_notice(user, policy, shipments)
    timely = declaration_services.DeclarationInput(
        policy_id=policy.pk,
        buyer_id=limit.buyer_id,
        invoice_number="NEW-0001",
        shipment_date=today() - timedelta(days=1),
        currency="USD",
        amount=Decimal("1000"),
        payment_term="OA",
        credit_days=60,
        hs_code="940360",
    )
    with pytest.raises(NotCovered) as err:
        declaration_services.declaration_create(actor=user, data=timely)
    assert err.value.code == "buyer_under_loss_notice"


def test_a_withdrawn_notice_stops_blocking_the_buyer():
    user, policy, limit, shipments = overdue_setup()
    notice = file_notice(user, policy, shipments)
    with pytest.raises(DomainError):
        services.possible_loss_notice_withdraw(actor=user, notice_id=notice.pk, reason="")
    services.possible_loss_notice_withdraw(actor=user, notice_id=notice.pk, reason="The buyer paid.")
    assert not buyer_has_loss_notice(policy.pk, limit.buyer_id)


def test_the_officer_acknowledges_and_the_insured_is_told_the_claim_deadline(officer):
    user, policy, limit, shipments = overdue_setup()
    notice = file_notice(user, policy, shipments)
    with pytest.raises(NotAllowed):
        services.possible_loss_notice_acknowledge(actor=user, notice_id=notice.pk)
    services.possible_loss_notice_acknowledge(actor=officer, notice_id=notice.pk)
    notice.refresh_from_db()
    assert notice.status == "acknowledged" and notice.acknowledged_by == officer
    note = Notification.objects.get(user=user, kind="loss_notice_acknowledged")
    assert notice.claim_deadline.isoformat() in note.heading()
    services.possible_loss_notice_close(actor=officer, notice_id=notice.pk, reason="Buyer paid in full.")
    notice.refresh_from_db()
    assert notice.status == "closed"
    # closed without a claim (the buyer paid after all): the buyer takes cover again, as after a withdrawal
    assert not buyer_has_loss_notice(policy.pk, limit.buyer_id)
