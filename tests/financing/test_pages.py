"""Pages of financing: each role sees its pages, another bank gets a 404 for every object, refusals
are shown next to the field (never a 500), list pages keep a bounded query count, Excel exports."""

import re
from decimal import Decimal

import pytest

from financing import services
from financing.models import CoverageNotice, DataItem, IndemnityAssignment, Loan
from sinosure_portal.core.exports import XLSX
from sinosure_portal.workdays.calendar import today
from tests.factories import BankOfficerFactory, ExporterFactory
from tests.factories.financing import ReceivableAssignmentFactory, financing_setup, receivable

pytestmark = pytest.mark.django_db
D = Decimal


def _world():
    setup = financing_setup()
    a = receivable(setup, financing_intent=True, amount=D("10000"))
    services.coverage_notices_issue(declaration_ids=[a.pk])
    b = receivable(setup)
    loan = services.loan_register(
        actor=setup.bank_officer,
        data=services.LoanInput(
            organisation_id=setup.exporter.organisation_id,
            loan_date=today(),
            currency="USD",
            amount=D("100"),
            declaration_ids=[b.pk],
        ),
    )
    ra = ReceivableAssignmentFactory(
        organisation=setup.exporter.organisation, bank=setup.bank, declarations=[receivable(setup)]
    )
    auth = services.data_authorisation_grant(
        actor=setup.exporter, bank_id=setup.bank.pk, items=list(DataItem.values)
    )
    return setup, a, loan, ra, auth


def _object_urls(setup, a, loan, ra, auth):
    notice = CoverageNotice.objects.get(declaration=a)
    return [
        f"/financing/agreements/{setup.agreement.pk}/",
        f"/financing/agreements/{setup.agreement.pk}/pdf/",
        f"/financing/receivable-assignments/{ra.pk}/",
        f"/financing/receivables/{a.pk}/",
        f"/financing/coverage-notices/{notice.pk}/",
        f"/financing/coverage-notices/{notice.pk}/pdf/",
        f"/financing/loans/{loan.pk}/",
        f"/financing/data/{auth.pk}/",
    ]


def test_the_bank_sees_its_pages_and_another_bank_gets_404(client_for):
    world = _world()
    setup = world[0]
    urls = _object_urls(*world)
    client = client_for(setup.bank_officer)
    for url in urls:
        assert client.get(url).status_code == 200, url
    stranger = client_for(BankOfficerFactory())
    for url in urls:
        assert stranger.get(url).status_code == 404, url
    exporter2 = client_for(ExporterFactory())
    for url in urls:
        assert exporter2.get(url).status_code == 404, url


def test_bank_list_pages_render_with_bounded_queries(client_for, django_assert_max_num_queries):
    setup, *_ = _world()
    for _i in range(6):
        receivable(setup, financing_intent=True)
    client = client_for(setup.bank_officer)
    for url, limit in [
        ("/financing/receivables/", 22),
        ("/financing/coverage-notices/", 16),
        ("/financing/loans/", 16),
        ("/financing/agreements/", 16),
        ("/financing/receivable-assignments/", 16),
        ("/financing/data/", 16),
        ("/financing/indemnities/", 16),
        ("/financing/loans/new/", 16),
        ("/", 40),
    ]:
        with django_assert_max_num_queries(limit):
            response = client.get(url)
        assert response.status_code == 200, url


def test_receivables_page_filters_ageing_and_export(client_for):
    setup, a, *_ = _world()
    client = client_for(setup.bank_officer)
    page = client.get("/financing/receivables/").content.decode()
    assert a.invoice_number in page and 'data-testid="ageing-table"' in page
    filtered = client.get(f"/financing/receivables/?invoice_number={a.invoice_number}").content.decode()
    assert len(re.findall(r'href="/financing/receivables/\d+/"', filtered)) == 1
    assert len(re.findall(r'href="/financing/receivables/\d+/"', page)) == 3
    xlsx = client.get("/financing/receivables/?format=xlsx")
    assert xlsx.status_code == 200 and xlsx["Content-Type"] == XLSX
    for url in [
        "/financing/loans/",
        "/financing/coverage-notices/",
        "/financing/agreements/",
        "/financing/receivable-assignments/",
        "/financing/indemnities/",
    ]:
        assert client.get(url + "?format=xlsx")["Content-Type"] == XLSX, url


