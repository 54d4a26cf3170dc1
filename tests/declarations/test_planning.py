"""Remaining cover at order entry (issue 14 item 5): a cover quote for an order not shipped yet,
worked out by the declaration engine's own rules in check mode (nothing reserved, nothing written),
and planned orders listed against the limit with the limit left after them.

Expected figures are worked out by hand here: the limit's amount minus its exposure, the premium as
amount x the policy's rate for a class-1 buyer on O/A up to 90 days (0.3 %)."""

from datetime import timedelta
from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from declarations.models import PlannedOrder, ShipmentDeclaration
from declarations.services import DeclarationInput, declaration_check
from declarations.services.planning import (
    PlannedInput,
    QuoteInput,
    cover_quote,
    limit_outlook,
    planned_order_add,
    planned_order_drop,
)
from limits.models import CreditLimit
from sinosure_portal.audit.models import AuditEvent
from sinosure_portal.base.errors import DomainError
from sinosure_portal.workdays.calendar import today
from tests.factories import ExporterFactory
from tests.factories.declarations import ShipmentDeclarationFactory, declaring_setup

pytestmark = pytest.mark.django_db
RATE = Decimal("0.003")  # the factory policy's rate: class 1-2, O/A, up to 90 days


def _quote(policy, limit, **kw) -> QuoteInput:
    data = {
        "policy_id": policy.pk,
        "buyer_id": limit.buyer_id,
        "shipment_date": today() + timedelta(days=20),
        "currency": "USD",
        "amount": Decimal("40000.00"),
        "payment_term": "OA",
        "credit_days": 90,
    }
    data.update(kw)
    return QuoteInput(**data)


def _written():
    return (ShipmentDeclaration.objects.count(), AuditEvent.objects.count())


def test_an_order_ahead_is_quoted_in_full_with_premium_and_due_date_and_nothing_is_written():
    user, policy, limit = declaring_setup(amount=Decimal("100000"))
    before = _written()
    shipped = today() + timedelta(days=20)
    quote = cover_quote(actor=user, data=_quote(policy, limit, shipment_date=shipped))
    assert quote.outcome == "covered"
    assert quote.covered_usd == Decimal("40000.00") and quote.uncovered_usd == Decimal("0.00")
    assert quote.premium_rate == RATE and quote.premium_usd == Decimal("120.00")  # 40,000 x 0.3 %
    assert quote.due_date == shipped + timedelta(days=90)
    assert quote.available_usd == Decimal("100000.00") and quote.reasons == []
    assert quote.limit_number == limit.number
    limit.refresh_from_db()
    assert limit.exposure_usd == Decimal("0") and _written() == before


def test_a_real_declaration_check_refuses_the_same_date_ahead():
    """The planned mode only lifts what does not apply to an order ahead: the same engine, checking a
    declaration, refuses a shipment in the future."""
    user, policy, limit = declaring_setup()
    shipped = today() + timedelta(days=20)
    data = DeclarationInput(
        policy_id=policy.pk,
        buyer_id=limit.buyer_id,
        invoice_number="INV-1",
        shipment_date=shipped,
        currency="USD",
        amount=Decimal("40000.00"),
        payment_term="OA",
        credit_days=90,
        hs_code="940360",
    )
    with pytest.raises(DomainError) as refused:
        declaration_check(actor=user, data=data)
    assert refused.value.code == "shipment_in_future"


def test_part_fits_after_the_exposure_and_the_reason_says_how_much():
    user, policy, limit = declaring_setup(amount=Decimal("100000"))
    ShipmentDeclarationFactory(limit=limit, amount=Decimal("70000.00"))  # holds 70,000 on the limit
    quote = cover_quote(actor=user, data=_quote(policy, limit))
    assert quote.outcome == "partly_covered"
    assert quote.available_usd == Decimal("30000.00")
    assert quote.covered_usd == Decimal("30000.00") and quote.uncovered_usd == Decimal("10000.00")
    assert quote.premium_usd == Decimal("120.00")  # on the amount declared, as a declaration would pay
    [reason] = quote.reasons
    assert "30000.00" in reason and "40000.00" in reason


