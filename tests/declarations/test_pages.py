"""Pages: declare with an immediate answer, SME/micro say they do not declare, upload with the
template and the report, receivables with ageing (query count constant), payments, amendments,
the limit's live exposure, underwriters' exposure per buyer, premium invoices; Excel exports;
another organisation's objects are 404."""

from datetime import timedelta
from decimal import Decimal
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from declarations.models import DeclarationAmendment, DeclarationBatch, ShipmentDeclaration
from declarations.services import declaration_batch_process
from policies.models import PremiumInvoice
from sinosure_portal.workdays.calendar import today
from tests.factories import ExporterFactory
from tests.factories.declarations import ShipmentDeclarationFactory, declaring_setup
from tests.factories.policies import MicroPolicyFactory

pytestmark = pytest.mark.django_db


def _form(limit, **kw):
    data = {
        "limit": limit.pk,
        "invoice_number": "PG-1",
        "shipment_date": (today() - timedelta(days=1)).isoformat(),
        "currency": "USD",
        "amount": "60000",
        "payment_term": "OA",
        "credit_days": "90",
        "hs_code": "940360",
        "description": "sofas",
    }
    data.update(kw)
    return data


def test_check_gives_the_answer_at_once_then_declare(client_for):
    user, policy, limit = declaring_setup(amount=Decimal("50000"))
    c = client_for(user)
    page = c.post("/declarations/new/", {**_form(limit), "action": "check"}).content.decode()
    assert 'data-outcome="partly_covered"' in page
    assert "USD 50,000.00" in page and "10000" not in page.split('data-testid="answer-reason"')[0][-10:]
    assert (
        'data-testid="answer-due"' in page
        and (today() - timedelta(days=1) + timedelta(days=90)).isoformat() in page
    )
    assert not ShipmentDeclaration.objects.exists()
    response = c.post("/declarations/new/", {**_form(limit), "action": "declare"})
    d = ShipmentDeclaration.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/declarations/{d.pk}/"
    detail = c.get(response["Location"]).content.decode()
    assert "Partly covered" in detail and 'data-testid="reason"' in detail


def test_a_refusal_shows_its_reason_next_to_the_form(client_for):
    user, policy, limit = declaring_setup()
    page = client_for(user).post("/declarations/new/", {**_form(limit, payment_term="DP"), "action": "check"})
    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-outcome="refused"' in html and "not one the credit limit allows" in html
    bad = (
        client_for(user)
        .post("/declarations/new/", {**_form(limit, hs_code="12"), "action": "declare"})
        .content.decode()
    )
    assert 'data-field-error="hs_code"' in bad


def test_micro_and_sme_policies_say_they_do_not_declare(client_for):
    user = ExporterFactory()
    MicroPolicyFactory(organisation=user.organisation)
    for url in ("/declarations/new/", "/declarations/upload/"):
        html = client_for(user).get(url).content.decode()
        assert 'data-testid="not-declaring"' in html and "do not declare" in html


def test_upload_page_queues_the_file_and_the_batch_page_shows_the_report(
    client_for, django_capture_on_commit_callbacks
):
    user, policy, limit = declaring_setup()
    c = client_for(user)
    template = c.get("/declarations/template.csv?lang=zh")
    assert template.content.decode("utf-8-sig").startswith("发票号,买方,出运日期")
    shipped = (today() - timedelta(days=1)).isoformat()
    content = (
        "Invoice number,Buyer,Shipment date,Currency,Amount,Payment term,Credit period (days),HS code\n"
        f"UP-1,{limit.buyer_id},{shipped},USD,100,OA,30,940360\n"
        f"UP-2,{limit.buyer_id},{shipped},USD,100,DP,30,940360\n"
    ).encode()
    with django_capture_on_commit_callbacks(execute=True):
        response = c.post(
            "/declarations/upload/",
            {"policy": policy.pk, "file": SimpleUploadedFile("u.csv", content, content_type="text/csv")},
        )
    batch = DeclarationBatch.objects.get()
    assert response["Location"] == f"/declarations/batches/{batch.pk}/"
    queued = c.get(response["Location"]).content.decode()
    assert 'data-status="queued"' in queued and "batch-status" in queued
    declaration_batch_process(batch_id=batch.pk)
    status = c.get(f"/declarations/batches/{batch.pk}/status/").json()
    assert status["progress"] == 100 and status["finished"]
    page = c.get(f"/declarations/batches/{batch.pk}/").content.decode()
    assert 'data-outcome="covered"' in page and 'data-outcome="refused"' in page
    assert "Payment term DP is not one the credit limit allows" in page
    report = c.get(f"/declarations/batches/{batch.pk}/report.xlsx")
    rows = list(load_workbook(BytesIO(report.content)).active.values)
    assert [r[1] for r in rows[1:]] == ["UP-1", "UP-2"] and "DP" in rows[2][4]


