"""The API: declare one (or check first), batches with status and per-row report, payments,
receivables, amendments, premium invoices, exposure. Another organisation's objects are 404."""

import io
from datetime import timedelta
from decimal import Decimal

import pytest

from declarations.models import DeclarationBatch, ShipmentDeclaration
from declarations.services import declaration_batch_process
from policies.models import PremiumInvoice
from sinosure_portal.workdays.calendar import today
from tests.factories import ExporterFactory
from tests.factories.declarations import ShipmentDeclarationFactory, declaring_setup
from tests.factories.policies import MicroPolicyFactory

pytestmark = pytest.mark.django_db


def _body(policy, limit, **kw):
    body = {
        "policy": policy.pk,
        "buyer": limit.buyer_id,
        "invoice_number": "API-1",
        "shipment_date": (today() - timedelta(days=2)).isoformat(),
        "currency": "USD",
        "amount": "25000.00",
        "payment_term": "OA",
        "credit_days": 60,
        "hs_code": "940360",
        "financing_intent": True,
    }
    body.update(kw)
    return body


def test_declare_one_through_the_api(api_for):
    user, policy, limit = declaring_setup(amount=Decimal("30000"))
    api = api_for(user)
    response = api.post("/api/v1/declarations/", _body(policy, limit), format="json")
    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["status"] == "covered" and data["covered_usd"] == "25000.00" and data["financing_intent"]
    part = api.post(
        "/api/v1/declarations/", _body(policy, limit, invoice_number="API-2"), format="json"
    ).json()
    assert (
        part["status"] == "partly_covered"
        and part["covered_usd"] == "5000.00"
        and "5000.00" in part["reason"]
    )
    refused = api.post("/api/v1/declarations/", _body(policy, limit, invoice_number="API-3"), format="json")
    assert refused.status_code == 400 and refused.json()["code"] == "limit_exhausted"
    again = api.post("/api/v1/declarations/", _body(policy, limit), format="json")
    assert again.status_code == 400 and again.json()["code"] == "already_declared"
    assert again.json()["field"] == "invoice_number"
    listed = api.get("/api/v1/declarations/", {"status": "partly_covered"}).json()
    assert [d["invoice_number"] for d in listed["results"]] == ["API-2"]


def test_check_answers_without_declaring(api_for):
    user, policy, limit = declaring_setup(amount=Decimal("10000"))
    api = api_for(user)
    answer = api.post("/api/v1/declarations/check/", _body(policy, limit), format="json").json()
    assert answer["outcome"] == "partly_covered" and answer["covered_usd"] == "10000.00"
    assert answer["due_date"] == (today() - timedelta(days=2) + timedelta(days=60)).isoformat()
    assert Decimal(answer["premium_usd"]) > 0
    refused = api.post(
        "/api/v1/declarations/check/", _body(policy, limit, currency="GBP"), format="json"
    ).json()
    assert (
        refused["outcome"] == "refused"
        and refused["reason_code"] == "rate_missing"
        and "GBP" in refused["reason"]
    )
    assert not ShipmentDeclaration.objects.exists()


def test_micro_policies_say_they_do_not_declare(api_for):
    user, _policy, limit = declaring_setup()
    micro = MicroPolicyFactory(organisation=user.organisation)
    response = api_for(user).post("/api/v1/declarations/", _body(micro, limit), format="json")
    assert response.status_code == 400 and response.json()["code"] == "policy_does_not_declare"
    assert "do not declare" in response.json()["message"]


def test_a_batch_through_the_api_with_status_and_report_in_the_readers_language(
    api_for, _no_broker_for_batches, django_capture_on_commit_callbacks
):
    user, policy, limit = declaring_setup()
    api = api_for(user)
    shipped = (today() - timedelta(days=2)).isoformat()
    rows = [
        {
            "invoice_number": "J-1",
            "buyer": str(limit.buyer_id),
            "shipment_date": shipped,
            "currency": "USD",
            "amount": "100.00",
            "payment_term": "OA",
            "credit_days": 30,
            "hs_code": "940360",
        },
        {
            "invoice_number": "J-2",
            "buyer": limit.buyer.name,
            "shipment_date": shipped,
            "currency": "GBP",
            "amount": "100.00",
            "payment_term": "OA",
            "credit_days": 30,
            "hs_code": "940360",
        },
    ]
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post(
            "/api/v1/declarations/batches/", {"policy": policy.pk, "rows": rows}, format="json"
        )
    assert response.status_code == 202, response.json()
    batch_id = response.json()["id"]
    assert response.json()["status"] == "queued" and _no_broker_for_batches == [batch_id]
    declaration_batch_process(batch_id=batch_id)
    status = api.get(f"/api/v1/declarations/batches/{batch_id}/").json()
    assert (status["status"], status["progress"], status["covered_rows"], status["refused_rows"]) == (
        "completed",
        100,
        1,
        1,
    )
    report = api.get(f"/api/v1/declarations/batches/{batch_id}/rows/", HTTP_ACCEPT_LANGUAGE="zh-hans").json()
    assert [r["outcome"] for r in report["results"]] == ["covered", "refused"]
    assert "汇率" in report["results"][1]["reason"]
    refused = api.get(f"/api/v1/declarations/batches/{batch_id}/rows/", {"outcome": "refused"}).json()
    assert refused["count"] == 1 and refused["results"][0]["invoice_number"] == "J-2"
    # sending the same rows again declares nothing twice
    second = api.post(
        "/api/v1/declarations/batches/", {"policy": policy.pk, "rows": rows}, format="json"
    ).json()
    declaration_batch_process(batch_id=second["id"])
    assert api.get(f"/api/v1/declarations/batches/{second['id']}/").json()["duplicate_rows"] == 1
    assert ShipmentDeclaration.objects.filter(policy=policy).count() == 1


