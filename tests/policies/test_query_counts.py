"""Every list page and list endpoint of policies reads in a fixed number of queries: measured with a
few rows, then again after 50 more, the count does not grow (no query per row)."""

import itertools
from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse

from policies.models import PremiumInvoice, PremiumPayer
from sinosure_portal.workdays.calendar import today
from tests.factories.policies import MicroPolicyFactory, PolicyApplicationFactory, PolicyFactory
from tests.query_counts import assert_endpoint_reads_alike, assert_page_reads_alike

pytestmark = pytest.mark.django_db

_serial = itertools.count(1)


def _policies(org, n):
    for i in range(n):
        (MicroPolicyFactory if i % 3 == 0 else PolicyFactory)(organisation=org)


def _applications(org, n):
    for _ in range(n):
        PolicyApplicationFactory(organisation=org, status="submitted")


def _invoices(org, n):
    for _ in range(n):
        policy = MicroPolicyFactory(organisation=org)
        PremiumInvoice.objects.create(
            policy=policy,
            number=f"PI2026{800000 + next(_serial):06d}",
            period_start=policy.period_start,
            period_end=policy.period_end,
            payer=PremiumPayer.INSURED,
            payer_name=org.name_zh,
            amount_usd=Decimal("3000"),
            due_date=today() + timedelta(days=15),
        )


PAGES = [
    ("policies:policy-list", {}, _policies),
    ("policies:policy-list", {"format": "xlsx"}, _policies),
    ("policies:application-list", {}, _applications),
    ("policies:application-list", {"format": "xlsx"}, _applications),
    ("policies:invoice-list", {}, _invoices),
    ("policies:invoice-list", {"format": "xlsx"}, _invoices),
]
ENDPOINTS = [
    ("/api/v1/policies/", _policies),
    ("/api/v1/policies/applications/", _applications),
    ("/api/v1/policies/invoices/", _invoices),
]


@pytest.mark.parametrize("reader", ["underwriter", "exporter"])
@pytest.mark.parametrize(("name", "params", "make"), PAGES)
def test_list_page_reads_in_the_same_queries_with_50_more_rows(
    request, client_for, exporter, reader, name, params, make
):
    c = client_for(request.getfixturevalue(reader))
    assert_page_reads_alike(c, reverse(name), params, lambda n: make(exporter.organisation, n))


@pytest.mark.parametrize("reader", ["underwriter", "exporter"])
@pytest.mark.parametrize(("url", "make"), ENDPOINTS)
def test_list_endpoint_reads_in_the_same_queries_with_50_more_rows(
    request, api_for, exporter, reader, url, make
):
    api = api_for(request.getfixturevalue(reader))
    assert_endpoint_reads_alike(api, url, lambda n: make(exporter.organisation, n), grows_by=50)
