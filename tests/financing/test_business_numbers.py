"""Issue 10 item 7: repayments (RP), coverage notices (CN) and data authorisations (DA) carry business
numbers from the one sequence (prefix + Shanghai year + six digits, no gaps), shown on the pages and
in the API instead of a row id; the migration numbers the rows made before."""

import importlib
from decimal import Decimal

import pytest
from django.apps import apps as django_apps

from financing import services
from financing.models import CoverageNotice, DataAuthorisation, Repayment
from sinosure_portal.core.models import NumberSequence
from sinosure_portal.workdays.calendar import today
from tests.factories.financing import financing_setup, receivable

pytestmark = pytest.mark.django_db
D = Decimal
YEAR = today().year


def _loan(setup, declarations, amount):
    return services.loan_register(
        actor=setup.bank_officer,
        data=services.LoanInput(
            organisation_id=setup.exporter.organisation_id,
            loan_date=today(),
            currency="USD",
            amount=D(amount),
            declaration_ids=[d.pk for d in declarations],
        ),
    )


def test_repayments_are_numbered_and_shown_by_number(client_for, api_for):
    setup = financing_setup()
    loan = _loan(setup, [receivable(setup, amount=D("10000"))], "9000")
    first = services.repayment_register(
        actor=setup.bank_officer, loan_id=loan.pk, repaid_on=today(), amount=D("1000")
    )
    second = services.repayment_register(
        actor=setup.bank_officer, loan_id=loan.pk, repaid_on=today(), amount=D("500")
    )
    last = NumberSequence.objects.get(prefix="RP", year=YEAR).last
    assert (first.number, second.number) == (f"RP{YEAR}{last - 1:06d}", f"RP{YEAR}{last:06d}")
    page = client_for(setup.bank_officer).get(f"/financing/loans/{loan.pk}/").content.decode()
    assert first.number in page and second.number in page
    body = api_for(setup.exporter).get(f"/api/v1/financing/loans/{loan.pk}/").json()
    assert sorted(r["number"] for r in body["repayments"]) == sorted([first.number, second.number])


def test_data_authorisations_are_numbered_once_per_grant(client_for, api_for):
    setup = financing_setup(agreement=False)
    auth = services.data_authorisation_grant(
        actor=setup.exporter, bank_id=setup.bank.pk, items=["coverage_size"]
    )
    assert auth.number == f"DA{YEAR}{NumberSequence.objects.get(prefix='DA', year=YEAR).last:06d}"
    # changing the items of the grant keeps its number
    again = services.data_authorisation_grant(
        actor=setup.exporter, bank_id=setup.bank.pk, items=["coverage_size", "buyer_distribution"]
    )
    assert again.number == auth.number
    assert auth.number in client_for(setup.exporter).get("/financing/data/").content.decode()
    rows = api_for(setup.exporter).get("/api/v1/financing/data-authorisations/").json()
    rows = rows["results"] if isinstance(rows, dict) else rows
    assert [r["number"] for r in rows] == [auth.number]


def test_coverage_notices_take_consecutive_numbers_without_gaps_and_no_row_ids():
    setup = financing_setup()
    a, b = receivable(setup, financing_intent=True), receivable(setup, financing_intent=True)
    assert services.coverage_notices_issue(declaration_ids=[a.pk, b.pk]) == 2
    # a re-run creates nothing and uses no number (the skipped pair would otherwise leave a gap)
    assert services.coverage_notices_issue(declaration_ids=[a.pk, b.pk]) == 0
    c = receivable(setup, financing_intent=True)
    assert services.coverage_notices_issue(declaration_ids=[c.pk]) == 1
    numbers = list(CoverageNotice.objects.order_by("id").values_list("number", flat=True))
    last = NumberSequence.objects.get(prefix="CN", year=YEAR).last
    assert numbers == [f"CN{YEAR}{n:06d}" for n in range(last - 2, last + 1)]
    for n, d in zip(CoverageNotice.objects.order_by("id"), [a, b, c], strict=True):
        assert f"{d.pk:08d}" not in n.number


def test_migration_numbers_rows_made_before_and_renumbers_row_id_notices():
    setup = financing_setup()
    loan = _loan(setup, [receivable(setup, amount=D("10000"))], "9000")
    rep = services.repayment_register(
        actor=setup.bank_officer, loan_id=loan.pk, repaid_on=today(), amount=D("1000")
    )
    auth = services.data_authorisation_grant(
        actor=setup.exporter, bank_id=setup.bank.pk, items=["coverage_size"]
    )
    d = receivable(setup, financing_intent=True)
    services.coverage_notices_issue(declaration_ids=[d.pk])
    notice = CoverageNotice.objects.get()
    # as they were before this change: no numbers, and a notice number made of row ids
    Repayment.objects.update(number=None)
    DataAuthorisation.objects.update(number=None)
    CoverageNotice.objects.update(number=f"CN{YEAR}{d.pk:08d}{setup.bank.pk:04d}")
    NumberSequence.objects.filter(prefix__in=["RP", "DA", "CN"]).update(last=41)
    migration = importlib.import_module("financing.migrations.0005_business_numbers")
    migration._fill(django_apps, None, sequence="core.NumberSequence")
    rep.refresh_from_db()
    auth.refresh_from_db()
    notice.refresh_from_db()
    assert (rep.number, auth.number, notice.number) == (
        f"RP{YEAR}000042",
        f"DA{YEAR}000042",
        f"CN{YEAR}000042",
    )
    assert NumberSequence.objects.get(prefix="CN", year=YEAR).last == 42
