"""Every list page (and its Excel export) and list endpoint of credit information reads in a fixed
number of queries (issue 12 item 8): measured with a few rows, then again after 50 more, the count
does not grow (no query per row), for each reader who sees the list. (Industries are the 20 fixed
sections of GB/T 4754, a list that cannot grow.)"""

import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from creditinfo.models import RiskEvent
from tests.factories import BuyerFactory, CountryFactory
from tests.factories.creditinfo import CreditReportOrderFactory, RiskEventFactory, SubscriptionFactory

pytestmark = pytest.mark.django_db
_codes = iter(())


@pytest.fixture(autouse=True)
def _fresh_country_codes():
    """Country codes not taken by other fixtures, afresh for each test (its rows roll back)."""
    global _codes
    _codes = (f"{a}{b}" for a, b in itertools.product("QRSTUVWXYZ", "ABCDEFGHIJKLMNOPQRSTUVWXYZ"))


def _buyers(user, n):
    for i in range(n):
        BuyerFactory(country=CountryFactory(code=next(_codes), name_en=f"Land {i}", risk_class=1 + i % 9))


def _countries(user, n):
    for i in range(n):
        CountryFactory(code=next(_codes), name_en=f"Land {i}", name_zh=f"国家{i}", risk_class=1 + i % 9)


def _events(user, n):
    for i in range(n):
        RiskEventFactory(
            buyer=BuyerFactory(country=CountryFactory(code=next(_codes))),
            kind=list(RiskEvent.Kind)[i % len(RiskEvent.Kind)],
        )


def _orders(user, n):
    for _ in range(n):
        CreditReportOrderFactory(
            ordered_by=user, buyer=BuyerFactory(country=CountryFactory(code=next(_codes)))
        )


def _follows(user, n):
    for _ in range(n):
        SubscriptionFactory(user=user, country=CountryFactory(code=next(_codes)))


XLSX = {"format": "xlsx"}
PAGES = [
    ("creditinfo:buyers", {}, _buyers, "underwriter"),
    ("creditinfo:buyers", XLSX, _buyers, "underwriter"),
    ("creditinfo:countries", {}, _countries, "underwriter"),
    ("creditinfo:alerts", {}, _events, "exporter"),
    ("creditinfo:reports", {}, _orders, "exporter"),
    ("creditinfo:reports", {}, _orders, "underwriter"),
]
API = "/api/v1/creditinfo"
ENDPOINTS = [
    (f"{API}/buyers/", _buyers, "underwriter"),
    (f"{API}/countries/", _countries, "underwriter"),
    (f"{API}/risk-events/", _events, "underwriter"),
    (f"{API}/subscriptions/", _follows, "exporter"),
    (f"{API}/report-orders/", _orders, "exporter"),
]


def _count(response) -> int:
    body = response.json()
    return len(body) if isinstance(body, list) else body["count"]


def _queries(get) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = get()
    assert response.status_code == 200, response.content[:300]
    return len(ctx.captured_queries)


@pytest.mark.parametrize(("name", "params", "make", "reader"), PAGES)
def test_list_page_reads_in_the_same_queries_with_50_more_rows(
    request, client_for, exporter, reader, name, params, make
):
    c = client_for(request.getfixturevalue(reader))
    make(exporter, 3)
    c.get(reverse(name), params)  # the session's first request also writes its last-seen time
    few = _queries(lambda: c.get(reverse(name), params))
    make(exporter, 50)
    many = _queries(lambda: c.get(reverse(name), params))
    assert many <= few, f"{name} {params}: {few} queries with 3 rows, {many} with 53"


@pytest.mark.parametrize(("url", "make", "reader"), ENDPOINTS)
def test_list_endpoint_reads_in_the_same_queries_with_50_more_rows(
    request, api_for, exporter, reader, url, make
):
    api = api_for(request.getfixturevalue(reader))
    make(exporter, 3)
    few = _queries(lambda: api.get(url))
    listed = _count(api.get(url))
    make(exporter, 50)
    many = _queries(lambda: api.get(url))
    assert _count(api.get(url)) >= listed + 50  # the reader sees the new rows
    assert many <= few, f"{url}: {few} queries with 3 rows, {many} with 53"