def test_a_term_the_limit_does_not_allow_is_not_covered_with_the_reason_in_words():
    user, policy, limit = declaring_setup(terms=("OA",))
    quote = cover_quote(actor=user, data=_quote(policy, limit, payment_term="DP"))
    assert quote.outcome == "refused" and quote.covered_usd == Decimal("0.00")
    assert quote.uncovered_usd == Decimal("40000.00")
    assert quote.reason_code == "payment_term" and "DP" in quote.reasons[0] and "OA" in quote.reasons[0]


def test_a_credit_period_longer_than_the_limit_allows_is_named():
    user, policy, limit = declaring_setup(max_days=60)
    quote = cover_quote(actor=user, data=_quote(policy, limit, credit_days=90))
    assert quote.outcome == "refused" and quote.reason_code == "credit_period"
    assert "90" in quote.reasons[0] and "60" in quote.reasons[0]


def test_an_order_in_another_currency_is_valued_at_the_latest_known_rate():
    user, policy, limit = declaring_setup()  # EUR at 1.1 for the last 60 days, none ahead
    quote = cover_quote(actor=user, data=_quote(policy, limit, currency="EUR", amount=Decimal("1000.00")))
    assert quote.rate_used == Decimal("1.1") and quote.rate_date == today()
    assert quote.amount_usd == Decimal("1100.00") and quote.covered_usd == Decimal("1100.00")
    assert quote.premium_usd == Decimal("3.30")  # 1,100 x 0.3 %


def test_a_row_wrong_in_itself_is_a_400_naming_the_field():
    user, policy, limit = declaring_setup()
    with pytest.raises(DomainError) as wrong:
        cover_quote(actor=user, data=_quote(policy, limit, amount=Decimal("-5")))
    assert wrong.value.field == "amount"


def test_planned_orders_take_the_limit_first_when_asked_and_reserve_nothing():
    user, policy, limit = declaring_setup(amount=Decimal("100000"))
    order, created = planned_order_add(
        actor=user,
        data=PlannedInput(**vars(_quote(policy, limit, amount=Decimal("80000.00"))), client_reference="PO-1"),
    )
    assert created and order.limit == limit and order.status == PlannedOrder.Status.PLANNED
    limit.refresh_from_db()
    assert limit.exposure_usd == Decimal("0")  # nothing reserved
    alone = cover_quote(actor=user, data=_quote(policy, limit))
    after = cover_quote(actor=user, data=_quote(policy, limit), after_planned=True)
    assert alone.covered_usd == Decimal("40000.00")
    assert after.planned_usd == Decimal("80000.00") and after.available_usd == Decimal("20000.00")
    assert after.covered_usd == Decimal("20000.00") and after.outcome == "partly_covered"
    outlook = limit_outlook(actor=user, limit=limit)
    assert outlook.planned_usd == Decimal("80000.00") and outlook.left_after_usd == Decimal("20000.00")


def test_the_same_reference_twice_lists_one_order_and_dropping_takes_it_off_the_outlook():
    user, policy, limit = declaring_setup(amount=Decimal("100000"))
    data = PlannedInput(**vars(_quote(policy, limit, amount=Decimal("25000.00"))), client_reference="PO-7")
    first, created = planned_order_add(actor=user, data=data)
    again, created_again = planned_order_add(actor=user, data=data)
    assert created and not created_again and again.pk == first.pk
    assert PlannedOrder.objects.count() == 1
    assert AuditEvent.objects.filter(action="planned_order.planned").count() == 1
    assert limit_outlook(actor=user, limit=limit).left_after_usd == Decimal("75000.00")
    planned_order_drop(actor=user, order_id=first.pk)
    planned_order_drop(actor=user, order_id=first.pk)  # again: nothing more
    assert AuditEvent.objects.filter(action="planned_order.dropped").count() == 1
    outlook = limit_outlook(actor=user, limit=limit)
    assert outlook.lines == [] and outlook.left_after_usd == Decimal("100000.00")


