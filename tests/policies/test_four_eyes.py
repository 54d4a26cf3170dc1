"""Confirming a policy application commits the insured (issue 17 item 4): with four-eyes on, the
drafter's confirmation waits and only another reviewer confirms it, through the pages or the API;
a clerk's confirmation waits for a reviewer even with four-eyes off; without any duty, a 403
names the missing one. The application moves to "submitted" once, by the approver."""

from decimal import Decimal

import pytest

from policies import services
from policies.models import PolicyApplication
from sinosure_portal.accounts.models import ActRecord
from sinosure_portal.audit.models import AuditEvent
from tests.factories import ExporterFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def application(exporter):
    a = services.policy_application_create(
        actor=exporter,
        product="COMPREHENSIVE",
        data={
            "contact_name": "王丽",
            "contact_phone": "0532-1",
            "estimated_turnover_usd": Decimal("1500000.00"),
        },
    )
    services.policy_application_consent(application_id=a.pk, actor=exporter, ip=None)
    services.policy_application_sign(
        application_id=a.pk, actor=exporter, signer_name="王丽", signer_title="经理", ip=None
    )
    return a


@pytest.fixture
def reviewer(exporter):
    return ExporterFactory(username="reviewer", organisation=exporter.organisation)


def _four_eyes(user):
    user.organisation.four_eyes = True
    user.organisation.save()


def _submitted_events(application) -> int:
    return AuditEvent.objects.filter(
        object_id=str(application.pk), action="policy_application.submitted"
    ).count()


def test_four_eyes_the_drafter_waits_and_cannot_approve_by_api_or_page(
    api_for, client_for, exporter, reviewer, exporter2, application
):
    _four_eyes(exporter)
    answer = api_for(exporter).post(f"/api/v1/policies/applications/{application.pk}/submit/")
    assert answer.status_code == 202, answer.json()
    body = answer.json()
    assert body["state"] == "pending" and body["kind"] == "policies.application_confirm"
    assert body["drafted_by"] == "exporter" and body["four_eyes"] is True
    application.refresh_from_db()
    assert application.status == PolicyApplication.Status.DRAFT and _submitted_events(application) == 0

    own_api = api_for(exporter).post(f"/api/v1/acts/{body['id']}/approve/", {}, format="json")
    assert own_api.status_code == 403 and own_api.json()["code"] == "four_eyes"
    own_page = client_for(exporter).post(f"/accounts/approvals/{body['id']}/approve/")
    assert own_page.status_code == 403
    assert (
        api_for(exporter2).post(f"/api/v1/acts/{body['id']}/approve/", {}, format="json").status_code == 404
    )
    application.refresh_from_db()
    assert application.status == PolicyApplication.Status.DRAFT

    approved = api_for(reviewer).post(f"/api/v1/acts/{body['id']}/approve/", {}, format="json")
    assert approved.status_code == 200 and approved.json()["approved_by"] == "reviewer"
    again = api_for(reviewer).post(f"/api/v1/acts/{body['id']}/approve/", {}, format="json")
    assert again.status_code == 200
    application.refresh_from_db()
    assert application.status == PolicyApplication.Status.SUBMITTED
    assert _submitted_events(application) == 1
    event = AuditEvent.objects.get(object_id=str(application.pk), action="policy_application.submitted")
    assert event.actor == reviewer
    act = ActRecord.objects.get(pk=body["id"])
    assert (act.drafted_by, act.approved_by, act.result) == (exporter, reviewer, application)


def test_a_clerk_confirms_for_a_reviewer_and_the_reviewer_approves_on_the_page(
    client_for, exporter, application
):
    clerk = ExporterFactory(
        username="clerk", organisation=exporter.organisation, duty_reviewer=False, duty_esigner=False
    )
    page = client_for(clerk).post(f"/policies/applications/{application.pk}/submit/", follow=True)
    assert page.status_code == 200 and "Sent for approval" in page.content.decode()
    application.refresh_from_db()
    assert application.status == PolicyApplication.Status.DRAFT
    act = ActRecord.objects.get(kind="policies.application_confirm", state="pending")
    assert act.drafted_by == clerk and not act.four_eyes
    approvals = client_for(exporter).get("/accounts/approvals/").content.decode()
    assert f'data-testid="approve-{act.pk}"' in approvals and "Confirming a policy application" in approvals
    client_for(exporter).post(f"/accounts/approvals/{act.pk}/approve/")
    application.refresh_from_db()
    assert application.status == PolicyApplication.Status.SUBMITTED and _submitted_events(application) == 1


def test_four_eyes_off_a_reviewer_confirms_alone_and_the_act_is_recorded(api_for, exporter, application):
    answer = api_for(exporter).post(f"/api/v1/policies/applications/{application.pk}/submit/")
    assert answer.status_code == 200 and answer.json()["status"] == "submitted"
    act = ActRecord.objects.get(kind="policies.application_confirm")
    assert act.state == "approved" and act.drafted_by == exporter and act.approved_by == exporter


def test_without_a_duty_the_page_and_the_api_say_which_one_is_missing(
    api_for, client_for, exporter, application
):
    nobody = ExporterFactory(
        organisation=exporter.organisation, duty_data_entry=False, duty_reviewer=False, duty_esigner=False
    )
    answer = api_for(nobody).post(f"/api/v1/policies/applications/{application.pk}/submit/")
    assert answer.status_code == 403 and answer.json()["code"] == "duty_missing"
    assert "Reviewer" in answer.json()["message"]
    page = client_for(nobody).post(f"/policies/applications/{application.pk}/submit/")
    assert page.status_code == 403 and "Reviewer" in page.content.decode()
    application.refresh_from_db()
    assert application.status == PolicyApplication.Status.DRAFT and not ActRecord.objects.exists()


def test_an_incomplete_application_is_refused_when_drafted_not_when_approved(api_for, exporter):
    _four_eyes(exporter)
    draft = services.policy_application_create(
        actor=exporter,
        product="COMPREHENSIVE",
        data={
            "contact_name": "王丽",
            "contact_phone": "0532-1",
            "estimated_turnover_usd": Decimal("1500000.00"),
        },
    )
    answer = api_for(exporter).post(f"/api/v1/policies/applications/{draft.pk}/submit/")
    assert answer.status_code == 400 and answer.json()["code"] == "consent_required"
    assert not ActRecord.objects.exists()