def test_a_file_without_the_columns_is_refused_on_the_upload_page(client_for):
    user, policy, limit = declaring_setup()
    response = client_for(user).post(
        "/declarations/upload/", {"policy": policy.pk, "file": SimpleUploadedFile("x.csv", b"foo,bar\n1,2\n")}
    )
    assert response.status_code == 200 and "The file has no column for" in response.content.decode()
    assert not DeclarationBatch.objects.exists()


def test_the_excel_template_reads_back_in_either_language(client_for):
    user, policy, limit = declaring_setup()
    from declarations.rows import read_header

    for lang in ("zh", "en"):
        content = client_for(user).get(f"/declarations/template.xlsx?lang={lang}").content
        assert set(read_header("t.xlsx", content)) >= {"invoice_number", "buyer", "amount", "credit_days"}


def test_receivables_page_with_ageing_and_a_constant_query_count(client_for, django_assert_max_num_queries):
    user, policy, limit = declaring_setup()
    c = client_for(user)
    for days in (-5, 10, 45, 75, 120, 200):
        ShipmentDeclarationFactory(
            limit=limit, due_date=today() - timedelta(days=days), status="overdue" if days > 0 else "covered"
        )
    c.get("/declarations/receivables/")
    with django_assert_max_num_queries(12) as few:
        html = c.get("/declarations/receivables/").content.decode()
    for bucket in ("current", "1_30", "31_60", "61_90", "91_180", "over_180"):
        assert f'data-bucket="{bucket}"' in html
    ShipmentDeclarationFactory.create_batch(50, limit=limit)
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = c.get("/declarations/receivables/").content.decode()
    assert html.count('href="/declarations/') >= 50
    filtered = c.get("/declarations/receivables/", {"bucket": "61_90"}).content.decode()
    assert filtered.count('data-bucket="61_90"') >= 2  # the summary line and the one receivable
    export = c.get("/declarations/receivables/", {"format": "xlsx"})
    assert len(list(load_workbook(BytesIO(export.content)).active.values)) == 57


def test_lists_export_to_excel(client_for):
    user, policy, limit = declaring_setup()
    ShipmentDeclarationFactory(limit=limit, invoice_number="XL-1")
    c = client_for(user)
    for url in ("/declarations/list/", "/declarations/payments/", "/policies/invoices/"):
        response = c.get(url, {"format": "xlsx"})
        assert response["Content-Type"].startswith("application/vnd.openxmlformats"), url
    rows = list(
        load_workbook(BytesIO(c.get("/declarations/list/", {"format": "xlsx"}).content)).active.values
    )
    assert rows[1][0] == "XL-1"


def test_pay_and_amend_from_the_declaration_page_and_the_underwriter_applies(client_for, underwriter):
    user, policy, limit = declaring_setup()
    d = ShipmentDeclarationFactory(limit=limit, amount=Decimal("1000.00"))
    limit.exposure_usd = Decimal("1000.00")
    limit.save()
    c = client_for(user)
    assert (
        c.post(
            f"/declarations/{d.pk}/payment/", {"received_on": today().isoformat(), "amount": "400"}
        ).status_code
        == 302
    )
    too_much = c.post(f"/declarations/{d.pk}/payment/", {"received_on": today().isoformat(), "amount": "900"})
    assert too_much.status_code == 400 and 'data-field-error="amount"' in too_much.content.decode()
    assert (
        c.post(f"/declarations/{d.pk}/amend/", {"new_amount": "800", "reason": "credit note"}).status_code
        == 302
    )
    amendment = DeclarationAmendment.objects.get()
    staff = client_for(underwriter)
    assert "credit note" in staff.get("/declarations/amendments/").content.decode()
    staff.post(f"/declarations/amendments/{amendment.pk}/decide/", {"decision": "approve", "reason": "ok"})
    d.refresh_from_db()
    assert d.amount == Decimal("800.00") and d.paid_amount == Decimal("400")
    limit.refresh_from_db()
    assert limit.exposure_usd == Decimal("400.00")


