"""Done-when of "Money you can trust", in a real browser: a two-shipment claim with a deduction for
the whole claim; the officer reads the per-shipment assessment on the page and the indemnity on the
notice PDF. Figures worked out by hand below."""

import re
from decimal import Decimal as D

import pytest

from claims.models import Claim
from sinosure_portal.core.documents import pdf_text
from tests.browser.conftest import sign_in
from tests.browser.test_claims_journey import EVIDENCE, act, other_page, upload
from tests.factories import PASSWORD, ClaimsOfficerFactory, InsurerOrganisationFactory
from tests.factories.claims import overdue_setup

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world(settings, tmp_path):
    settings.LANGUAGE_CODE = "zh-hans"
    settings.MEDIA_ROOT = tmp_path / "media"
    # A: 100,000 covered 100,000, 90,000 paid; B: 100,000 covered 10,000, unpaid; ratio 90%
    user, policy, limit, (a, b) = overdue_setup(
        amounts=(D("100000"), D("100000")), covered=(D("100000"), D("10000"))
    )
    type(a).objects.filter(pk=a.pk).update(paid_usd=D("90000"))
    officer = ClaimsOfficerFactory(username="claims", organisation=InsurerOrganisationFactory())
    return {"exporter": user, "officer": officer, "a": a, "b": b}


def test_a_two_shipment_claim_with_a_deduction_is_indemnified_per_shipment(page, browser, live_server, world):
    exporter, officer, a, b = world["exporter"], world["officer"], world["a"], world["b"]
    sign_in(page, exporter.username, PASSWORD)
    page.goto(f"{page.base_url}/claims/notices/new/")
    for d in (a, b):
        page.check(f"input[name=declarations][value='{d.pk}']")
    assert page.input_value("#id_amount_at_risk_usd") == "110000.00"  # 10,000 + 100,000 unpaid
    page.select_option("#id_cause", "buyer_default")
    page.fill("#id_description", "买方逾期未付，多次催收无果。")
    act(page, "notice-submit")
    act(page, "file-claim")
    act(page, "claim-submit")
    claim = Claim.objects.get()
    for kind in EVIDENCE:
        upload(page, kind)

    officer_context, desk = other_page(browser, live_server)
    sign_in(desk, officer.username, PASSWORD)
    desk.goto(f"{desk.base_url}/claims/{claim.pk}/")
    act(desk, "action-accept")
    # 2,200 resale proceeds for the whole claim: shared 10,000 : 100,000 -> A 200.00, B 2,000.00
    form = desk.locator("[data-testid=deduction-form]")
    form.locator("select[name=kind]").select_option("resale_proceeds")
    form.locator("input[name=amount_usd]").fill("2200")
    form.locator("textarea[name=note], input[name=note]").first.fill("货物转卖所得")
    form.locator("button").click()
    desk.wait_for_load_state("networkidle")
    act(desk, "action-assess")
    rows = desk.locator("[data-testid=assessment-shipments] tbody tr")
    assert rows.count() == 2
    line_a = re.sub(
        r"\s+",
        " ",
        desk.inner_text(f"[data-testid=assessment-shipments] tr[data-invoice='{a.invoice_number}']"),
    )
    line_b = re.sub(
        r"\s+",
        " ",
        desk.inner_text(f"[data-testid=assessment-shipments] tr[data-invoice='{b.invoice_number}']"),
    )
    # A: 10,000 - 200 = 9,800 (cover 100,000) -> 9,800; B: 100,000 - 2,000 = 98,000 -> cover 10,000
    assert "200.00" in line_a and line_a.endswith("9,800.00")
    assert "2,000.00" in line_b and line_b.endswith("10,000.00")
    # (9,800 + 10,000) x 90% = 17,820.00 (min over totals would give 97,020.00)
    assert "USD 17,820.00" in desk.inner_text("[data-testid=assessment] tr[data-line=indemnity]")
    desk.check("input[name=decision][value=approve]")
    desk.fill("[data-testid=decision-form] textarea[name=reason]", "属保险责任，单证齐全。")
    act(desk, "action-decide")
    act(desk, "action-issue")
    # the notice as the officer's browser fetches it from the link on the page
    href = desk.get_attribute("[data-testid=pdf-indemnity_notice]", "href")
    response = desk.request.get(href if href.startswith("http") else desk.base_url + href)
    assert response.ok and response.headers["content-type"] == "application/pdf"
    text = pdf_text(response.body())
    assert a.invoice_number in text and b.invoice_number in text
    assert "17,820.00" in text and "9,800.00" in text
    officer_context.close()