def test_upload_a_file_through_the_api(api_for):
    user, policy, limit = declaring_setup()
    content = (
        "发票号,买方,出运日期,币种,发票金额,支付方式,信用期限（天）,商品编码\n"
        f"U-1,{limit.buyer_id},{(today() - timedelta(days=1)).isoformat()},USD,10.00,赊销,30,940360\n"
    ).encode()
    upload = io.BytesIO(content)
    upload.name = "申报.csv"
    response = api_for(user).post(
        "/api/v1/declarations/batches/upload/", {"policy": policy.pk, "file": upload}, format="multipart"
    )
    assert response.status_code == 202
    batch = declaration_batch_process(batch_id=response.json()["id"])
    assert batch.covered_rows == 1 and batch.source == DeclarationBatch.Source.CSV


def test_payments_and_receivables_through_the_api(api_for, django_assert_max_num_queries):
    user, policy, limit = declaring_setup()
    api = api_for(user)
    for i in range(3):
        api.post(
            "/api/v1/declarations/",
            _body(policy, limit, invoice_number=f"PAY-{i}", amount="1000.00"),
            format="json",
        )
    paid = api.post(
        "/api/v1/declarations/payments/",
        {
            "received_on": today().isoformat(),
            "amount": "1000.00",
            "currency": "USD",
            "invoice_number": "PAY-0",
        },
        format="json",
    )
    assert paid.status_code == 201 and paid.json()[0]["invoice_status"] == "settled"
    bulk = api.post(
        "/api/v1/declarations/payments/bulk/",
        {
            "payments": [
                {
                    "received_on": today().isoformat(),
                    "amount": "300.00",
                    "currency": "USD",
                    "buyer": limit.buyer_id,
                },
                {
                    "received_on": today().isoformat(),
                    "amount": "9.00",
                    "currency": "USD",
                    "invoice_number": "NONE",
                },
            ]
        },
        format="json",
    ).json()
    assert [r["ok"] for r in bulk] == [True, False] and bulk[0]["invoices"] == ["PAY-1"]
    with django_assert_max_num_queries(8):
        receivables = api.get("/api/v1/declarations/receivables/").json()
    assert [r["invoice_number"] for r in receivables["results"]] == ["PAY-1", "PAY-2"]
    assert (
        receivables["results"][0]["outstanding"] == "700.00"
        and receivables["results"][0]["bucket"] == "current"
    )


def test_the_receivables_endpoint_query_count_does_not_grow_with_rows(api_for, django_assert_max_num_queries):
    user, policy, limit = declaring_setup()
    ShipmentDeclarationFactory.create_batch(50, limit=limit)
    with django_assert_max_num_queries(8):
        data = api_for(user).get("/api/v1/declarations/receivables/").json()
    assert data["count"] == 50 and len(data["results"]) == 50


def test_another_organisations_objects_are_not_found(api_for, underwriter):
    user, policy, limit = declaring_setup()
    d = ShipmentDeclarationFactory(limit=limit)
    batch = DeclarationBatch.objects.create(
        policy=policy, organisation=policy.organisation, source="api", file_sha256="x"
    )
    invoice = PremiumInvoice.objects.create(
        policy=policy,
        period_start=today(),
        period_end=today(),
        payer="insured",
        amount_usd=1,
        due_date=today(),
    )
    amendment = (
        api_for(user)
        .post(
            "/api/v1/declarations/amendments/",
            {"declaration": d.pk, "reason": "x", "new_amount": "10.00"},
            format="json",
        )
        .json()
    )
    other = api_for(ExporterFactory())
    for url in (
        f"/api/v1/declarations/{d.pk}/",
        f"/api/v1/declarations/batches/{batch.pk}/",
        f"/api/v1/declarations/batches/{batch.pk}/rows/",
        f"/api/v1/declarations/limits/{limit.pk}/exposure/",
        f"/api/v1/policies/invoices/{invoice.pk}/pdf/",
        "/api/v1/declarations/exposure/buyers/",
    ):
        assert other.get(url).status_code == 404, url
    assert (
        other.post(
            f"/api/v1/declarations/amendments/{amendment['id']}/decision/", {"decision": "withdraw"}
        ).status_code
        == 404
    )
    assert other.get("/api/v1/declarations/").json()["count"] == 0
    assert other.get("/api/v1/declarations/receivables/").json()["count"] == 0
    # the underwriter sees it, and decides the amendment
    staff = api_for(underwriter)
    assert staff.get(f"/api/v1/declarations/{d.pk}/").status_code == 200
    decided = staff.post(
        f"/api/v1/declarations/amendments/{amendment['id']}/decision/", {"decision": "approve"}, format="json"
    )
    assert decided.status_code == 200 and decided.json()["status"] == "approved"
    exposure = staff.get("/api/v1/declarations/exposure/buyers/").json()
    assert exposure["results"][0]["buyer_id"] == limit.buyer_id


def test_limit_exposure_live(api_for):
    user, policy, limit = declaring_setup(amount=Decimal("1000"))
    api = api_for(user)
    api.post("/api/v1/declarations/", _body(policy, limit, amount="400.00"), format="json")
    data = api.get(f"/api/v1/declarations/limits/{limit.pk}/exposure/").json()
    assert (data["exposure_usd"], data["available_usd"], data["open_declarations"]) == ("400.00", "600.00", 1)
