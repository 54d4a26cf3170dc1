"""Global search (issue 17 item 5): buyers, policies, limits, invoices, claims and loans by number
or name, scoped like every other read: another organisation's objects never appear."""

from datetime import timedelta
from decimal import Decimal

import pytest

from financing.models import Loan
from sinosure_portal.workdays.calendar import today
from tests.claims.factories import ClaimFactory
from tests.factories import BuyerFactory, ExporterFactory
from tests.factories.financing import financing_setup, receivable
from tests.factories.policies import PolicyFactory

pytestmark = pytest.mark.django_db
API = "/api/v1/search/"


@pytest.fixture
def world():
    setup = financing_setup()
    setup.policy.number, setup.limit.number = "COM2026777001", "CL2026777001"
    setup.policy.save(update_fields=["number"])
    setup.limit.save(update_fields=["number"])
    invoice = receivable(setup, invoice_number="Inv-Search-001")
    claim = ClaimFactory(policy=setup.policy, buyer=setup.limit.buyer, number="CLM2026777001")
    loan = Loan.objects.create(
        number="LN2026777001",
        bank=setup.bank,
        organisation=setup.exporter.organisation,
        currency="USD",
        amount=Decimal("1000"),
        rate_used=Decimal("1"),
        amount_usd=Decimal("1000"),
        financeable_usd=Decimal("1000"),
        loan_date=today() - timedelta(days=3),
    )
    # another insured, with numbers that start the same way
    other = ExporterFactory()
    other_policy = PolicyFactory(organisation=other.organisation, number="COM2026777002")
    return setup, invoice, claim, loan, other, other_policy


def _titles(api, q):
    body = api.get(API, {"q": q}).json()
    return {g["kind"]: [h["title"] for h in g["hits"]] for g in body["groups"]}


def test_the_exporter_finds_its_own_objects_by_the_start_of_their_numbers(api_for, world):
    setup, invoice, claim, loan, _other, _other_policy = world
    api = api_for(setup.exporter)
    assert _titles(api, "COM2026777") == {"policy": ["COM2026777001"]}  # not the other insured's 002
    assert _titles(api, "cl2026777")["limit"] == ["CL2026777001"]
    assert _titles(api, "inv-search")["invoice"] == ["Inv-Search-001"]  # any case
    assert _titles(api, "CLM2026777") == {"claim": ["CLM2026777001"]}
    assert _titles(api, "LN2026777") == {"loan": ["LN2026777001"]}
    hit = api.get(API, {"q": "Inv-Search"}).json()["groups"][0]["hits"][0]
    assert hit["url"] == f"/declarations/{invoice.pk}/"


def test_another_insured_finds_none_of_them(api_for, world):
    _setup, _invoice, _claim, _loan, other, _other_policy = world
    api = api_for(other)
    for q in ("COM2026777001", "CL2026777001", "Inv-Search", "CLM2026777001", "LN2026777001"):
        assert _titles(api, q) == {}, q
    assert _titles(api, "COM2026777") == {"policy": ["COM2026777002"]}


def test_the_bank_finds_its_loan_but_not_the_insureds_policy(api_for, world):
    setup, *_rest = world
    api = api_for(setup.bank_officer)
    assert _titles(api, "LN2026777") == {"loan": ["LN2026777001"]}
    assert "policy" not in _titles(api, "COM2026777")


def test_everyone_finds_buyers_by_registration_number(api_for, world):
    _setup, _invoice, _claim, _loan, other, _other_policy = world
    buyer = BuyerFactory(name="Suchbar Handels GmbH", registration_number="HRB 555123")
    assert _titles(api_for(other), "HRB 555123") == {"buyer": [buyer.display_name]}


def test_a_query_too_short_finds_nothing_and_says_so(api_for, world):
    setup, *_rest = world
    body = api_for(setup.exporter).get(API, {"q": "C"}).json()
    assert body == {"query": "C", "too_short": True, "groups": []}


def test_the_search_page_groups_hits_and_tells_when_nothing_matches(client_for, world):
    setup, _invoice, _claim, _loan, other, _other_policy = world
    page = client_for(setup.exporter).get("/search/", {"q": "COM2026777"}).content.decode()
    assert (
        "COM2026777001" in page
        and "COM2026777002" not in page
        and 'data-testid="search-group-policy"' in page
    )
    chinese = client_for(other)
    chinese.cookies["django_language"] = "zh-hans"
    nothing = chinese.get("/search/", {"q": "CLM2026777001"}).content.decode()
    assert 'data-testid="search-nothing"' in nothing and "CLM2026777001" in nothing


def test_the_search_reads_in_the_same_queries_however_many_hits(api_for, world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    setup, *_rest = world
    api = api_for(setup.exporter)

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            api.get(API, {"q": "Inv-Search"})
        return len(ctx.captured_queries)

    api.get(API, {"q": "Inv-Search"})
    one_hit = queries()
    for i in range(30):
        receivable(setup, invoice_number=f"Inv-Search-{100 + i}")
    assert queries() <= one_hit  # one query per kind, not one per hit
    body = api.get(API, {"q": "Inv-Search"}).json()
    assert len(body["groups"][0]["hits"]) == 5  # five of each kind at most
