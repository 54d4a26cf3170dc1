"""Every kind of PDF the portal issues reads as a finished document (issue 15, class 3).

Each of the eleven kinds is rendered through its app's own function for an insured with a long
Chinese and English name, and its text is read back from the PDF:

- the names stand whole on one line (never "浙江宁波穆勒国际贸易与供应链管理有限公 / 司");
- the business numbers are there (policy, claim, limit, invoice, agreement, notice, order);
- it is addressed to whoever it is for;
- its signature or closing words never stand alone on a page: they share it with the words before
  them, checked while filler text pushes the end of the document across a page boundary;
- it has no more pages than its content needs.
"""

from __future__ import annotations

from decimal import Decimal
from io import BytesIO

import pytest
from pypdf import PdfReader

from tests.factories import BuyerFactory, ExporterFactory

pytestmark = pytest.mark.django_db

LONG_ZH = "浙江宁波穆勒国际贸易与供应链管理有限公司"
LONG_EN = "Ningbo Mueller International Trading and Supply Chain Management Co., Ltd."
BUYER_ZH = "汉堡穆勒家居用品贸易有限公司"
BUYER_NAME = "Müller Wohnbedarf Handelsgesellschaft mbH"


def pages(data: bytes) -> list[str]:
    """Each page's text without the letterhead line and the page footer."""
    out = []
    for page in PdfReader(BytesIO(data)).pages:
        lines = [ln for ln in (page.extract_text() or "").splitlines() if ln.strip()]
        lines = [ln for ln in lines if "China Export & Credit Insurance Corporation 20" not in ln]
        if lines and " / " in lines[-1] and lines[-1].replace(" / ", "").strip().isdigit():
            lines = lines[:-1]
        out.append("\n".join(lines))
    return out


def squeeze(text: str) -> str:
    return "".join(text.split())


def page_of(texts: list[str], needle: str) -> int:
    hits = [i for i, t in enumerate(texts) if squeeze(needle) in squeeze(t)]
    assert hits, f"{needle!r} is in no page"
    return hits[-1]


def assert_closing_kept(data: bytes, before: str, closing: str) -> None:
    """The closing words (a signature block, a disclaimer) share their page with what precedes them."""
    texts = pages(data)
    assert page_of(texts, before) == page_of(texts, closing), (before, closing, texts)


def assert_whole_names(data: bytes, *names: str) -> None:
    lines = [ln for t in pages(data) for ln in t.splitlines()]
    for name in names:
        assert any(name in ln for ln in lines), (name, [ln for ln in lines if name[:4] in ln])


def read(doc) -> bytes:
    with doc.file.open("rb") as fh:
        return fh.read()


@pytest.fixture
def insured():
    return ExporterFactory(organisation__name_zh=LONG_ZH, organisation__name_en=LONG_EN)


@pytest.fixture
def buyer():
    return BuyerFactory(name=BUYER_NAME, name_zh=BUYER_ZH)


# --- policies ------------------------------------------------------------------------------------------


def test_service_agreement(insured):
    from django.utils import timezone

    from policies.documents import agreement_render
    from tests.factories.policies import PolicyApplicationFactory

    app = PolicyApplicationFactory(
        organisation=insured.organisation,
        company_name_en=LONG_EN,
        consent_at=timezone.now(),
        signer_name="王丽",
        signer_title="总经理",
        signed_at=timezone.now(),
    )
    data = read(agreement_render(app))
    assert len(pages(data)) <= 2
    assert_whole_names(data, LONG_ZH, LONG_EN)
    assert app.number in "".join(pages(data))
    assert_closing_kept(data, "电子签署", "签署 IP 地址")


def test_policy_schedule_and_premium_invoices(insured):
    from policies.documents import premium_invoice_render, schedule_render
    from policies.models import PremiumInvoice
    from tests.factories.policies import PolicyFactory

    policy = PolicyFactory(organisation=insured.organisation)
    data = read(schedule_render(policy))
    assert_whole_names(data, LONG_ZH)
    assert policy.number in "".join(pages(data))
    assert_closing_kept(data, "期限约定", "被保险人 The insured")
    invoice = PremiumInvoice.objects.create(
        policy=policy,
        number="PI2026000777",
        period_start=policy.period_start,
        period_end=policy.period_end,
        payer="insured",
        amount_usd=Decimal("1234.50"),
        due_date=policy.period_start,
    )
    bill = read(premium_invoice_render(invoice))
    assert len(pages(bill)) == 1
    assert_whole_names(bill, LONG_ZH, LONG_EN)
    text = "".join(pages(bill))
    assert "PI2026000777" in text and policy.number in text and "USD 1,234.50" in text


# --- limits --------------------------------------------------------------------------------------------


def test_limit_approval(insured, buyer):
    from limits.documents import approval_render
    from tests.factories.limits import CreditLimitApplicationFactory, CreditLimitFactory
    from tests.factories.policies import PolicyFactory

    policy = PolicyFactory(organisation=insured.organisation)
    app = CreditLimitApplicationFactory(policy=policy, buyer=buyer, decision_reason="付款记录良好。")
    limit = CreditLimitFactory(policy=policy, buyer=buyer)
    data = read(approval_render(app, limit))
    assert len(pages(data)) == 1
    assert_whole_names(data, LONG_ZH, BUYER_ZH)
    text = "".join(pages(data))
    assert limit.number in text and app.number in text and policy.number in text
    assert_closing_kept(data, "信用限额为循环限额", "被保险人 The insured")


