"""Done when: an exporter asks what an order ahead would get (covered, not covered, premium and
why, in Chinese), lists it as a planned order, sees the limit left after it, quotes a second order
after the planned one, drops the planned order, and the limit's page shows its history."""

from datetime import timedelta
from decimal import Decimal

import pytest

from declarations.models import PlannedOrder
from limits.models import CreditLimit
from sinosure_portal.workdays.calendar import today
from tests.browser.conftest import sign_in
from tests.factories import PASSWORD
from tests.factories.declarations import ShipmentDeclarationFactory, declaring_setup

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _fill(page, limit, amount: str, *, reference: str = "", after_planned: bool = True):
    page.select_option("#id_limit", str(limit.pk))
    page.fill("#id_shipment_date", (today() + timedelta(days=15)).isoformat())
    page.select_option("#id_currency", "USD")
    page.fill("#id_amount", amount)
    page.select_option("#id_payment_term", "OA")
    page.fill("#id_credit_days", "60")
    page.set_checked("#id_after_planned", after_planned)
    page.fill("#id_client_reference", reference)


def test_quote_plan_see_the_limit_left_and_drop(page, settings):
    settings.LANGUAGE_CODE = "zh-hans"
    user, policy, limit = declaring_setup(amount=Decimal("100000"), terms=("OA",), max_days=90)
    ShipmentDeclarationFactory(limit=limit, amount=Decimal("30000.00"))  # 70,000 left
    sign_in(page, user.username, PASSWORD)
    page.goto(f"{page.base_url}/declarations/cover/")

    _fill(page, limit, "50000.00")
    page.click("[data-testid=quote]")
    answer = page.locator("[data-testid=quote-answer]")
    assert answer.get_attribute("data-outcome") == "covered"
    assert "50,000.00" in page.inner_text("[data-testid=quote-covered]")
    assert "150.00" in page.inner_text("[data-testid=quote-premium]")  # 50,000 x 0.3 %

    _fill(page, limit, "50000.00", reference="PO-2026-001")
    page.click("[data-testid=plan]")
    assert PlannedOrder.objects.filter(client_reference="PO-2026-001").count() == 1
    assert "20,000.00" in page.inner_text("[data-testid=left-after]")  # 70,000 - 50,000
    limit.refresh_from_db()
    assert limit.exposure_usd == Decimal("30000.00")  # nothing reserved

    _fill(page, limit, "30000.00")  # after the planned order, 20,000 of it fits
    page.click("[data-testid=quote]")
    assert answer.get_attribute("data-outcome") == "partly_covered"
    assert "20,000.00" in page.inner_text("[data-testid=quote-covered]")
    assert "10,000.00" in page.inner_text("[data-testid=quote-uncovered]")
    reasons = page.inner_text("[data-testid=quote-reasons]")
    assert "20000.00" in reasons and "30000.00" in reasons and "仅" in reasons  # in words, in Chinese

    _fill(page, limit, "30000.00")
    page.select_option("#id_payment_term", "DA")  # a term the limit does not allow
    page.click("[data-testid=quote]")
    assert answer.get_attribute("data-outcome") == "refused"
    assert "DA" in page.inner_text("[data-testid=quote-reasons]")

    page.click("[data-testid=drop]")
    page.wait_for_selector("[data-testid=no-planned]")
    assert PlannedOrder.objects.get(client_reference="PO-2026-001").status == "dropped"

    page.goto(f"{page.base_url}/limits/{limit.pk}/")
    history = page.inner_text("[data-testid=limit-history]")
    assert CreditLimit.objects.get(pk=limit.pk).number
    assert page.locator("[data-testid=limit-history] li[data-kind]").count() >= 1
    assert history.strip()
