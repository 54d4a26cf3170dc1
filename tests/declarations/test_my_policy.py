"""The phone's "my policy" (issue 17 item 2): the tab opens the policy in force, whose page shows its
cover, its limits and what was declared under it (totals and the last months, a nil month marked)."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
import time_machine

from declarations.models import NilDeclaration
from tests.factories import ExporterFactory
from tests.factories.declarations import ShipmentDeclarationFactory
from tests.factories.limits import CreditLimitFactory
from tests.factories.policies import PolicyFactory

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 20)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(date(2026, 11, 20), tick=False):
        yield


def test_the_tab_opens_the_policy_in_force_with_what_was_declared(client_for):
    user = ExporterFactory()
    old = PolicyFactory(
        organisation=user.organisation, period_start=date(2025, 6, 1), period_end=date(2026, 5, 31)
    )
    old.status = "expired"
    old.save(update_fields=["status"])
    policy = PolicyFactory(
        organisation=user.organisation, period_start=date(2026, 6, 1), period_end=date(2027, 5, 31)
    )
    limit = CreditLimitFactory(policy=policy, amount_usd=Decimal("500000"), effective_date=date(2026, 6, 1))
    for shipped, amount in (
        (date(2026, 7, 3), "10000"),
        (date(2026, 9, 9), "20000"),
        (date(2026, 9, 30), "5000"),
    ):
        ShipmentDeclarationFactory(limit=limit, shipment_date=shipped, amount=Decimal(amount))
    NilDeclaration.objects.create(
        policy=policy, organisation=user.organisation, month=date(2026, 10, 1), reported_by=user
    )
    other = ShipmentDeclarationFactory(shipment_date=date(2026, 9, 1))  # another insured's
    client = client_for(user)

    response = client.get("/policies/mine/")
    assert response.status_code == 302 and response["Location"] == f"/policies/{policy.pk}/"
    page = client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="en")
    declared = page.context["declared"]
    # by hand: 3 shipments, 35,000 declared, premium 0.3% of each = 30 + 60 + 15
    assert declared["totals"]["count"] == 3
    assert declared["totals"]["amount"] == Decimal("35000")
    assert declared["totals"]["premium"] == Decimal("105.00")
    # the last six months of the policy so far, newest first: Nov, Oct (nil), Sep, Aug, Jul, Jun
    rows = [(r["month"], r["count"], r["amount"], r["nil"]) for r in declared["months"]]
    assert rows == [
        (date(2026, 11, 1), 0, Decimal("0"), False),
        (date(2026, 10, 1), 0, Decimal("0"), True),
        (date(2026, 9, 1), 2, Decimal("25000"), False),
        (date(2026, 8, 1), 0, Decimal("0"), False),
        (date(2026, 7, 1), 1, Decimal("10000"), False),
        (date(2026, 6, 1), 0, Decimal("0"), False),
    ]
    html = page.content.decode()
    assert "What was declared" in html and "USD 35,000.00" in html and "nil declaration" in html
    assert other.invoice_number not in html
    # the tab stays lit on the policy's page it opened
    tab = next(t for t in page.context["phone_tabs"] if t["url"] == "/policies/mine/")
    assert tab["active"] and [t["label"] for t in page.context["phone_tabs"] if t["active"]] == [tab["label"]]


def test_without_a_policy_in_force_the_tab_opens_the_list(client_for):
    user = ExporterFactory()
    response = client_for(user).get("/policies/mine/")
    assert response.status_code == 302 and response["Location"] == "/policies/"


def test_another_insureds_policy_is_not_reached(client_for):
    policy = PolicyFactory(period_start=TODAY - timedelta(days=30))
    stranger = ExporterFactory()
    assert client_for(stranger).get("/policies/mine/")["Location"] == "/policies/"
    assert client_for(stranger).get(f"/policies/{policy.pk}/").status_code == 404
