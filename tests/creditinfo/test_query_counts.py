"""Every list page (and its Excel export) and list endpoint of credit information reads in a fixed
number of queries (issue 12 item 8): measured with a few rows, then again after 50 more, the count
does not grow (no query per row), for each reader who sees the list. (Industries are the 20 fixed
sections of GB/T 4754, a list that cannot grow.)"""

import itertools

import pytest
from django.urls import reverse

from creditinfo.models import RiskEvent
from tests.factories import BuyerFactory, CountryFactory
from tests.factories.creditinfo import CreditReportOrderFactory, RiskEventFactory, SubscriptionFactory
from tests.query_counts import assert_endpoint_reads_alike, assert_page_reads_alike

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


@pytest.mark.parametrize(("name", "params", "make", "reader"), PAGES)
def test_list_page_reads_in_the_same_queries_with_50_more_rows(
    request, client_for, exporter, reader, name, params, make
):
    c = client_for(request.getfixturevalue(reader))
    assert_page_reads_alike(c, reverse(name), params, lambda n: make(exporter, n))


@pytest.mark.parametrize(("url", "make", "reader"), ENDPOINTS)
def test_list_endpoint_reads_in_the_same_queries_with_50_more_rows(
    request, api_for, exporter, reader, url, make
):
    api = api_for(request.getfixturevalue(reader))
    assert_endpoint_reads_alike(api, url, lambda n: make(exporter, n), grows_by=50)
