"""Idempotency keys on every API write: a repeat gets the first answer and changes nothing twice;
the same key for another request is 422; a key over 255 characters is 400; a refused request is not
kept as the answer; concurrent repeats run the request once."""

import threading
from datetime import timedelta
from decimal import Decimal as D

import pytest
from django.db import connection
from rest_framework.test import APIClient

from declarations.models import Payment, ShipmentDeclaration
from financing.models import Loan, Repayment
from limits.models import CreditLimitApplication
from sinosure_portal.core.models import IdempotencyRecord
from sinosure_portal.workdays.calendar import today
from tests.factories import BuyerFactory, ExporterFactory
from tests.factories.declarations import declaring_setup
from tests.factories.financing import financing_setup, receivable

pytestmark = pytest.mark.django_db


def _declaration(policy, limit, **kw):
    return {
        "policy": policy.pk,
        "buyer": limit.buyer_id,
        "invoice_number": "IK-1",
        "shipment_date": (today() - timedelta(days=2)).isoformat(),
        "currency": "USD",
        "amount": "25000.00",
        "payment_term": "OA",
        "credit_days": 60,
        "hs_code": "940360",
        **kw,
    }


def _twice(api, url, body, key):
    first = api.post(url, body, format="json", HTTP_IDEMPOTENCY_KEY=key)
    again = api.post(url, body, format="json", HTTP_IDEMPOTENCY_KEY=key)
    return first, again


def _replayed(first, again, status=201):
    assert first.status_code == status, first.content
    assert again.status_code == status and again.content == first.content
    assert again["Idempotent-Replayed"] == "true" and "Idempotent-Replayed" not in first


def test_a_repeated_declaration_and_payment_are_made_once(api_for):
    user, policy, limit = declaring_setup()
    api = api_for(user)
    first, again = _twice(api, "/api/v1/declarations/", _declaration(policy, limit), "decl-0001")
    _replayed(first, again)
    assert ShipmentDeclaration.objects.filter(policy=policy).count() == 1
    payment = {
        "received_on": today().isoformat(),
        "amount": "1000.00",
        "currency": "USD",
        "invoice_number": "IK-1",
    }
    first, again = _twice(api, "/api/v1/declarations/payments/", payment, "pay-0001")
    _replayed(first, again)
    assert Payment.objects.count() == 1
    assert ShipmentDeclaration.objects.get(policy=policy).paid_amount == D("1000.00")


def test_a_repeated_loan_repayment_and_limit_application_are_made_once(api_for):
    setup = financing_setup()
    a = receivable(setup, amount=D("10000"))
    bank = api_for(setup.bank_officer)
    loan = {
        "borrower": setup.exporter.organisation_id,
        "loan_date": today().isoformat(),
        "currency": "USD",
        "amount": "5000.00",
        "declarations": [a.pk],
    }
    first, again = _twice(bank, "/api/v1/financing/loans/", loan, "loan-0001")
    _replayed(first, again)
    assert Loan.objects.count() == 1
    url = f"/api/v1/financing/loans/{first.json()['id']}/repayments/"
    first, again = _twice(bank, url, {"repaid_on": today().isoformat(), "amount": "1000.00"}, "rp-0001")
    _replayed(first, again)
    assert Repayment.objects.count() == 1 and Loan.objects.get().repaid_amount == D("1000.00")

    application = {
        "policy": setup.policy.pk,
        "buyer": BuyerFactory().pk,
        "payment_term": "OA",
        "credit_period_days": 90,
        "amount_requested_usd": "30000",
        "goods_category": "家具",
    }
    exporter = api_for(setup.exporter)
    first, again = _twice(exporter, "/api/v1/limits/applications/", application, "la-0001")
    _replayed(first, again)
    assert CreditLimitApplication.objects.filter(policy=setup.policy).count() == 1


