"""Declaring one shipment: covered, partly covered, refused with each reason; premium, due date,
late flag; the limit's exposure; SME and micro policies do not declare."""

from datetime import timedelta
from decimal import Decimal

import pytest

from declarations.models import ShipmentDeclaration
from declarations.selectors import register_loss_notice_check, unregister_loss_notice_check
from declarations.services import DeclarationInput, declaration_check, declaration_create
from limits.models import CreditLimit, CreditLimitChange
from sinosure_portal.audit.models import AuditEvent
from sinosure_portal.base.errors import DomainError, NotAllowed
from sinosure_portal.workdays.calendar import today
from tests.factories import ExporterFactory
from tests.factories.declarations import declaring_setup
from tests.factories.policies import MicroPolicyFactory, PolicyFactory

pytestmark = pytest.mark.django_db


def _input(policy, limit, **kw):
    data = {
        "policy_id": policy.pk,
        "buyer_id": limit.buyer_id,
        "invoice_number": "INV-1",
        "shipment_date": today() - timedelta(days=3),
        "currency": "USD",
        "amount": Decimal("40000.00"),
        "payment_term": "OA",
        "credit_days": 90,
        "hs_code": "940360",
        "description": "wooden furniture",
    }
    data.update(kw)
    return DeclarationInput(**data)


def test_covered_in_full_with_premium_due_date_and_audit():
    user, policy, limit = declaring_setup()
    d = declaration_create(actor=user, data=_input(policy, limit))
    assert d.status == ShipmentDeclaration.Status.COVERED
    assert d.covered_usd == d.exposure_usd == Decimal("40000.00")
    assert d.due_date == d.shipment_date + timedelta(days=90)
    assert d.premium_rate > 0 and d.premium_usd == (Decimal("40000") * d.premium_rate).quantize(
        Decimal("0.01")
    )
    assert d.destination_id == limit.buyer.country_id
    limit.refresh_from_db()
    assert limit.exposure_usd == Decimal("40000.00") and limit.last_used_at is not None
    event = AuditEvent.objects.get(object_id=str(d.pk), action="shipment_declaration.covered")
    assert event.actor == user and event.to_state == "covered"


def test_partly_covered_when_only_part_fits_and_refused_when_nothing_does():
    user, policy, limit = declaring_setup(amount=Decimal("50000"))
    declaration_create(actor=user, data=_input(policy, limit))
    part = declaration_create(actor=user, data=_input(policy, limit, invoice_number="INV-2"))
    assert part.status == ShipmentDeclaration.Status.PARTLY_COVERED
    assert part.covered_usd == Decimal("10000.00")
    assert "10000.00" in part.reason_message and "40000.00" in part.reason_message
    with pytest.raises(DomainError) as refused:
        declaration_create(actor=user, data=_input(policy, limit, invoice_number="INV-3"))
    assert refused.value.code == "limit_exhausted"
    assert not ShipmentDeclaration.objects.filter(invoice_number="INV-3").exists()
    limit.refresh_from_db()
    assert limit.exposure_usd == Decimal("50000.00")


def test_amounts_in_other_currencies_convert_at_the_shipment_dates_rate():
    user, policy, limit = declaring_setup()
    d = declaration_create(actor=user, data=_input(policy, limit, currency="EUR", amount=Decimal("1000.00")))
    assert (
        d.rate_used == Decimal("1.1")
        and d.amount_usd == Decimal("1100.00")
        and d.amount == Decimal("1000.00")
    )


def test_a_missing_rate_refuses_with_a_clear_message():
    user, policy, limit = declaring_setup()
    with pytest.raises(DomainError) as error:
        declaration_create(actor=user, data=_input(policy, limit, currency="GBP"))
    assert error.value.code == "rate_missing" and "GBP" in error.value.message
    assert error.value.field == "currency"


@pytest.mark.parametrize(
    ("change", "code", "field"),
    [
        ({"payment_term": "DP"}, "payment_term", "payment_term"),
        ({"credit_days": 121}, "credit_period", "credit_days"),
        ({"shipment_date": "before"}, "before_effective_date", "shipment_date"),
    ],
)
def test_each_limit_rule_refuses_with_its_own_reason(change, code, field):
    user, policy, limit = declaring_setup(effective_date=today() - timedelta(days=10))
    if change.get("shipment_date") == "before":
        change = {"shipment_date": today() - timedelta(days=11)}
    with pytest.raises(DomainError) as error:
        declaration_create(actor=user, data=_input(policy, limit, **change))
    assert (error.value.code, error.value.field) == (code, field)
    limit.refresh_from_db()
    assert limit.exposure_usd == 0


def test_no_limit_on_the_buyer_is_refused():
    user, policy, limit = declaring_setup()
    other_policy_limit = declaring_setup(user=ExporterFactory())[2]
    with pytest.raises(DomainError) as error:
        declaration_create(actor=user, data=_input(policy, limit, buyer_id=other_policy_limit.buyer_id))
    assert error.value.code == "no_limit"


def test_a_cancellation_keeps_cover_for_earlier_shipments_only():
    user, policy, limit = declaring_setup()
    notice = today() - timedelta(days=5)
    CreditLimit.objects.filter(pk=limit.pk).update(status=CreditLimit.Status.CANCELLED)
    CreditLimitChange.objects.create(
        limit=limit,
        kind=CreditLimitChange.Kind.CANCELLED,
        notice_date=notice,
        applies_from=notice + timedelta(days=1),
        amount_before_usd=limit.amount_usd,
        amount_after_usd=0,
        payment_terms_after=limit.payment_terms,
        max_credit_period_after=limit.max_credit_period_days,
    )
    before = declaration_create(actor=user, data=_input(policy, limit, shipment_date=notice))
    assert before.covered_usd == Decimal("40000.00")
    with pytest.raises(DomainError) as error:
        declaration_create(
            actor=user, data=_input(policy, limit, invoice_number="LATE", shipment_date=today())
        )
    assert error.value.code in {"no_limit", "limit_ended"}


