"""Every list page and list endpoint of limits reads in a fixed number of queries: measured with a
few rows, then again after 50 more, the count does not grow (no query per row)."""

import pytest
from django.urls import reverse

from tests.factories.limits import CreditLimitApplicationFactory, CreditLimitFactory, LimitAutoRuleFactory
from tests.factories.policies import PolicyFactory
from tests.query_counts import assert_endpoint_reads_alike, assert_page_reads_alike

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
    assert_endpoint_reads_alike(api, url, lambda n: make(exporter.organisation, n), count=53)
