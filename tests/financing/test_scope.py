"""An indemnity assignment scoped to chosen buyers covers exactly those buyers (issue 10 item 7):
the stored scope is what was signed, the payee follows it, and a contradictory scope is refused."""

import pytest

from financing.models import IndemnityAssignment
from financing.selectors import indemnity_assignment_in_force
from sinosure_portal.workdays.calendar import today
from tests.factories.creditinfo import BuyerFactory
from tests.factories.financing import financing_setup

pytestmark = pytest.mark.django_db
API = "/api/v1/financing/agreements/"


def _body(setup, **kw):
    body = {
        "policy": setup.policy.pk,
        "bank": setup.bank.pk,
        "effective_date": today().isoformat(),
        "signer_name": "王丽",
        "signer_title": "财务经理",
    }
    body.update(kw)
    return body


def _in_force(api_for, underwriter, setup, pk):
    api_for(setup.bank_officer).post(
        f"{API}{pk}/sign/", {"signer_name": "李强", "signer_title": "经理"}, format="json"
    )
    r = api_for(underwriter).post(f"{API}{pk}/approve/", {}, format="json")
    assert r.status_code == 200 and r.json()["status"] == "in_force", r.json()


def test_buyers_named_without_whole_policy_flag_are_the_scope_and_the_payee_follows(api_for, underwriter):
    setup = financing_setup(agreement=False)
    other = BuyerFactory()
    # before: an API call naming buyers but not "whole_policy" was stored as the whole policy
    r = api_for(setup.exporter).post(API, _body(setup, buyers=[setup.limit.buyer_id]), format="json")
    assert r.status_code == 201, r.json()
    assert r.json()["scope"] == "buyers" and r.json()["buyers"] == [setup.limit.buyer_id]
    a = IndemnityAssignment.objects.get(pk=r.json()["id"])
    assert (a.scope, list(a.buyers.values_list("pk", flat=True))) == ("buyers", [setup.limit.buyer_id])
    _in_force(api_for, underwriter, setup, a.pk)
    # payee: the bank for the assigned buyer, nobody (the exporter) for any other buyer
    on_assigned = indemnity_assignment_in_force(
        policy_id=setup.policy.pk, buyer_id=setup.limit.buyer_id, on=today()
    )
    assert on_assigned is not None and on_assigned.bank == setup.bank
    assert indemnity_assignment_in_force(policy_id=setup.policy.pk, buyer_id=other.pk, on=today()) is None


def test_explicit_scope_through_the_form(client_for):
    setup = financing_setup(agreement=False)
    r = client_for(setup.exporter).post(
        "/financing/agreements/new/",
        {**_body(setup), "scope": "buyers", "buyers": [setup.limit.buyer_id]},
    )
    assert r.status_code == 302, r.content.decode()[:1500]
    a = IndemnityAssignment.objects.get()
    assert a.scope == "buyers" and list(a.buyers.values_list("pk", flat=True)) == [setup.limit.buyer_id]


def test_whole_policy_with_buyers_is_a_scope_conflict_and_buyers_scope_needs_a_buyer(api_for):
    setup = financing_setup(agreement=False)
    api = api_for(setup.exporter)
    r = api.post(API, _body(setup, scope="policy", buyers=[setup.limit.buyer_id]), format="json")
    assert r.status_code == 400 and r.json()["code"] == "scope_conflict"
    r = api.post(API, _body(setup, scope="buyers", buyers=[]), format="json")
    assert r.status_code == 400 and r.json()["code"] == "buyers_required"
    assert not IndemnityAssignment.objects.exists()


def test_a_scope_overlapping_an_active_agreement_is_refused(api_for):
    setup = financing_setup()  # whole policy in force
    r = api_for(setup.exporter).post(
        API, _body(setup, scope="buyers", buyers=[setup.limit.buyer_id]), format="json"
    )
    assert r.status_code == 400 and r.json()["code"] == "assignment_overlaps"
    assert setup.agreement.number in str(r.json())