def test_the_same_invoice_is_never_declared_twice():
    user, policy, limit = declaring_setup()
    declaration_create(actor=user, data=_input(policy, limit))
    with pytest.raises(DomainError) as error:
        declaration_create(actor=user, data=_input(policy, limit))
    assert error.value.code == "already_declared"
    assert ShipmentDeclaration.objects.count() == 1


def test_a_late_declaration_is_flagged_and_refused_under_a_loss_notice():
    user, policy, limit = declaring_setup()
    shipped = today() - timedelta(days=20)
    late = declaration_create(actor=user, data=_input(policy, limit, shipment_date=shipped))
    assert late.late and late.declaration_deadline == shipped + timedelta(days=15)

    def notice_on_this_buyer(policy_id, buyer_ids):
        return {limit.buyer_id} if policy_id == policy.pk else set()

    register_loss_notice_check(notice_on_this_buyer)
    try:
        with pytest.raises(DomainError) as error:
            declaration_create(
                actor=user, data=_input(policy, limit, invoice_number="L2", shipment_date=shipped)
            )
        assert error.value.code == "late_after_loss_notice"
        # in time too: from the notice on, the buyer's limit takes no new cover (claims issue)
        with pytest.raises(DomainError) as error:
            declaration_create(actor=user, data=_input(policy, limit, invoice_number="L3"))
        assert error.value.code == "buyer_under_loss_notice"
    finally:
        unregister_loss_notice_check(notice_on_this_buyer)


def test_check_answers_without_declaring_or_reserving():
    user, policy, limit = declaring_setup(amount=Decimal("30000"))
    answer = declaration_check(actor=user, data=_input(policy, limit))
    assert answer.outcome == "partly_covered" and answer.covered_usd == Decimal("30000")
    assert answer.premium_usd > 0 and answer.due_date and answer.reason_code == "limit_full"
    assert not ShipmentDeclaration.objects.exists()
    limit.refresh_from_db()
    assert limit.exposure_usd == 0


@pytest.mark.parametrize("factory", [MicroPolicyFactory, lambda **kw: PolicyFactory(product="SME", **kw)])
def test_sme_and_micro_policies_do_not_declare(factory):
    user, _policy, limit = declaring_setup()
    small = factory(organisation=user.organisation)
    with pytest.raises(DomainError) as error:
        declaration_create(actor=user, data=_input(small, limit))
    assert error.value.code == "policy_does_not_declare"
    assert "do not declare" in error.value.message


def test_another_organisations_policy_is_not_found_and_insurer_staff_cannot_declare(underwriter):
    user, policy, limit = declaring_setup()
    with pytest.raises(DomainError) as error:
        declaration_create(actor=ExporterFactory(), data=_input(policy, limit))
    assert error.value.code == "policy_not_found"
    with pytest.raises(NotAllowed):
        declaration_create(actor=underwriter, data=_input(policy, limit))


def test_shipments_in_the_future_or_outside_the_policy_are_refused():
    user, policy, limit = declaring_setup()
    with pytest.raises(DomainError) as error:
        declaration_create(actor=user, data=_input(policy, limit, shipment_date=today() + timedelta(days=1)))
    assert error.value.code == "shipment_in_future"
    with pytest.raises(DomainError) as error:
        declaration_create(
            actor=user, data=_input(policy, limit, shipment_date=policy.period_start - timedelta(days=1))
        )
    assert error.value.code == "outside_policy_period"


def test_goods_need_an_hs_code_or_a_service_description():
    user, policy, limit = declaring_setup()
    with pytest.raises(DomainError) as error:
        declaration_create(actor=user, data=_input(policy, limit, hs_code="", description=""))
    assert error.value.code == "description_needed"
    service = declaration_create(
        actor=user, data=_input(policy, limit, hs_code="", description="software maintenance")
    )
    assert service.is_service


def test_a_possible_loss_notice_in_the_claims_app_refuses_late_declarations_on_that_buyer():
    from claims.models import PossibleLossNotice
    from declarations.selectors import buyer_has_loss_notice

    user, policy, limit = declaring_setup()
    notice = PossibleLossNotice.objects.create(
        policy=policy,
        organisation=policy.organisation,
        buyer=limit.buyer,
        cause="buyer_default",
        event_date=today() - timedelta(days=5),
        amount_at_risk_usd=Decimal("1000"),
        description="unpaid",
        notified_on=today(),
        deadline=today() + timedelta(days=25),
        deadline_basis="calendar",
        deadline_rule="due date + 30 days",
        claim_deadline=today() + timedelta(days=120),
    )
    assert buyer_has_loss_notice(policy.pk, limit.buyer_id)
    shipped = today() - timedelta(days=20)
    with pytest.raises(DomainError) as error:
        declaration_create(actor=user, data=_input(policy, limit, shipment_date=shipped))
    assert error.value.code == "late_after_loss_notice"
    notice.status = PossibleLossNotice.Status.CLOSED  # the buyer paid after all
    notice.save()
    assert not buyer_has_loss_notice(policy.pk, limit.buyer_id)
    assert declaration_create(actor=user, data=_input(policy, limit, shipment_date=shipped)).late
