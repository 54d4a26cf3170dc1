"""Done-when of the claims issue, in a real browser: the exporter notifies a possible loss (seeing
the deadline first), files the claim and uploads its evidence; the claims officer accepts, assesses
and approves it and issues the indemnity notice; the exporter downloads the bilingual indemnity
receipt and transfer of rights (both languages found in its text) and returns the signed papers;
the officer confirms them and pays. Pages in Chinese, the portal's default."""

import re
from pathlib import Path

import pytest

from claims.models import Claim, IndemnityPayment
from sinosure_portal.core.documents import pdf_text
from tests.browser.conftest import sign_in
from tests.factories import PASSWORD, ClaimsOfficerFactory, InsurerOrganisationFactory
from tests.factories.claims import PDF, overdue_setup

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
EVIDENCE = ["contract", "invoice", "bill_of_lading", "customs_declaration", "correspondence"]
RECEIPTS = ["signed_notice_receipt", "signed_receipt_transfer", "aml"]


@pytest.fixture
def world(settings, tmp_path):
    settings.LANGUAGE_CODE = "zh-hans"
    settings.MEDIA_ROOT = tmp_path / "media"
    user, policy, limit, shipments = overdue_setup()
    officer = ClaimsOfficerFactory(username="claims", organisation=InsurerOrganisationFactory())
    return {"exporter": user, "officer": officer, "shipments": shipments}


def other_page(browser, live_server):
    context = browser.new_context(
        locale="zh-CN", viewport={"width": 1360, "height": 900}, accept_downloads=True
    )
    context.set_default_timeout(15000)
    page = context.new_page()
    page.base_url = live_server.url
    return context, page


def upload(page, kind: str) -> None:
    form = page.locator("[data-testid=upload-form]")
    form.locator("select[name=kind]").select_option(kind)
    form.locator("input[name=file]").set_input_files(
        {"name": f"{kind}.pdf", "mimeType": "application/pdf", "buffer": PDF + kind.encode()}
    )
    form.locator("[data-testid=upload-submit]").click()
    page.wait_for_load_state("networkidle")


def act(page, testid: str) -> None:
    page.click(f"[data-testid={testid}]")
    page.wait_for_load_state("networkidle")


def test_a_claim_from_notice_to_paid_indemnity(page, browser, live_server, world):
    exporter, officer = world["exporter"], world["officer"]

    # the exporter notifies the possible loss, checking the deadline first
    sign_in(page, exporter.username, PASSWORD)
    page.goto(f"{page.base_url}/claims/notices/new/")
    for d in world["shipments"]:
        page.check(f"input[name=declarations][value='{d.pk}']")
    assert page.input_value("#id_amount_at_risk_usd") == "100000.00"  # follows the shipments ticked
    page.select_option("#id_cause", "buyer_default")
    page.fill("#id_description", "买方逾期未付，多次催收无果。")
    act(page, "notice-check")
    assert "通知期限" in page.inner_text("[data-testid=notice-preview]")
    act(page, "notice-submit")
    assert "PLN" in page.inner_text("h1")

    # ... files the claim from it and uploads the evidence
    act(page, "file-claim")
    act(page, "claim-submit")
    claim = Claim.objects.get()
    assert page.url.endswith(f"/claims/{claim.pk}/")
    assert "提单" in page.inner_text("[data-testid=missing]")
    for kind in EVIDENCE:
        upload(page, kind)
    assert "索赔单证已齐全" in page.inner_text("[data-testid=evidence]")

    # the claims officer works the case from the queue
    officer_context, desk = other_page(browser, live_server)
    sign_in(desk, officer.username, PASSWORD)
    desk.goto(f"{desk.base_url}/claims/queue/")
    desk.click(f"[data-claim='{claim.number}'] a")
    desk.wait_for_load_state("networkidle")
    act(desk, "action-accept")
    act(desk, "action-assess")
    assert "USD 90,000.00" in desk.inner_text("[data-testid=assessment] tr[data-line=indemnity]")
    desk.check("input[name=decision][value=approve]")
    desk.fill("[data-testid=decision-form] textarea[name=reason]", "属保险责任，单证齐全。")
    act(desk, "action-decide")
    act(desk, "action-issue")
    assert exporter.organisation.name_zh in desk.inner_text("[data-testid=payee]")

    # the exporter downloads the bilingual receipt and returns the signed papers
    page.reload()
    with page.expect_download() as info:
        page.click("[data-testid=pdf-indemnity_receipt]")
    text = pdf_text(Path(info.value.path()).read_bytes())
    flat = re.sub(r"\s+", " ", text)
    assert "赔款收据及权益转让书" in text and "Indemnity Receipt and Transfer of Rights" in flat
    assert "We hereby acknowledge receipt" in flat and "兹收到贵公司" in re.sub(r"\s+", "", text)
    assert exporter.organisation.name_zh in text  # the payee: the insured, no assignment in force
    for kind in RECEIPTS:
        upload(page, kind)

    # the officer confirms the receipts and pays
    desk.reload()
    act(desk, "action-receipt")
    desk.fill("[data-testid=pay-form] input[name=reference]", "TT-2026-0001")
    act(desk, "action-pay")
    assert "已赔付" in desk.inner_text("[data-testid=claim-status]")
    officer_context.close()

    payment = IndemnityPayment.objects.get()
    assert (str(payment.amount_usd), payment.payee_id, payment.reference) == (
        "90000.00",
        exporter.organisation_id,
        "TT-2026-0001",
    )
    page.reload()
    assert "已赔付" in page.inner_text("[data-testid=claim-status]")
