"""Every list page and list endpoint of limits reads in a fixed number of queries: measured with a
few rows, then again after 50 more, the count does not grow (no query per row)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories.limits import CreditLimitApplicationFactory, CreditLimitFactory, LimitAutoRuleFactory
from tests.factories.policies import PolicyFactory

pytestmark = pytest.mark.django_db


def _limits(org, n):
    policy = PolicyFactory(organisation=org)
    for i in range(n):
        CreditLimitFactory(policy=policy, payment_terms=["OA", "DA"] if i % 2 else ["LC"])


def _applications(org, n):
    policy = PolicyFactory(organisation=org)
    for i in range(n):
        CreditLimitApplicationFactory(policy=policy, status="submitted" if i % 2 else "under_review")


def _rules(org, n):
    for i in range(n):
        LimitAutoRuleFactory(name=f"rule {i}", products=["COMPREHENSIVE"])


PAGES = [
    ("limits:limit-list", {}, _limits, ["underwriter", "exporter"]),
    ("limits:limit-list", {"format": "xlsx"}, _limits, ["underwriter", "exporter"]),
    ("limits:application-list", {}, _applications, ["underwriter", "exporter"]),
    ("limits:queue", {}, _applications, ["underwriter"]),
    ("limits:rules", {}, _rules, ["underwriter", "admin_user"]),
]
ENDPOINTS = [
    ("/api/v1/limits/", _limits, ["underwriter", "exporter"]),
    ("/api/v1/limits/applications/", _applications, ["underwriter", "exporter"]),
    ("/api/v1/limits/queue/", _applications, ["underwriter"]),
    ("/api/v1/limits/rules/", _rules, ["underwriter", "admin_user"]),
]


def _queries(get) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = get()
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    ("name", "params", "make", "reader"), [(n, p, m, r) for n, p, m, rs in PAGES for r in rs]
)
def test_list_page_reads_in_the_same_queries_with_50_more_rows(
    request, client_for, exporter, reader, name, params, make
):
    c = client_for(request.getfixturevalue(reader))
    make(exporter.organisation, 3)
    few = _queries(lambda: c.get(reverse(name), params))
    make(exporter.organisation, 50)
    many = _queries(lambda: c.get(reverse(name), params))
    assert many <= few, f"{name} {params}: {few} queries with 3 rows, {many} with 53"


@pytest.mark.parametrize(("url", "make", "reader"), [(u, m, r) for u, m, rs in ENDPOINTS for r in rs])
def test_list_endpoint_reads_in_the_same_queries_with_50_more_rows(
    request, api_for, exporter, reader, url, make
):
    api = api_for(request.getfixturevalue(reader))
    make(exporter.organisation, 3)
    few = _queries(lambda: api.get(url))
    make(exporter.organisation, 50)
    many = _queries(lambda: api.get(url))
    assert api.get(url).json()["count"] == 53
    assert many <= few, f"{url}: {few} queries with 3 rows, {many} with 53"