def test_payments_page_records_by_buyer_and_from_a_file(client_for):
    user, policy, limit = declaring_setup()
    ShipmentDeclarationFactory(limit=limit, invoice_number="PP-1", amount=Decimal("100.00"))
    c = client_for(user)
    response = c.post(
        "/declarations/payments/",
        {
            "one-buyer": limit.buyer_id,
            "one-currency": "USD",
            "one-amount": "40",
            "one-received_on": today().isoformat(),
        },
    )
    assert response.status_code == 302
    content = f"Invoice number,Received on,Currency,Amount\nPP-1,{today().isoformat()},USD,60\nPP-9,{today().isoformat()},USD,1\n".encode()
    html = c.post(
        "/declarations/payments/", {"file-file": SimpleUploadedFile("p.csv", content)}
    ).content.decode()
    assert 'data-testid="payment-report"' in html and "No declared invoice PP-9" in html
    assert ShipmentDeclaration.objects.get(invoice_number="PP-1").status == "settled"


def test_limit_page_shows_exposure_and_available(client_for):
    user, policy, limit = declaring_setup(amount=Decimal("1000"))
    ShipmentDeclarationFactory(limit=limit, amount=Decimal("300.00"))
    limit.exposure_usd = Decimal("300.00")
    limit.save()
    c = client_for(user)
    html = c.get(f"/declarations/limits/{limit.pk}/").content.decode()
    assert "USD 300.00" in html and "USD 700.00" in html
    assert c.get(f"/declarations/limits/{limit.pk}/status/").json()["available_usd"] == "700.00"


def test_underwriter_sees_exposure_per_buyer_and_exporters_do_not(client_for, underwriter):
    user, policy, limit = declaring_setup()
    other_user, other_policy, other_limit = declaring_setup(user=ExporterFactory(), buyer=limit.buyer)
    html = client_for(underwriter).get("/declarations/exposure/").content.decode()
    assert limit.buyer.name in html
    assert client_for(user).get("/declarations/exposure/").status_code == 404


def test_premium_invoice_pdf_page(client_for):
    user, policy, limit = declaring_setup()
    invoice = PremiumInvoice.objects.create(
        policy=policy,
        period_start=today(),
        period_end=today(),
        payer="insured",
        amount_usd=5,
        due_date=today(),
        number="PI-T-1",
    )
    c = client_for(user)
    assert "PI-T-1" in c.get("/policies/invoices/").content.decode()
    pdf = c.get(f"/policies/invoices/{invoice.pk}/pdf/")
    assert pdf["Content-Type"] == "application/pdf"
    # the addresses of the page this app had lead to the one list of premium invoices
    old = c.get("/declarations/premium-invoices/", {"status": "issued"})
    assert (old.status_code, old["Location"]) == (301, "/policies/invoices/?status=issued")
    old_pdf = c.get(f"/declarations/premium-invoices/{invoice.pk}/pdf/")
    assert (old_pdf.status_code, old_pdf["Location"]) == (301, f"/policies/invoices/{invoice.pk}/pdf/")
    assert client_for(ExporterFactory()).get(f"/policies/invoices/{invoice.pk}/pdf/").status_code == 404


def test_another_organisations_pages_are_not_found(client_for):
    user, policy, limit = declaring_setup()
    d = ShipmentDeclarationFactory(limit=limit)
    batch = DeclarationBatch.objects.create(
        policy=policy, organisation=policy.organisation, source="csv", file_sha256="x"
    )
    other = client_for(ExporterFactory())
    for url in (
        f"/declarations/{d.pk}/",
        f"/declarations/batches/{batch.pk}/",
        f"/declarations/batches/{batch.pk}/status/",
        f"/declarations/batches/{batch.pk}/report.xlsx",
        f"/declarations/limits/{limit.pk}/",
        f"/declarations/limits/{limit.pk}/status/",
    ):
        assert other.get(url).status_code == 404, url
    assert (
        other.post(
            f"/declarations/{d.pk}/payment/", {"received_on": today().isoformat(), "amount": "1"}
        ).status_code
        == 404
    )
    assert d.invoice_number not in other.get("/declarations/list/").content.decode()
    assert d.invoice_number not in other.get("/declarations/receivables/").content.decode()