def test_the_same_key_for_another_body_path_or_user_is_422(api_for):
    user, policy, limit = declaring_setup()
    api = api_for(user)
    assert (
        api.post(
            "/api/v1/declarations/", _declaration(policy, limit), format="json", HTTP_IDEMPOTENCY_KEY="k-1"
        ).status_code
        == 201
    )
    other_body = api.post(
        "/api/v1/declarations/",
        _declaration(policy, limit, invoice_number="IK-2"),
        format="json",
        HTTP_IDEMPOTENCY_KEY="k-1",
    )
    assert other_body.status_code == 422 and other_body.json()["code"] == "idempotency_key_reused"
    other_path = api.post(
        "/api/v1/declarations/check/", _declaration(policy, limit), format="json", HTTP_IDEMPOTENCY_KEY="k-1"
    )
    assert other_path.status_code == 422
    colleague = ExporterFactory(organisation=user.organisation)
    other_user = api_for(colleague).post(
        "/api/v1/declarations/", _declaration(policy, limit), format="json", HTTP_IDEMPOTENCY_KEY="k-1"
    )
    assert other_user.status_code == 422
    assert ShipmentDeclaration.objects.filter(policy=policy).count() == 1


def test_a_key_over_255_characters_is_400_and_a_refused_request_is_not_the_answer(api_for):
    user, policy, limit = declaring_setup()
    api = api_for(user)
    long = api.post(
        "/api/v1/declarations/", _declaration(policy, limit), format="json", HTTP_IDEMPOTENCY_KEY="k" * 256
    )
    assert long.status_code == 400 and long.json()["code"] == "idempotency_key_invalid"
    assert ShipmentDeclaration.objects.count() == 0
    assert (
        api.post(
            "/api/v1/declarations/",
            _declaration(policy, limit),
            format="json",
            HTTP_IDEMPOTENCY_KEY="k" * 255,
        ).status_code
        == 201
    )
    # a refused request (bad amount) keeps nothing: the corrected one with the same key goes through
    bad = api.post(
        "/api/v1/declarations/",
        _declaration(policy, limit, invoice_number="IK-9", amount="-1"),
        format="json",
        HTTP_IDEMPOTENCY_KEY="fix-me",
    )
    assert bad.status_code == 400 and not IdempotencyRecord.objects.filter(key="fix-me").exists()
    fixed = api.post(
        "/api/v1/declarations/",
        _declaration(policy, limit, invoice_number="IK-9", amount="-1"),
        format="json",
        HTTP_IDEMPOTENCY_KEY="fix-me",
    )
    assert fixed.status_code == 400  # the same refused body is refused again, not replayed
    good = api.post(
        "/api/v1/declarations/",
        _declaration(policy, limit, invoice_number="IK-9"),
        format="json",
        HTTP_IDEMPOTENCY_KEY="fix-me",
    )
    assert good.status_code == 201


def test_an_answer_older_than_the_window_is_not_replayed(api_for, settings):
    user, policy, limit = declaring_setup()
    api = api_for(user)
    body = _declaration(policy, limit)
    assert (
        api.post("/api/v1/declarations/", body, format="json", HTTP_IDEMPOTENCY_KEY="old").status_code == 201
    )
    IdempotencyRecord.objects.filter(key="old").update(
        created_at=IdempotencyRecord.objects.get().created_at - timedelta(hours=25)
    )
    again = api.post("/api/v1/declarations/", body, format="json", HTTP_IDEMPOTENCY_KEY="old")
    # processed again: the declaration itself refuses the invoice already declared
    assert again.status_code == 400 and "Idempotent-Replayed" not in again
    assert ShipmentDeclaration.objects.filter(policy=policy).count() == 1


@pytest.mark.django_db(transaction=True)
def test_concurrent_repeats_declare_once():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL's concurrent connections")
    from sinosure_portal.accounts.keys import api_key_create

    user, policy, limit = declaring_setup()
    secret = api_key_create(user=user, name="race").secret
    body = _declaration(policy, limit, invoice_number="RACE-1")
    n = 8
    barrier = threading.Barrier(n)
    statuses = [None] * n

    def send(i):
        try:
            client = APIClient()
            client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
            barrier.wait(timeout=30)
            statuses[i] = client.post(
                "/api/v1/declarations/", body, format="json", HTTP_IDEMPOTENCY_KEY="race-1"
            ).status_code
        finally:
            connection.close()

    threads = [threading.Thread(target=send, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert ShipmentDeclaration.objects.filter(policy=policy, invoice_number="RACE-1").count() == 1
    assert statuses.count(201) >= 1 and set(statuses) <= {201, 409}, statuses
