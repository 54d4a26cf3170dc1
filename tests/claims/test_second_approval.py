"""Four eyes on large payouts (OWASP ASVS 2.3.5): an indemnity above PORTAL_INDEMNITY_SECOND_APPROVAL_USD
(USD 500,000 by default) is paid only after a second claims officer, not the one who decided, has
approved it; at the threshold itself one officer is enough."""

from decimal import Decimal

import pytest

from claims import rules, services
from claims.models import Claim, IndemnityPayment
from sinosure_portal.audit.models import AuditEvent
from sinosure_portal.base.errors import DomainError, NotAllowed
from sinosure_portal.notifications.models import Notification
from tests.factories import ClaimsOfficerFactory
from tests.factories.claims import filed_claim, walk

pytestmark = pytest.mark.django_db
D = Decimal
C = Claim.Status


def ready_to_pay(officer, indemnity: Decimal | None = None) -> Claim:
    """A claim decided by ``officer`` with its receipts in. The walk decides USD 90,000; a test that
    needs a given amount sets the decided indemnity on the row (the threshold is what is tested)."""
    user, claim = filed_claim()
    claim = walk(claim, insured=user, officer=officer, to="receipt_returned")
    assert claim.decided_by_id == officer.pk and claim.indemnity_usd == D("90000.00")
    if indemnity is not None:
        Claim.objects.filter(pk=claim.pk).update(indemnity_usd=indemnity)
        claim.refresh_from_db()
    return claim


@pytest.fixture
def second(insurer):
    return ClaimsOfficerFactory(username="second-officer", organisation=insurer)


def test_the_rule_is_strictly_above_the_threshold():
    assert rules.needs_second_approval(D("500000.01"), D("500000"))
    assert not rules.needs_second_approval(D("500000.00"), D("500000"))


def test_500000_01_needs_a_second_officer_who_is_not_the_decider(officer, second):
    claim = ready_to_pay(officer, D("500000.01"))
    assert services.needs_second_approval(claim)
    with pytest.raises(DomainError) as refused:
        services.indemnity_pay(actor=officer, claim_id=claim.pk)
    assert (refused.value.code, refused.value.status_code) == ("second_approval_required", 409)
    with pytest.raises(NotAllowed) as same:
        services.indemnity_payment_approve(actor=officer, claim_id=claim.pk)
    assert (same.value.code, same.value.status_code) == ("second_approver_is_decider", 403)
    assert not IndemnityPayment.objects.filter(claim=claim).exists()

    claim = services.indemnity_payment_approve(actor=second, claim_id=claim.pk, note="checked the file")
    assert claim.status == C.PAYMENT_APPROVED and claim.payment_approved_by == second
    event = AuditEvent.objects.get(action="claim.payment_approved", object_id=str(claim.pk))
    assert (event.from_state, event.to_state, event.actor, event.reason) == (
        C.RECEIPT_RETURNED,
        C.PAYMENT_APPROVED,
        second,
        "checked the file",
    )
    payment = services.indemnity_pay(actor=officer, claim_id=claim.pk)
    assert payment.amount_usd == D("500000.01")
    claim.refresh_from_db()
    assert claim.status == C.PAID
    assert AuditEvent.objects.filter(
        action="claim.paid", object_id=str(claim.pk), from_state=C.PAYMENT_APPROVED
    ).exists()


def test_500000_00_is_paid_by_one_officer(officer):
    claim = ready_to_pay(officer, D("500000.00"))
    assert not services.needs_second_approval(claim)
    with pytest.raises(DomainError) as not_needed:
        services.indemnity_payment_approve(actor=ClaimsOfficerFactory(), claim_id=claim.pk)
    assert (not_needed.value.code, not_needed.value.status_code) == ("second_approval_not_needed", 409)
    payment = services.indemnity_pay(actor=officer, claim_id=claim.pk)
    assert payment.amount_usd == D("500000.00")


def test_the_threshold_is_a_setting(officer, second, settings):
    settings.PORTAL_INDEMNITY_SECOND_APPROVAL_USD = D("50000")
    claim = ready_to_pay(officer)  # USD 90,000 > 50,000
    with pytest.raises(DomainError, match="second claims officer"):
        services.indemnity_pay(actor=officer, claim_id=claim.pk)
    services.indemnity_payment_approve(actor=second, claim_id=claim.pk)
    assert services.indemnity_pay(actor=second, claim_id=claim.pk).amount_usd == D("90000.00")


def test_only_a_claims_officer_approves(officer, underwriter):
    claim = ready_to_pay(officer, D("600000.00"))
    with pytest.raises(NotAllowed):
        services.indemnity_payment_approve(actor=underwriter, claim_id=claim.pk)


def test_the_api_approves_and_refuses_with_clear_codes(officer, second, api_for):
    claim = ready_to_pay(officer, D("500000.01"))
    pay = api_for(officer).post(f"/api/v1/claims/{claim.pk}/pay/", {}, format="json")
    assert pay.status_code == 409 and pay.json()["code"] == "second_approval_required"
    same = api_for(officer).post(f"/api/v1/claims/{claim.pk}/approve-payment/", {}, format="json")
    assert same.status_code == 403 and same.json()["code"] == "second_approver_is_decider"
    detail = api_for(second).get(f"/api/v1/claims/{claim.pk}/").json()
    assert detail["needs_second_approval"] is True and detail["payment_approved_by"] is None
    ok = api_for(second).post(f"/api/v1/claims/{claim.pk}/approve-payment/", {"note": "ok"}, format="json")
    assert ok.status_code == 200
    assert (
        ok.json()["claim"]["status"] == "payment_approved"
        and ok.json()["payment_approved_by"] == "second-officer"
    )
    paid = api_for(officer).post(f"/api/v1/claims/{claim.pk}/pay/", {}, format="json")
    assert paid.status_code == 200 and paid.json()["claim"]["status"] == "paid"


def test_the_page_shows_the_approval_button_to_the_second_officer_only(officer, second, client):
    claim = ready_to_pay(officer, D("500000.01"))
    url = f"/claims/{claim.pk}/"
    client.force_login(officer)
    page = client.get(url).content.decode()
    assert 'data-testid="second-approval-not-you"' in page and 'data-testid="action-pay"' not in page
    client.post(f"/claims/{claim.pk}/action/", {"action": "approve_payment"})
    claim.refresh_from_db()
    assert claim.status == C.RECEIPT_RETURNED  # refused: the decider

    client.force_login(second)
    page = client.get(url).content.decode()
    assert 'data-testid="action-approve-payment"' in page
    client.post(f"/claims/{claim.pk}/action/", {"action": "approve_payment"})
    claim.refresh_from_db()
    assert claim.status == C.PAYMENT_APPROVED
    page = client.get(url).content.decode()
    assert 'data-testid="payment-approved"' in page and 'data-testid="action-pay"' in page


def test_the_other_officers_are_asked_to_approve(officer, second, settings):
    settings.PORTAL_INDEMNITY_SECOND_APPROVAL_USD = D("50000")
    claim = ready_to_pay(officer)  # USD 90,000: the receipts confirmed by the decider
    asked = Notification.objects.filter(kind="indemnity_second_approval")
    assert set(asked.values_list("user", flat=True)) == {second.pk}
    assert claim.number in asked.get().heading()


def test_a_small_indemnity_asks_nobody(officer, second):
    ready_to_pay(officer)  # USD 90,000 under the default USD 500,000
    assert not Notification.objects.filter(kind="indemnity_second_approval").exists()
