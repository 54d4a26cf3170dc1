"""Every list page (and its Excel export) and list endpoint of declarations reads in a fixed number
of queries (issue 12 item 8): measured with a few rows, then again after 50 more, the count does
not grow (no query per row), for each reader who sees the list."""

from decimal import Decimal

import pytest
from django.urls import reverse

from declarations.models import DeclarationAmendment, DeclarationBatch, Payment, ShipmentDeclaration
from sinosure_portal.workdays.calendar import today
from tests.factories import BuyerFactory
from tests.factories.declarations import ShipmentDeclarationFactory
from tests.factories.limits import CreditLimitFactory
from tests.factories.policies import PolicyFactory
from tests.query_counts import assert_endpoint_reads_alike, assert_page_reads_alike

pytestmark = pytest.mark.django_db
S = ShipmentDeclaration.Status


def _shipments(org, n) -> list[ShipmentDeclaration]:
    """n declarations over several buyers and limits, in every receivable state."""
    policy = PolicyFactory(organisation=org)
    states = [S.COVERED, S.PARTLY_COVERED, S.OVERDUE, S.SETTLED]
    out = []
    for i in range(n):
        limit = (
            CreditLimitFactory(policy=policy, buyer=BuyerFactory())
            if i % 5 == 0 or not out
            else out[-1].limit
        )
        out.append(ShipmentDeclarationFactory(limit=limit, status=states[i % len(states)]))
    return out


def _payments(org, n):
    for d in _shipments(org, n):
        Payment.objects.create(
            declaration=d,
            organisation=org,
            received_on=today(),
            currency="USD",
            amount=Decimal("100.00"),
            amount_usd=Decimal("100.00"),
        )


def _amendments(org, n):
    for i, d in enumerate(_shipments(org, n)):
        DeclarationAmendment.objects.create(
            declaration=d,
            organisation=org,
            new_credit_days=d.credit_days + 10,
            reason=f"buyer asked for more time {i}",
            before={"credit_days": d.credit_days},
            after={"credit_days": d.credit_days + 10},
            status=DeclarationAmendment.Status.SUBMITTED if i % 2 else DeclarationAmendment.Status.APPROVED,
        )


def _batches(org, n):
    policy = PolicyFactory(organisation=org)
    for i in range(n):
        DeclarationBatch.objects.create(
            policy=policy,
            organisation=org,
            source="csv",
            file_name=f"upload-{i}.csv",
            file_sha256=f"{i:064d}",
            status=DeclarationBatch.Status.COMPLETED if i % 2 else DeclarationBatch.Status.QUEUED,
            total_rows=10,
            processed_rows=10 if i % 2 else 0,
        )


XLSX = {"format": "xlsx"}
PAGES = [
    ("declarations:declaration-list", {}, _shipments, ["exporter", "underwriter"]),
    ("declarations:declaration-list", XLSX, _shipments, ["exporter", "underwriter"]),
    ("declarations:receivable-list", {}, _shipments, ["exporter"]),
    ("declarations:receivable-list", XLSX, _shipments, ["exporter"]),
    ("declarations:payment-list", {}, _payments, ["exporter"]),
    ("declarations:payment-list", XLSX, _payments, ["exporter"]),
    ("declarations:amendment-list", {}, _amendments, ["exporter", "underwriter"]),
    ("declarations:buyer-exposure", {}, _shipments, ["underwriter"]),
    ("declarations:buyer-exposure", XLSX, _shipments, ["underwriter"]),
]
API = "/api/v1/declarations"
ENDPOINTS = [
    (f"{API}/", _shipments, ["exporter", "underwriter"]),
    (f"{API}/receivables/", _shipments, ["exporter"]),
    (f"{API}/payments/", _payments, ["exporter"]),
    (f"{API}/amendments/", _amendments, ["exporter", "underwriter"]),
    (f"{API}/batches/", _batches, ["exporter"]),
    (f"{API}/exposure/buyers/", _shipments, ["underwriter"]),
]


@pytest.mark.parametrize(
    ("name", "params", "make", "reader"), [(n, p, m, r) for n, p, m, rs in PAGES for r in rs]
)
def test_list_page_reads_in_the_same_queries_with_50_more_rows(
    request, client_for, exporter, reader, name, params, make
):
    c = client_for(request.getfixturevalue(reader))
    assert_page_reads_alike(c, reverse(name), params, lambda n: make(exporter.organisation, n))


@pytest.mark.parametrize(("url", "make", "reader"), [(u, m, r) for u, m, rs in ENDPOINTS for r in rs])
def test_list_endpoint_reads_in_the_same_queries_with_50_more_rows(
    request, api_for, exporter, reader, url, make
):
    api = api_for(request.getfixturevalue(reader))
    assert_endpoint_reads_alike(api, url, lambda n: make(exporter.organisation, n), grows_by=10)


def test_the_lists_show_the_rows_made_here(client_for, exporter):
    """The rows the counts are measured on are really listed (a list that showed none would read in
    few queries too)."""
    made = _shipments(exporter.organisation, 4)
    page = client_for(exporter).get(reverse("declarations:declaration-list")).content.decode()
    assert all(d.invoice_number in page for d in made)
    assert ShipmentDeclaration.objects.filter(organisation=exporter.organisation).count() == 4
