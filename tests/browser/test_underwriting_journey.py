"""An exporter applies for a policy online, an underwriter issues it, the exporter asks for a credit
limit, the underwriter approves less than asked, and the exporter sees the decision and downloads
the approval: in a real browser, in Chinese (the portal's default language)."""

import re
from pathlib import Path

import pytest

from creditinfo.models import Buyer
from limits.models import CreditLimit, CreditLimitApplication
from policies.models import Policy, PolicyApplication
from sinosure_portal.core.documents import pdf_text
from tests.browser.conftest import sign_in
from tests.factories import (
    PASSWORD,
    BuyerFactory,
    ExporterFactory,
    InsurerOrganisationFactory,
    UnderwriterFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def people(settings, tmp_path):
    settings.LANGUAGE_CODE = "zh-hans"
    settings.MEDIA_ROOT = tmp_path
    insurer = InsurerOrganisationFactory()
    return {
        "exporter": ExporterFactory(username="exporter", display_name="王丽", title="外贸经理"),
        "underwriter": UnderwriterFactory(username="underwriter", organisation=insurer, display_name="张伟"),
        "buyer": BuyerFactory(name="Müller Handels GmbH", name_zh="穆勒贸易有限公司"),
    }


def switch_user(page, username):
    page.context.clear_cookies()
    sign_in(page, username, PASSWORD)


def text(page, selector) -> str:
    return page.locator(selector).first.inner_text()


def test_exporter_from_policy_application_to_an_approved_limit_in_chinese(page, people):
    base = page.base_url

    # --- the exporter applies online: product, company data, data authorisation, signature, confirm
    sign_in(page, "exporter", PASSWORD)
    page.click("nav.sidebar >> text=投保申请")
    assert "投保申请" in text(page, "h1.page-title")
    page.click("[data-testid=apply-policy]")
    assert "在线投保" in text(page, "h1.page-title")
    assert "选择产品并填写企业信息" in text(page, "[data-testid=application-steps]")
    page.select_option("#id_product", "COMPREHENSIVE")
    page.fill("#id_contact_phone", "0532-8888 6666")
    page.fill("#id_estimated_turnover_usd", "3000000")
    page.fill("#id_main_markets", "德国、美国")
    page.click("[data-testid=save-application]")
    assert "投保单" in text(page, "h1.page-title")
    assert "草稿" in text(page, "[data-testid=application-status]")
    assert page.locator("[data-testid=confirm-submit]").is_disabled()

    assert "数据授权" in text(page, "[data-testid=consent-card]")
    page.check("#id_consent")
    assert page.locator("label[for=id_consent]").inner_text() == "同意提供上述数据内容"
    page.click("[data-testid=consent-submit]")
    assert "数据授权已完成" in text(page, ".alert-success")

    assert "服务协议" in text(page, "[data-testid=sign-card]")
    page.fill("#id_signer_name", "王丽")
    page.fill("#id_signer_title", "外贸经理")
    page.check("#id_accept")
    page.click("[data-testid=sign-submit]")
    assert "服务协议已签署" in text(page, ".alert-success")
    assert "已签署的服务协议" in text(page, "[data-testid=agreement-pdf]")

    page.click("[data-testid=confirm-submit]")
    assert "已确认投保" in text(page, ".alert-success")
    assert "已提交" in text(page, "[data-testid=application-status]")
    application = PolicyApplication.objects.get()
    assert application.signer_name == "王丽" and application.consent_ip and application.signed_ip

    # --- the underwriter issues the policy
    switch_user(page, "underwriter")
    assert "待审批投保单" in page.content()
    page.goto(f"{base}/policies/applications/?status=submitted")
    page.click(f"text={application.number}")
    page.click("[data-testid=issue-policy]")
    assert "签发保单" in text(page, "h1.page-title")
    assert page.input_value("#id_period_start")  # a real date, not an empty picker
    page.fill("#id_indemnity_ratio", "95")
    page.click("[data-testid=issue-submit]")
    assert "不超过 90%" in page.content()  # refused next to the field, nothing issued
    assert not Policy.objects.exists()
    page.fill("#id_indemnity_ratio", "90")
    page.fill("#id_max_liability_usd", "2000000")
    page.click("[data-testid=issue-submit]")
    policy = Policy.objects.get()
    assert f"保单 {policy.number}" in text(page, "h1.page-title")
    assert "有效" in text(page, "[data-testid=policy-status]")
    assert "费率表" in text(page, "[data-testid=rate-table]")

    # --- the exporter is told, opens the policy and applies for a limit on a buyer
    switch_user(page, "exporter")
    page.click("[data-testid=inbox-link]")
    page.click(f"text=保单 {policy.number} 已签发")
    assert policy.number in text(page, "h1.page-title")
    schedule = page.request.get(f"{base}/policies/{policy.pk}/schedule.pdf")
    assert "保险单明细表" in pdf_text(schedule.body())
    page.click("[data-testid=apply-limit]")
    assert "申请信用限额" in text(page, "h1.page-title")
    page.select_option("#id_buyer", str(people["buyer"].pk))
    page.select_option("#id_payment_term", "OA")
    page.fill("#id_credit_period_days", "120")
    page.fill("#id_amount_requested_usd", "200000")
    page.fill("#id_goods_category", "实木家具")
    page.click("[data-testid=limit-submit]")
    assert "承保人员审批" in text(page, ".alert-info")
    assert "已提交" in text(page, "[data-testid=limit-application-status]")
    limit_application = CreditLimitApplication.objects.get()

    # --- the underwriter decides from the queue: less and shorter, with a condition
    switch_user(page, "underwriter")
    page.click("nav.sidebar >> text=限额审批队列")
    row = page.locator("[data-testid=queue-row]", has_text=limit_application.number)
    assert "绿灯" in row.inner_text() and "穆勒贸易有限公司" in row.inner_text()
    row.locator("[data-testid=decide]").click()
    assert "资信红绿灯" in text(page, "[data-testid=risk-card]")
    page.fill("#id_amount_usd", "150000")
    page.fill("#id_credit_period_days", "90")
    page.fill("#id_conditions", "首笔出运前提供买方订单确认")
    page.fill("#id_reason", "买方规模有限，先核定部分额度")
    page.click("[data-testid=approve]")
    assert "限额已批复" in text(page, ".alert-success")
    assert "有条件批复" in text(page, "[data-testid=limit-application-status]")

    # --- the exporter sees the decision at once and downloads the approval
    switch_user(page, "exporter")
    assert page.locator("[data-testid=unread-count]").is_visible()
    page.click("[data-testid=inbox-link]")
    page.click("text=穆勒贸易有限公司 的信用限额有条件批复")
    decision = text(page, "[data-testid=decision]")
    assert "USD 150,000.00" in decision and "首笔出运前提供买方订单确认" in decision
    with page.expect_download() as download:
        page.click("[data-testid=approval-pdf]")
    approval = pdf_text(Path(download.value.path()).read_bytes())
    assert "信用限额审批单" in approval and "有条件同意" in approval and "150,000.00" in approval
    page.click(f"text={CreditLimit.objects.get().number}")
    assert re.search(r"USD 150,000\.00", text(page, "[data-testid=available]"))
    assert Buyer.objects.count() == 1