def test_exporter_cannot_see_the_bank_portal_pages(client_for):
    setup, *_ = _world()
    client = client_for(setup.exporter)
    assert client.get("/financing/receivables/").status_code == 404
    assert client.get("/financing/agreements/").status_code == 200
    assert client.get("/financing/loans/new/").status_code == 403  # the role may not lend


def test_loan_form_refuses_over_financing_next_to_the_field(client_for):
    setup = financing_setup()
    a = receivable(setup, amount=D("10000"))
    client = client_for(setup.bank_officer)
    form = client.get(f"/financing/loans/new/?receivable={a.pk}").content.decode()
    assert f'value="{a.pk}"' in form and "checked" in form
    response = client.post(
        "/financing/loans/new/",
        {"declarations": [a.pk], "loan_date": today().isoformat(), "currency": "USD", "amount": "9500"},
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert 'data-field-error="amount"' in body and "9,000.00" in body
    assert not Loan.objects.exists()
    response = client.post(
        "/financing/loans/new/",
        {"declarations": [a.pk], "loan_date": today().isoformat(), "currency": "usd", "amount": "9000"},
    )
    assert response.status_code == 302
    loan = Loan.objects.get()
    assert response["Location"] == f"/financing/loans/{loan.pk}/"
    response = client.post(
        f"/financing/loans/{loan.pk}/repay/", {"repaid_on": today().isoformat(), "amount": "9999"}
    )
    assert response.status_code == 400 and 'data-field-error="amount"' in response.content.decode()


def test_agreement_pages_walk_the_workflow(client_for, underwriter):
    setup = financing_setup(agreement=False)
    exporter = client_for(setup.exporter)
    response = exporter.post(
        "/financing/agreements/new/",
        {
            "policy": setup.policy.pk,
            "bank": setup.bank.pk,
            "effective_date": today().isoformat(),
            "whole_policy": "on",
            "signer_name": "王丽",
            "signer_title": "财务经理",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    a = IndemnityAssignment.objects.get()
    bank = client_for(setup.bank_officer)
    page = bank.get(f"/financing/agreements/{a.pk}/").content.decode()
    assert 'data-testid="sign-form"' in page
    assert (
        bank.post(f"/financing/agreements/{a.pk}/sign/", {"signer_name": "", "signer_title": ""}).status_code
        == 400
    )
    assert (
        bank.post(
            f"/financing/agreements/{a.pk}/sign/", {"signer_name": "李强", "signer_title": "经理"}
        ).status_code
        == 302
    )
    insurer = client_for(underwriter)
    assert insurer.post(f"/financing/agreements/{a.pk}/approve/", {"reason": ""}).status_code == 302
    a.refresh_from_db()
    assert a.status == "in_force"
    assert insurer.post(f"/financing/agreements/{a.pk}/bogus/", {}).status_code == 404


def test_data_authorisation_pages(client_for):
    # client_for signs the one test client in as the given user: call it before each user's turn
    setup = financing_setup(agreement=False)
    receivable(setup, amount=D("4321"))
    exporter = client_for(setup.exporter)
    response = exporter.post("/financing/data/", {"bank": setup.bank.pk, "items": list(DataItem.values)})
    assert response.status_code == 400  # the consent box is required
    response = exporter.post(
        "/financing/data/", {"bank": setup.bank.pk, "items": list(DataItem.values), "agree": "on"}
    )
    assert response.status_code == 302
    auth = setup.exporter.organisation.data_authorisations.get()
    bank_page = client_for(setup.bank_officer).get(f"/financing/data/{auth.pk}/").content.decode()
    assert "4,321.00" in bank_page and 'data-testid="country-table"' in bank_page
    client_for(setup.exporter).post(f"/financing/data/{auth.pk}/revoke/")
    bank_page = client_for(setup.bank_officer).get(f"/financing/data/{auth.pk}/").content.decode()
    assert "4,321.00" not in bank_page and 'data-testid="no-data"' in bank_page
