"""API of financing: the whole flow through the endpoints, refusals as 400 with a code, another
bank's objects are 404 (every object), list endpoints with a bounded number of queries."""

from decimal import Decimal

import pytest

from financing import services
from financing.models import CoverageNotice, DataItem, IndemnityAssignment
from sinosure_portal.workdays.calendar import today
from tests.factories import BankOfficerFactory, ExporterFactory
from tests.factories.financing import ReceivableAssignmentFactory, financing_setup, receivable

pytestmark = pytest.mark.django_db
D = Decimal
API = "/api/v1/financing"


def test_agreement_flow_through_the_api(api_for, underwriter):
    setup = financing_setup(agreement=False)
    exporter, bank, insurer = api_for(setup.exporter), api_for(setup.bank_officer), api_for(underwriter)
    r = exporter.post(
        f"{API}/agreements/",
        {
            "policy": setup.policy.pk,
            "bank": setup.bank.pk,
            "effective_date": today().isoformat(),
            "whole_policy": False,
            "buyers": [setup.limit.buyer_id],
            "financing_ratio": "0.8000",
            "signer_name": "王丽",
            "signer_title": "财务经理",
        },
        format="json",
    )
    assert r.status_code == 201, r.json()
    pk = r.json()["id"]
    assert r.json()["scope"] == "buyers" and r.json()["buyers"] == [setup.limit.buyer_id]
    # the insurer cannot approve before the bank signs: 400 with the code
    r = insurer.post(f"{API}/agreements/{pk}/approve/", {}, format="json")
    assert r.status_code == 400 and r.json()["code"] == "transition_not_allowed"
    r = bank.post(
        f"{API}/agreements/{pk}/sign/", {"signer_name": "李强", "signer_title": "经理"}, format="json"
    )
    assert r.status_code == 200 and r.json()["status"] == "bank_signed"
    r = insurer.post(f"{API}/agreements/{pk}/approve/", {}, format="json")
    assert r.status_code == 200 and r.json()["status"] == "in_force"
    r = bank.post(f"{API}/agreements/{pk}/termination/", {"reason": "到期"}, format="json")
    assert r.json()["status"] == "termination_requested"
    r = insurer.post(f"{API}/agreements/{pk}/terminate/", {"ends_on": today().isoformat()}, format="json")
    assert (
        r.status_code == 200
        and r.json()["status"] == "terminated"
        and r.json()["ended_on"] == today().isoformat()
    )
    r = exporter.get(f"{API}/agreements/{pk}/pdf/")
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf"
    # the exporter may not approve (403, it sees the agreement)
    r = exporter.post(f"{API}/agreements/{pk}/keep/", {"reason": "x"}, format="json")
    assert r.status_code == 403


def test_loan_and_repayment_through_the_api(api_for):
    setup = financing_setup()
    a = receivable(setup, amount=D("10000"))
    bank = api_for(setup.bank_officer)
    body = {
        "borrower": setup.exporter.organisation_id,
        "loan_date": today().isoformat(),
        "currency": "USD",
        "amount": "9000.01",
        "declarations": [a.pk],
    }
    r = bank.post(f"{API}/loans/", body, format="json")
    assert r.status_code == 400 and r.json()["code"] == "over_financing" and r.json()["field"] == "amount"
    r = bank.post(f"{API}/loans/", {**body, "amount": "9000.00", "bank_reference": "L-1"}, format="json")
    assert r.status_code == 201, r.json()
    loan = r.json()
    assert loan["receivables"] == [a.pk] and loan["status"] == "open" and loan["financeable_usd"] == "9000.00"
    r = bank.post(f"{API}/loans/", {**body, "amount": "1.00"}, format="json")
    assert r.status_code == 400 and r.json()["code"] == "receivable_already_financed"
    r = bank.post(
        f"{API}/loans/{loan['id']}/repayments/",
        {"repaid_on": today().isoformat(), "amount": "9000.00"},
        format="json",
    )
    assert r.status_code == 201 and r.json()["status"] == "repaid"
    # the borrower sees its loan
    assert api_for(setup.exporter).get(f"{API}/loans/{loan['id']}/").status_code == 200
    # bad input is a 400, never a 500
    r = bank.post(f"{API}/loans/", {**body, "amount": "abc"}, format="json")
    assert r.status_code == 400 and r.json()["field"] == "amount"


