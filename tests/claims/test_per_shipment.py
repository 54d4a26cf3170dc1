"""Indemnity per shipment through the services, the API, the page and the indemnity notice PDF
(DESIGN.md "Loss and indemnity"). Expected figures are worked out by hand in each test."""

import subprocess
from decimal import Decimal as D

import pytest
from django.urls import reverse

from claims import services
from tests.factories import ClaimsOfficerFactory, ExporterFactory
from tests.factories.claims import file_notice, overdue_setup, walk

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer():
    return ClaimsOfficerFactory()


def _two_shipment_claim():
    """Invoice A 100,000 USD covered 100,000 with 90,000 paid; invoice B 100,000 covered 10,000,
    unpaid; the policy's ratio is 90%."""
    user, policy, _limit, (a, b) = overdue_setup(
        amounts=(D("100000"), D("100000")), covered=(D("100000"), D("10000"))
    )
    type(a).objects.filter(pk=a.pk).update(paid_usd=D("90000"))
    a.refresh_from_db()
    notice = file_notice(user, policy, [a, b])
    claim = services.claim_file_from_notice(actor=user, notice_id=notice.pk)
    return user, claim, a, b


def _pdf_text(content: bytes) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=content, capture_output=True, check=True
    ).stdout.decode()


def test_worked_example_18000_through_the_services_and_the_api(officer, api_for):
    user, claim, a, b = _two_shipment_claim()
    claim = walk(claim, insured=user, officer=officer, to="assessed")
    lines = dict(claim.assessment["lines"])
    # A: loss 10,000, cover 100,000 -> 10,000; B: loss 100,000, cover 10,000 -> 10,000
    assert lines["indemnifiable_loss"] == "20000.00"
    assert lines["indemnity"] == "18000.00"  # min over totals would have paid 99,000.00
    body = api_for(officer).get(reverse("claims_api:claim-assessment", args=[claim.pk])).json()
    shipments = {s["key"]: s for s in body["shipments"]}
    assert (shipments[a.invoice_number]["loss"], shipments[a.invoice_number]["indemnifiable"]) == (
        "10000.00",
        "10000.00",
    )
    assert (shipments[b.invoice_number]["loss"], shipments[b.invoice_number]["indemnifiable"]) == (
        "100000.00",
        "10000.00",
    )
    assert body["indemnity_usd"] == "18000.00"
    # a stranger's API call finds nothing
    assert (
        api_for(ExporterFactory()).get(reverse("claims_api:claim-assessment", args=[claim.pk])).status_code
        == 404
    )


def test_deductions_per_shipment_and_pro_rata_through_the_api(officer, api_for):
    user, claim, a, b = _two_shipment_claim()
    services.claim_accept(actor=officer, claim_id=claim.pk)
    api = api_for(officer)
    line_a = claim.lines.get(invoice_number=a.invoice_number)
    url = reverse("claims_api:claim-deductions", args=[claim.pk])
    # 4,000 set off against A (unpaid 10,000): A's loss 6,000
    r = api.post(
        url, {"kind": "set_off", "amount_usd": "4000", "note": "set-off A", "line": line_a.pk}, format="json"
    )
    assert r.status_code == 201, r.content
    # 11,000 resale for the whole claim: shared pro rata to what is still unpaid, 6,000 : 100,000
    # -> A 11,000 x 6/106 = 622.641.. -> 622.64, B 10,377.358.. -> 10,377.36 (adds up to 11,000.00)
    r = api.post(url, {"kind": "resale_proceeds", "amount_usd": "11000", "note": "resold"}, format="json")
    assert r.status_code == 201, r.content
    shipments = {s["key"]: s for s in r.json()["shipments"]}
    assert shipments[a.invoice_number]["allocated"] == "622.64"
    assert shipments[b.invoice_number]["allocated"] == "10377.36"
    # A: 6,000 - 622.64 = 5,377.36 (cover 100,000); B: 100,000 - 10,377.36 = 89,622.64 -> cover 10,000
    assert shipments[a.invoice_number]["indemnifiable"] == "5377.36"
    assert shipments[b.invoice_number]["indemnifiable"] == "10000.00"
    assert r.json()["indemnity_usd"] == "13839.62"  # 15,377.36 x 90% = 13,839.624
    # more than is unpaid on A is refused, naming the field
    r = api.post(
        url,
        {"kind": "set_off", "amount_usd": "6000.01", "note": "too much", "line": line_a.pk},
        format="json",
    )
    assert r.status_code == 400 and r.json()["code"] == "deduction_above_unpaid"


def test_the_notice_pdf_and_the_page_show_the_per_shipment_lines(officer, client_for):
    user, claim, a, b = _two_shipment_claim()
    claim = walk(claim, insured=user, officer=officer, to="notice_issued")
    page = client_for(officer).get(reverse("claims:claim-detail", args=[claim.pk]))
    rows = page.context["assessment_shipments"]
    assert sorted((r["key"], r["indemnifiable"]) for r in rows) == sorted(
        [(a.invoice_number, "10000.00"), (b.invoice_number, "10000.00")]
    )
    assert b'data-testid="assessment-shipments"' in page.content
    pdf = client_for(user).get(reverse("claims_api:claim-pdf", args=[claim.pk, "indemnity_notice"]))
    assert pdf.status_code == 200
    text = _pdf_text(b"".join(pdf.streaming_content))
    assert "Per shipment" in text and a.invoice_number in text and b.invoice_number in text
    assert "18,000.00" in text
