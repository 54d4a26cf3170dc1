"""A code that is no currency (XXX "no currency", XTS "testing") is refused as such, on every
way in, never reported as a missing exchange rate (issue 15 class 8)."""

from datetime import timedelta

import pytest

from sinosure_portal.workdays.calendar import today
from tests.factories.declarations import declaring_setup

pytestmark = pytest.mark.django_db


def _body(policy, limit, currency):
    return {
        "policy": policy.pk,
        "buyer": limit.buyer_id,
        "invoice_number": f"CUR-{currency}",
        "shipment_date": (today() - timedelta(days=2)).isoformat(),
        "currency": currency,
        "amount": "1000.00",
        "payment_term": "OA",
        "credit_days": 60,
        "hs_code": "940360",
    }


@pytest.mark.parametrize("code", ["XXX", "XTS"])
def test_declaring_in_a_code_that_is_no_currency_says_so(api_for, code):
    user, policy, limit = declaring_setup()
    api = api_for(user)
    for url in ("/api/v1/declarations/", "/api/v1/declarations/check/"):
        response = api.post(url, _body(policy, limit, code), format="json")
        assert response.status_code == 400, (url, response.content)
        text = response.content.decode()
        assert "exchange rate" not in text and "Unknown currency" in text, (url, text)