# --- claims --------------------------------------------------------------------------------------------


@pytest.fixture
def claim_docs(insured, claims_officer):
    from claims.documents import (
        APPLICATION_KIND,
        INDEMNITY_NOTICE_KIND,
        NOTICE_KIND,
        RECEIPT_KIND,
        claim_pdf_response,
        notice_pdf_response,
    )
    from tests.factories.claims import filed_claim, walk

    user, claim = filed_claim(user=insured)
    claim = walk(claim, insured=user, officer=claims_officer, to="notice_issued")
    docs = {NOTICE_KIND: b"".join(notice_pdf_response(claim.notice).streaming_content)}
    for kind in (APPLICATION_KIND, INDEMNITY_NOTICE_KIND, RECEIPT_KIND):
        docs[kind] = b"".join(claim_pdf_response(claim, kind).streaming_content)
    return claim, docs


def test_claim_documents(claim_docs):
    claim, docs = claim_docs
    notice, application, indemnity, receipt = (
        docs["possible_loss_notice"],
        docs["claim_application"],
        docs["indemnity_notice"],
        docs["indemnity_receipt"],
    )
    for data in docs.values():
        assert_whole_names(data, LONG_ZH)
    assert claim.notice.number in "".join(pages(notice))
    assert_closing_kept(notice, "自本通知之日起", "被保险人（签章）")
    assert claim.number in "".join(pages(application))
    assert_closing_kept(application, "随附单证", "被保险人（签章）")
    # the notice, then its receipt slip on a page of its own, to be signed and returned
    texts = pages(indemnity)
    assert (
        texts[-1].startswith("回执 Receipt") and "回执 Receipt" not in "".join(texts[:-1]) and len(texts) <= 3
    )
    assert claim.number in texts[0] and "USD 60,000.00" in texts[0]  # amounts never split
    assert_closing_kept(indemnity, "请签署并交回", "中国出口信用保险公司（签章）")
    assert len(pages(receipt)) <= 2 and claim.number in "".join(pages(receipt))
    assert_closing_kept(receipt, "Payee:", "被保险人（签章）")


@pytest.mark.parametrize("lines", range(0, 48, 2))
def test_the_indemnity_notice_never_leaves_its_signature_alone(claim_docs, lines):
    """The officer's reasons grow line by line; wherever the page ends, the insurer's signature
    keeps the request to sign with it (it stood alone on a last page before)."""
    from claims.documents import indemnity_notice_render

    claim, _docs = claim_docs
    claim.decision_reason = "\n".join(f"第 {i + 1} 条核赔意见：单证齐全，属保险责任。" for i in range(lines))
    data = read(indemnity_notice_render(claim))
    assert_closing_kept(data, "请签署并交回", "中国出口信用保险公司（签章）")
    assert_whole_names(data, LONG_ZH)


# --- financing -----------------------------------------------------------------------------------------


def test_indemnity_assignment_and_coverage_notice(insured):
    from financing import services
    from financing.documents import agreement_pdf, coverage_notice_pdf
    from financing.models import CoverageNotice
    from tests.factories.financing import financing_setup, receivable

    setup = financing_setup(exporter=insured)
    data = read(agreement_pdf(setup.agreement))
    assert_whole_names(data, LONG_ZH, LONG_EN, setup.bank.name_zh)
    assert setup.agreement.number in "".join(pages(data)) and setup.policy.number in "".join(pages(data))
    assert_closing_kept(data, "任何一方可申请终止本协议", "融资银行 Bank")
    d = receivable(setup, financing_intent=True, invoice_number="INV-FIN-1")
    services.coverage_notices_issue(declaration_ids=[d.pk])
    notice = CoverageNotice.objects.get()
    data = read(coverage_notice_pdf(notice))
    assert len(pages(data)) == 1
    assert_whole_names(data, LONG_ZH, setup.bank.name_zh)
    assert notice.number in "".join(pages(data)) and "INV-FIN-1" in "".join(pages(data))


# --- credit information --------------------------------------------------------------------------------


@pytest.mark.parametrize("paragraphs", range(0, 30, 1))
def test_credit_report_never_leaves_its_disclaimer_alone(insured, underwriter, buyer, paragraphs):
    from creditinfo import services

    order = services.credit_report_order_place(actor=insured, buyer_id=buyer.pk)
    services.credit_report_order_start(order_id=order.pk, actor=underwriter)
    findings = "\n\n".join(f"第 {i + 1} 项：近三年按期付款，未见诉讼记录。" for i in range(paragraphs))
    doc = services.credit_report_order_deliver(order_id=order.pk, actor=underwriter, findings=findings)
    data = read(doc)
    order.refresh_from_db()
    assert order.reference in "".join(pages(data))
    assert_whole_names(data, BUYER_ZH, BUYER_NAME, LONG_ZH)
    assert_closing_kept(data, "Ordered by", "This report reflects")
