"""Every list page (and its Excel export) and list endpoint of losses and claims reads in a fixed
number of queries: measured with a few rows, then again after 50 more, the count does not grow (no
query per row), as each reader who sees the list."""

import pytest
from django.urls import reverse

from claims.models import Claim
from declarations.models import ShipmentDeclaration
from tests.claims.factories import ClaimFactory, LossNoticeFactory, RecoveryFactory
from tests.factories import BuyerFactory, ClaimsOfficerFactory
from tests.factories.declarations import ShipmentDeclarationFactory
from tests.factories.limits import CreditLimitFactory
from tests.factories.policies import PolicyFactory
from tests.query_counts import assert_endpoint_reads_alike, assert_page_reads_alike

pytestmark = pytest.mark.django_db
STATUSES = [Claim.Status.SUBMITTED, Claim.Status.ACCEPTED, Claim.Status.INVESTIGATING, Claim.Status.APPROVED]


def _notices(org, n):
    policy = PolicyFactory(organisation=org)
    for i in range(n):
        LossNoticeFactory(policy=policy, status="submitted" if i % 2 else "acknowledged")


def _claims(org, n):
    policy = PolicyFactory(organisation=org)
    officer = ClaimsOfficerFactory()
    for i in range(n):
        notice = LossNoticeFactory(policy=policy, status="claimed") if i % 2 else None
        ClaimFactory(
            policy=policy,
            notice=notice,
            buyer=notice.buyer if notice else BuyerFactory(),
            status=STATUSES[i % len(STATUSES)],
            officer=officer if i % 3 else None,
        )


def _recoveries(org, n):
    policy = PolicyFactory(organisation=org)
    officer = ClaimsOfficerFactory()
    for _ in range(n):
        RecoveryFactory(claim__policy=policy, recorded_by=officer)


def _shipments(org, n):
    limit = CreditLimitFactory(policy=PolicyFactory(organisation=org))
    for i in range(n):
        ShipmentDeclarationFactory(
            limit=limit,
            status=ShipmentDeclaration.Status.OVERDUE if i % 2 else ShipmentDeclaration.Status.COVERED,
        )


XLSX = {"format": "xlsx"}
PAGES = [
    ("claims:claim-list", {}, _claims, ["officer", "exporter"]),
    ("claims:claim-list", XLSX, _claims, ["officer", "exporter"]),
    ("claims:queue", {}, _claims, ["officer"]),
    ("claims:queue", XLSX, _claims, ["officer"]),
    ("claims:notice-list", {}, _notices, ["officer", "exporter"]),
    ("claims:notice-list", XLSX, _notices, ["officer", "exporter"]),
    ("claims:recovery-list", {}, _recoveries, ["officer", "exporter"]),
    ("claims:recovery-list", XLSX, _recoveries, ["officer", "exporter"]),
]
API = "/api/v1/claims"
ENDPOINTS = [
    (f"{API}/", _claims, ["officer", "exporter"]),
    (f"{API}/queue/", _claims, ["officer"]),
    (f"{API}/notices/", _notices, ["officer", "exporter"]),
    (f"{API}/recoveries/", _recoveries, ["officer", "exporter"]),
    (f"{API}/notices/shipments/", _shipments, ["exporter"]),
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