def test_another_bank_gets_404_for_every_object(api_for):
    setup = financing_setup()
    a = receivable(setup, financing_intent=True)
    services.coverage_notices_issue(declaration_ids=[a.pk])
    loan = services.loan_register(
        actor=setup.bank_officer,
        data=services.LoanInput(
            organisation_id=setup.exporter.organisation_id,
            loan_date=today(),
            currency="USD",
            amount=D("100"),
            declaration_ids=[a.pk],
        ),
    )
    ra = ReceivableAssignmentFactory(
        organisation=setup.exporter.organisation, bank=setup.bank, declarations=[receivable(setup)]
    )
    auth = services.data_authorisation_grant(
        actor=setup.exporter, bank_id=setup.bank.pk, items=[DataItem.COVERAGE_SIZE]
    )
    notice = CoverageNotice.objects.get()
    urls = [
        f"{API}/agreements/{setup.agreement.pk}/",
        f"{API}/agreements/{setup.agreement.pk}/pdf/",
        f"{API}/receivable-assignments/{ra.pk}/",
        f"{API}/receivables/{a.pk}/",
        f"{API}/coverage-notices/{notice.pk}/",
        f"{API}/coverage-notices/{notice.pk}/pdf/",
        f"{API}/loans/{loan.pk}/",
        f"{API}/data-authorisations/{auth.pk}/",
    ]
    own = api_for(setup.bank_officer)
    for url in urls:
        assert own.get(url).status_code == 200, url
    stranger = api_for(BankOfficerFactory())
    for url in urls:
        r = stranger.get(url)
        assert r.status_code == 404 and r.json()["code"] == "not_found", url
    other_exporter = api_for(ExporterFactory())
    for url in urls:
        assert other_exporter.get(url).status_code == 404, url
    # nor can the stranger act on them
    assert (
        stranger.post(
            f"{API}/loans/{loan.pk}/repayments/",
            {"repaid_on": today().isoformat(), "amount": "1"},
            format="json",
        ).status_code
        == 404
    )
    assert (
        stranger.post(
            f"{API}/agreements/{setup.agreement.pk}/termination/", {"reason": "x"}, format="json"
        ).status_code
        == 404
    )
    assert stranger.post(f"{API}/data-authorisations/{auth.pk}/revoke/", {}, format="json").status_code == 404
    # and its lists are empty
    for url in [
        "agreements/",
        "receivable-assignments/",
        "receivables/",
        "coverage-notices/",
        "loans/",
        "data-authorisations/",
    ]:
        assert stranger.get(f"{API}/{url}").json()["count"] == 0, url


@pytest.mark.parametrize(
    "url",
    [
        "agreements/",
        "receivable-assignments/",
        "receivables/",
        "coverage-notices/",
        "loans/",
        "data-authorisations/",
        "indemnities/",
    ],
)
def test_list_endpoints_query_count_does_not_grow_with_rows(api_for, django_assert_max_num_queries, url):
    setup = financing_setup()
    ids = []
    for _ in range(8):
        d = receivable(setup, financing_intent=True)
        ids.append(d.pk)
    services.coverage_notices_issue(declaration_ids=ids)
    for pk in ids[:4]:
        services.loan_register(
            actor=setup.bank_officer,
            data=services.LoanInput(
                organisation_id=setup.exporter.organisation_id,
                loan_date=today(),
                currency="USD",
                amount=D("100"),
                declaration_ids=[pk],
            ),
        )
    for _ in range(3):
        other = ExporterFactory()
        s2 = financing_setup(exporter=other, bank_officer=setup.bank_officer)
        ReceivableAssignmentFactory(
            organisation=other.organisation, bank=setup.bank, declarations=[receivable(s2)]
        )
        services.data_authorisation_grant(actor=other, bank_id=setup.bank.pk, items=[DataItem.COVERAGE_SIZE])
    client = api_for(setup.bank_officer)
    with django_assert_max_num_queries(8):
        r = client.get(f"{API}/{url}")
    assert r.status_code == 200
    body = r.json()
    rows = body["results"] if isinstance(body, dict) else body
    if url != "indemnities/":
        assert rows, url


def test_data_authorisation_through_the_api(api_for):
    setup = financing_setup(agreement=False)
    receivable(setup, amount=D("2500"))
    r = api_for(setup.exporter).post(
        f"{API}/data-authorisations/",
        {"bank": setup.bank.pk, "items": ["coverage_size", "buyer_distribution"]},
        format="json",
    )
    assert r.status_code == 201
    pk = r.json()["id"]
    data = api_for(setup.bank_officer).get(f"{API}/data-authorisations/{pk}/").json()["data"]
    assert set(data) == {"coverage_size", "buyer_distribution"}
    assert data["buyer_distribution"][0]["covered_usd"] == "2500.00"
    r = api_for(setup.bank_officer).post(f"{API}/data-authorisations/{pk}/revoke/", {}, format="json")
    assert r.status_code == 403  # only the exporter revokes
    api_for(setup.exporter).post(f"{API}/data-authorisations/{pk}/revoke/", {}, format="json")
    assert api_for(setup.bank_officer).get(f"{API}/data-authorisations/{pk}/").json()["data"] == {}


def test_receivable_assignment_through_the_api(api_for):
    setup = financing_setup(agreement=False)
    a = receivable(setup)
    r = api_for(setup.exporter).post(
        f"{API}/receivable-assignments/", {"bank": setup.bank.pk, "declarations": [a.pk]}, format="json"
    )
    assert r.status_code == 201 and r.json()["receivable_count"] == 1
    pk = r.json()["id"]
    r = api_for(setup.bank_officer).post(f"{API}/receivable-assignments/{pk}/accept/", {}, format="json")
    assert r.status_code == 200 and r.json()["status"] == "accepted"
    rows = api_for(setup.bank_officer).get(f"{API}/receivables/").json()["results"]
    assert [x["id"] for x in rows] == [a.pk]
    assert api_for(setup.bank_officer).get(f"{API}/coverage-notices/").json()["count"] == 1
    assert IndemnityAssignment.objects.count() == 0