def test_a_planned_order_needs_a_live_limit_and_a_date_ahead():
    user, policy, limit = declaring_setup()
    with pytest.raises(DomainError) as past:
        planned_order_add(
            actor=user,
            data=PlannedInput(**vars(_quote(policy, limit, shipment_date=today() - timedelta(days=1)))),
        )
    assert past.value.code == "planned_in_past" and past.value.field == "shipment_date"
    CreditLimit.objects.filter(pk=limit.pk).update(status=CreditLimit.Status.CANCELLED)
    with pytest.raises(DomainError) as none:
        planned_order_add(actor=user, data=PlannedInput(**vars(_quote(policy, limit))))
    assert none.value.code == "planned_without_limit" and none.value.field == "buyer"


# --- the API ---------------------------------------------------------------------------------------


def _client(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def _body(policy, limit, **kw) -> dict:
    body = {
        "policy": policy.pk,
        "buyer": limit.buyer_id,
        "shipment_date": (today() + timedelta(days=10)).isoformat(),
        "currency": "USD",
        "amount": "60000.00",
        "payment_term": "OA",
        "credit_days": 60,
    }
    body.update(kw)
    return body


def test_the_api_quotes_lists_planned_orders_and_shows_the_limit_left():
    user, policy, limit = declaring_setup(amount=Decimal("100000"))
    client = _client(user)
    quote = client.post("/api/v1/declarations/cover-quote/", _body(policy, limit), format="json")
    assert quote.status_code == 200, quote.content
    assert quote.json()["covered_usd"] == "60000.00" and quote.json()["premium_usd"] == "180.00"
    made = client.post(
        "/api/v1/declarations/planned-orders/", _body(policy, limit, client_reference="ERP-1"), format="json"
    )
    assert made.status_code == 201, made.content
    again = client.post(
        "/api/v1/declarations/planned-orders/", _body(policy, limit, client_reference="ERP-1"), format="json"
    )
    assert again.status_code == 200 and again.json()["id"] == made.json()["id"]
    outlook = client.get(f"/api/v1/limits/{limit.pk}/planned/")
    assert outlook.status_code == 200, outlook.content
    assert outlook.json()["left_after_usd"] == "40000.00" and len(outlook.json()["lines"]) == 1
    after = client.post(
        "/api/v1/declarations/cover-quote/", _body(policy, limit, after_planned=True), format="json"
    )
    assert after.json()["covered_usd"] == "40000.00" and after.json()["outcome"] == "partly_covered"
    assert after.json()["reasons"] and after.json()["uncovered_usd"] == "20000.00"
    dropped = client.delete(f"/api/v1/declarations/planned-orders/{made.json()['id']}/")
    assert dropped.status_code == 200 and dropped.json()["status"] == "dropped"


def test_bad_input_is_named_by_field_and_translated():
    user, policy, limit = declaring_setup()
    client = _client(user)
    answer = client.post(
        "/api/v1/declarations/cover-quote/",
        _body(policy, limit, amount="-1", credit_days=9999),
        format="json",
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )
    assert answer.status_code == 400
    errors = answer.json()["errors"]
    assert set(errors) == {"amount", "credit_days"}  # both at once
    assert "720" in errors["credit_days"][0] and "请" in errors["credit_days"][0]  # in the reader's language


def test_another_organisations_user_gets_404():
    user, policy, limit = declaring_setup()
    order, _created = planned_order_add(actor=user, data=PlannedInput(**vars(_quote(policy, limit))))
    stranger = _client(ExporterFactory())
    assert stranger.get(f"/api/v1/limits/{limit.pk}/planned/").status_code == 404
    assert stranger.get(f"/api/v1/declarations/planned-orders/{order.pk}/").status_code == 404
    assert stranger.delete(f"/api/v1/declarations/planned-orders/{order.pk}/").status_code == 404
    assert stranger.get("/api/v1/declarations/planned-orders/").json()["count"] == 0
    quote = stranger.post("/api/v1/declarations/cover-quote/", _body(policy, limit), format="json")
    assert quote.status_code == 400 and quote.json()["code"] == "policy_not_found"
