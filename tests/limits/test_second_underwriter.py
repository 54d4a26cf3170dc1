"""A second underwriter for large limit decisions (issue 17 item 4): approving more than
PORTAL_LIMIT_SECOND_APPROVAL_USD is proposed by one underwriter and granted only when another one
approves it, through the pages or the API; the proposer can never approve it; the limit is granted
once. A decision of exactly the amount, or less, is taken at once as before."""

from decimal import Decimal

import pytest

from limits.models import CreditLimit, CreditLimitApplication
from sinosure_portal.accounts.models import ActRecord
from sinosure_portal.audit.models import AuditEvent
from tests.factories import UnderwriterFactory
from tests.factories.limits import CreditLimitApplicationFactory
from tests.factories.policies import PolicyFactory

pytestmark = pytest.mark.django_db
THRESHOLD = Decimal("1000000")


@pytest.fixture(autouse=True)
def _media(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    settings.PORTAL_LIMIT_SECOND_APPROVAL_USD = THRESHOLD


@pytest.fixture
def application(exporter):
    return CreditLimitApplicationFactory(
        policy=PolicyFactory(organisation=exporter.organisation), amount_requested_usd=Decimal("2000000")
    )


@pytest.fixture
def second(insurer):
    return UnderwriterFactory(username="second", organisation=insurer)


def _decision(amount: str) -> dict:
    return {"amount_usd": amount, "credit_period_days": 90, "payment_terms": ["OA"], "reason": "财务稳健"}


def test_the_default_amount_is_one_million_usd():
    from sinosure_portal import settings_acts

    assert Decimal("1000000") == settings_acts.PORTAL_LIMIT_SECOND_APPROVAL_USD


def test_above_the_amount_the_proposer_waits_and_cannot_approve_and_a_second_underwriter_grants_once(
    api_for, client_for, underwriter, second, exporter, application
):
    answer = api_for(underwriter).post(
        f"/api/v1/limits/applications/{application.pk}/approve/", _decision("1500000.00"), format="json"
    )
    assert answer.status_code == 202, answer.json()
    act_id = answer.json()["id"]
    assert answer.json()["kind"] == "limits.application_approve" and answer.json()["four_eyes"] is True
    assert Decimal(answer.json()["amount_usd"]) == Decimal("1500000")
    application.refresh_from_db()
    assert application.is_pending and not CreditLimit.objects.exists()

    own_api = api_for(underwriter).post(f"/api/v1/acts/{act_id}/approve/", {}, format="json")
    assert own_api.status_code == 403 and own_api.json()["code"] == "four_eyes"
    own_page = client_for(underwriter).post(f"/accounts/approvals/{act_id}/approve/")
    assert own_page.status_code == 403
    # the insured never sees the insurer's acts
    assert api_for(exporter).get(f"/api/v1/acts/{act_id}/").status_code == 404
    assert not CreditLimit.objects.exists()

    listed = client_for(second).get("/accounts/approvals/").content.decode()
    assert f'data-testid="approve-{act_id}"' in listed and "USD 1,500,000.00" in listed
    page = client_for(second).post(f"/accounts/approvals/{act_id}/approve/")
    assert page.status_code == 302
    again = api_for(second).post(f"/api/v1/acts/{act_id}/approve/", {}, format="json")
    assert again.status_code == 200
    limit = CreditLimit.objects.get()
    assert limit.amount_usd == Decimal("1500000")
    application.refresh_from_db()
    assert application.status == CreditLimitApplication.Status.PARTLY_APPROVED
    assert application.decided_by == second
    act = ActRecord.objects.get(pk=act_id)
    assert (act.drafted_by, act.approved_by, act.state) == (underwriter, second, "approved")
    decided = AuditEvent.objects.filter(object_id=str(application.pk), to_state="partly_approved")
    assert [e.actor for e in decided] == [second]


@pytest.mark.parametrize("amount", ["1000000.00", "200000.00"])
def test_up_to_the_amount_one_underwriter_decides_at_once(api_for, underwriter, application, amount):
    answer = api_for(underwriter).post(
        f"/api/v1/limits/applications/{application.pk}/approve/", _decision(amount), format="json"
    )
    assert answer.status_code == 200, answer.json()
    assert CreditLimit.objects.get().amount_usd == Decimal(amount)
    assert not ActRecord.objects.exists()


def test_on_the_page_the_proposal_waits_and_a_bad_one_is_refused_at_once(
    client_for, underwriter, application
):
    page = client_for(underwriter).post(
        f"/limits/applications/{application.pk}/decide/",
        {**_decision("1500000"), "decision": "approve"},
        follow=True,
    )
    assert page.status_code == 200 and "Sent for approval" in page.content.decode()
    assert ActRecord.objects.filter(state="pending").count() == 1 and not CreditLimit.objects.exists()
    # more than asked for is refused when proposed, not when approved
    other = CreditLimitApplicationFactory(policy=application.policy, amount_requested_usd=Decimal("1200000"))
    refused = client_for(underwriter).post(
        f"/limits/applications/{other.pk}/decide/", {**_decision("1500000"), "decision": "approve"}
    )
    assert refused.status_code == 400 and ActRecord.objects.count() == 1


def test_the_second_underwriter_may_reject_the_proposal_and_nothing_is_granted(
    api_for, underwriter, second, application
):
    act_id = (
        api_for(underwriter)
        .post(f"/api/v1/limits/applications/{application.pk}/approve/", _decision("1500000"), format="json")
        .json()["id"]
    )
    rejected = api_for(second).post(f"/api/v1/acts/{act_id}/reject/", {"reason": "太高"}, format="json")
    assert rejected.status_code == 200 and rejected.json()["state"] == "rejected"
    assert api_for(second).post(f"/api/v1/acts/{act_id}/approve/", {}, format="json").status_code == 400
    application.refresh_from_db()
    assert application.is_pending and not CreditLimit.objects.exists()
