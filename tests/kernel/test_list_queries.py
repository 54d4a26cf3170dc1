"""The kernel's list pages and list endpoints make the same number of queries for 50 more rows
(issue 12 item 8): a list that queries once per row fails here."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from sinosure_portal.audit.services import audit_record
from sinosure_portal.ledger.services import reconciliation_run
from sinosure_portal.money.models import ExchangeRate
from sinosure_portal.notifications.services import notify
from tests.factories import AdminFactory, ExporterFactory, UnderwriterFactory

pytestmark = pytest.mark.django_db


def _count(client, url: str) -> int:
    client.get(url)  # the first request of a session also writes its last-seen time
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(queries)


def _page(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def _notes(user, n: int) -> None:
    for i in range(n):
        if i % 2:
            notify([user], kind="password_age", params={"count": i}, email=False)
        else:
            notify([user], kind="free", title=f"Free text {i}", email=False)


@pytest.mark.parametrize("url, client_of", [("/inbox/", _page), ("/api/v1/notifications/", _api)])
def test_the_inbox_lists_50_more_notifications_with_the_same_queries(url, client_of):
    user = ExporterFactory()
    _notes(user, 2)
    client = client_of(user)
    before = _count(client, url)
    _notes(user, 50)
    assert _count(client, url) == before


def _audit_rows(n: int) -> None:
    for _ in range(n):
        actor = UnderwriterFactory()  # each row by another person of another organisation
        audit_record(actor, action="test.touched", actor=actor, from_state="a", to_state="b", reason="x")


@pytest.mark.parametrize("url, client_of", [("/audit/", _page), ("/api/v1/audit-events/", _api)])
def test_the_audit_trail_lists_50_more_events_by_other_people_with_the_same_queries(url, client_of):
    staff = AdminFactory()
    _audit_rows(2)
    client = client_of(staff)
    before = _count(client, url)
    _audit_rows(50)
    assert _count(client, url) == before


@pytest.mark.parametrize("url, client_of", [("/ledger/", _page), ("/api/v1/ledger/runs/", _api)])
def test_the_ledger_runs_list_50_more_runs_with_the_same_queries(url, client_of):
    staff = AdminFactory()
    reconciliation_run()
    client = client_of(staff)
    before = _count(client, url)
    for _ in range(50):
        reconciliation_run()
    assert _count(client, url) == before


def _rates(n: int, start: date) -> None:
    ExchangeRate.objects.bulk_create(
        [
            ExchangeRate(
                currency="EUR",
                date=start + timedelta(days=i),
                usd_per_unit=Decimal("1.08"),
                entered_by=AdminFactory(),
            )
            for i in range(n)
        ]
    )


@pytest.mark.parametrize("url, client_of", [("/rates/", _page), ("/api/v1/exchange-rates/", _api)])
def test_the_exchange_rates_list_50_more_rates_with_the_same_queries(url, client_of):
    staff = AdminFactory()
    _rates(2, date(2020, 1, 1))
    client = client_of(staff)
    before = _count(client, url)
    _rates(50, date(2021, 1, 1))
    assert _count(client, url) == before
