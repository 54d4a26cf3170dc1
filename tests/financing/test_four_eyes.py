"""Signing an indemnity assignment commits the exporter and the bank (issue 17 item 4): with
four-eyes on, the drafter's signature waits and only another e-signer signs, through the pages or
the API; without the duty, a 403 names it. The agreement is signed once, by the approver."""

import pytest

from financing.models import IndemnityAssignment
from sinosure_portal.accounts.models import ActRecord
from sinosure_portal.audit.models import AuditEvent
from sinosure_portal.workdays.calendar import today
from tests.factories import BankOfficerFactory, ExporterFactory
from tests.factories.financing import financing_setup

pytestmark = pytest.mark.django_db
API = "/api/v1/financing"


def _four_eyes(user):
    user.organisation.four_eyes = True
    user.organisation.save()


def _proposal(setup) -> dict:
    return {
        "policy": setup.policy.pk,
        "bank": setup.bank.pk,
        "effective_date": today().isoformat(),
        "whole_policy": False,
        "buyers": [setup.limit.buyer_id],
        "financing_ratio": "0.8000",
        "signer_name": "王丽",
        "signer_title": "财务经理",
    }


def test_the_exporters_signature_waits_for_a_second_e_signer(api_for, client_for):
    setup = financing_setup(agreement=False)
    drafter = setup.exporter
    signer = ExporterFactory(organisation=drafter.organisation)
    _four_eyes(drafter)
    answer = api_for(drafter).post(f"{API}/agreements/", _proposal(setup), format="json")
    assert answer.status_code == 202, answer.json()
    act_id = answer.json()["id"]
    assert not IndemnityAssignment.objects.exists()
    own = api_for(drafter).post(f"/api/v1/acts/{act_id}/approve/", {}, format="json")
    assert (
        own.status_code == 403 and own.json()["code"] == "four_eyes" and "E-signer" in own.json()["message"]
    )
    assert client_for(drafter).post(f"/accounts/approvals/{act_id}/approve/").status_code == 403
    assert api_for(setup.bank_officer).get(f"/api/v1/acts/{act_id}/").status_code == 404
    assert not IndemnityAssignment.objects.exists()
    assert api_for(signer).post(f"/api/v1/acts/{act_id}/approve/", {}, format="json").status_code == 200
    assert api_for(signer).post(f"/api/v1/acts/{act_id}/approve/", {}, format="json").status_code == 200
    agreement = IndemnityAssignment.objects.get()
    assert agreement.exporter_signer_name == "王丽" and agreement.created_by == signer
    assert [b.pk for b in agreement.buyers.all()] == [setup.limit.buyer_id]
    assert str(agreement.financing_ratio) == "0.8000"
    act = ActRecord.objects.get(pk=act_id)
    assert (act.drafted_by, act.approved_by, act.result) == (drafter, signer, agreement)


def test_the_banks_signature_on_the_page_waits_and_another_bank_signer_signs_once(client_for, api_for):
    setup = financing_setup(agreement=False)
    agreement = api_for(setup.exporter).post(f"{API}/agreements/", _proposal(setup), format="json").json()
    bank_drafter = setup.bank_officer
    bank_signer = BankOfficerFactory(organisation=bank_drafter.organisation)
    _four_eyes(bank_drafter)
    page = client_for(bank_drafter).post(
        f"/financing/agreements/{agreement['id']}/sign/",
        {"signer_name": "李强", "signer_title": "经理"},
        follow=True,
    )
    assert page.status_code == 200 and "Sent for approval" in page.content.decode()
    assert IndemnityAssignment.objects.get().status == "proposed"
    act = ActRecord.objects.get(kind="financing.assignment_bank_sign")
    assert client_for(bank_drafter).post(f"/accounts/approvals/{act.pk}/approve/").status_code == 403
    assert IndemnityAssignment.objects.get().status == "proposed"
    client_for(bank_signer).post(f"/accounts/approvals/{act.pk}/approve/")
    signed = IndemnityAssignment.objects.get()
    assert signed.status == "bank_signed" and signed.bank_signer_name == "李强"
    events = AuditEvent.objects.filter(object_id=str(signed.pk), action="indemnity_assignment.bank_signed")
    assert [e.actor for e in events] == [bank_signer]


def test_without_the_e_signer_duty_the_page_and_api_say_so(api_for, client_for):
    setup = financing_setup(agreement=False)
    nobody = ExporterFactory(
        organisation=setup.exporter.organisation,
        duty_data_entry=False,
        duty_reviewer=True,
        duty_esigner=False,
    )
    answer = api_for(nobody).post(f"{API}/agreements/", _proposal(setup), format="json")
    assert answer.status_code == 403 and "E-signer" in answer.json()["message"]
    assert not ActRecord.objects.exists() and not IndemnityAssignment.objects.exists()
    # four-eyes off, an e-signer signs at once: recorded with the same drafter and approver
    done = api_for(setup.exporter).post(f"{API}/agreements/", _proposal(setup), format="json")
    assert done.status_code == 201
    act = ActRecord.objects.get()
    assert act.state == "approved" and act.drafted_by == act.approved_by == setup.exporter
