"""Submitting a claim commits the insured (issue 17 item 4): with four-eyes on, the drafter's claim
waits and only another reviewer files it, through the pages or the API; a clerk's claim waits for a
reviewer; without a duty, a 403 names it. The claim is filed once, by the approver."""

from datetime import timedelta

import pytest
from django.urls import reverse

from claims.models import Claim
from sinosure_portal.accounts.models import ActRecord
from sinosure_portal.audit.models import AuditEvent
from sinosure_portal.workdays.calendar import today
from tests.factories import BuyerFactory, ExporterFactory
from tests.factories.claims import file_notice, overdue_setup

pytestmark = pytest.mark.django_db
API = "/api/v1/claims"


@pytest.fixture
def case():
    user, policy, limit, shipments = overdue_setup()
    notice = file_notice(user, policy, shipments)
    reviewer = ExporterFactory(username="reviewer", organisation=user.organisation)
    return user, reviewer, notice


def _four_eyes(user):
    user.organisation.four_eyes = True
    user.organisation.save()


def test_four_eyes_the_drafter_cannot_file_alone_nor_approve_and_another_reviewer_files_once(
    api_for, client_for, case, exporter2
):
    drafter, reviewer, notice = case
    _four_eyes(drafter)
    answer = api_for(drafter).post(f"{API}/", {"notice": notice.pk, "description": "Unpaid."}, format="json")
    assert answer.status_code == 202, answer.json()
    act_id = answer.json()["id"]
    assert answer.json()["kind"] == "claims.claim_file" and answer.json()["state"] == "pending"
    assert not Claim.objects.exists()
    # the drafter: 403 by API and by page; another organisation: 404; nothing filed
    own = api_for(drafter).post(f"/api/v1/acts/{act_id}/approve/", {}, format="json")
    assert own.status_code == 403 and own.json()["code"] == "four_eyes"
    assert client_for(drafter).post(f"/accounts/approvals/{act_id}/approve/").status_code == 403
    assert api_for(exporter2).post(f"/api/v1/acts/{act_id}/approve/", {}, format="json").status_code == 404
    assert not Claim.objects.exists()
    # a second draft of the same notice cannot wait beside the first
    twice = api_for(reviewer).post(f"{API}/", {"notice": notice.pk}, format="json")
    assert twice.status_code == 409 and twice.json()["code"] == "act_pending"
    assert ActRecord.objects.filter(state="pending").count() == 1
    # the reviewer approves on the page: the claim is filed then, once, with the drafter's words
    page = client_for(reviewer).post(f"/accounts/approvals/{act_id}/approve/")
    assert page.status_code == 302
    client_for(reviewer).post(f"/accounts/approvals/{act_id}/approve/")
    claim = Claim.objects.get()
    assert claim.notice_id == notice.pk and claim.description == "Unpaid." and claim.created_by == reviewer
    assert AuditEvent.objects.filter(action="claim.submitted", object_id=str(claim.pk)).count() == 1
    act = ActRecord.objects.get(pk=act_id)
    assert (act.state, act.drafted_by, act.approved_by, act.result) == ("approved", drafter, reviewer, claim)


def test_a_clerk_files_on_the_page_for_a_reviewer(client_for, case):
    drafter, reviewer, notice = case
    clerk = ExporterFactory(organisation=drafter.organisation, duty_reviewer=False, duty_esigner=False)
    page = client_for(clerk).post(
        reverse("claims:claim-from-notice", args=[notice.pk]), {"description": "x"}, follow=True
    )
    assert page.status_code == 200 and "Sent for approval" in page.content.decode()
    assert not Claim.objects.exists()
    act = ActRecord.objects.get(state="pending")
    answer_as_clerk = client_for(clerk).post(f"/accounts/approvals/{act.pk}/approve/")
    assert answer_as_clerk.status_code == 403 and "Reviewer" in answer_as_clerk.content.decode()
    client_for(reviewer).post(f"/accounts/approvals/{act.pk}/approve/")
    assert Claim.objects.get().created_by == reviewer


def test_without_a_duty_a_403_names_it_and_four_eyes_off_files_at_once(api_for, case):
    drafter, reviewer, notice = case
    nobody = ExporterFactory(
        organisation=drafter.organisation, duty_data_entry=False, duty_reviewer=False, duty_esigner=False
    )
    refused = api_for(nobody).post(f"{API}/", {"notice": notice.pk}, format="json")
    assert refused.status_code == 403 and "Reviewer" in refused.json()["message"]
    filed = api_for(drafter).post(f"{API}/", {"notice": notice.pk}, format="json")
    assert filed.status_code == 201
    act = ActRecord.objects.get()
    assert act.state == "approved" and act.drafted_by == act.approved_by == drafter
    assert act.result == Claim.objects.get()


def test_a_direct_claim_waits_for_a_second_reviewer_and_keeps_its_invoices(api_for):
    from tests.factories.claims import micro_setup

    user, policy = micro_setup()
    reviewer = ExporterFactory(organisation=user.organisation)
    _four_eyes(user)
    buyer = BuyerFactory()
    body = {
        "policy": policy.pk,
        "buyer": buyer.pk,
        "cause": "buyer_insolvency",
        "event_date": (today() - timedelta(days=2)).isoformat(),
        "description": "Bankrupt.",
        "invoices": [
            {
                "invoice_number": "M-77",
                "shipment_date": (today() - timedelta(days=60)).isoformat(),
                "due_date": (today() + timedelta(days=30)).isoformat(),
                "currency": "USD",
                "amount": "12000.50",
            }
        ],
    }
    answer = api_for(user).post(f"{API}/direct/", body, format="json")
    assert answer.status_code == 202, answer.json()
    assert not Claim.objects.exists()
    done = api_for(reviewer).post(f"/api/v1/acts/{answer.json()['id']}/approve/", {}, format="json")
    assert done.status_code == 200
    claim = Claim.objects.get()
    line = claim.lines.get()
    assert claim.buyer_id == buyer.pk and line.invoice_number == "M-77" and str(line.amount) == "12000.50"
