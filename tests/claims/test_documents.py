"""The PDFs: Chinese glyphs embedded, the figures and names in them, stored once with their hash."""

import re

import pytest

from claims.documents import (
    APPLICATION_KIND,
    INDEMNITY_NOTICE_KIND,
    NOTICE_KIND,
    RECEIPT_KIND,
    claim_pdf_response,
    notice_pdf_response,
)
from sinosure_portal.core.documents import document_latest, pdf_text
from sinosure_portal.core.models import Document
from tests.factories.claims import filed_claim, walk

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    return pdf_text(b"".join(response.streaming_content))


def _flat(text: str) -> str:
    """PDF text with line breaks and justified spacing folded (Chinese has no spaces at all)."""
    return re.sub(r"\s+", " ", text)


def _zh(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_the_possible_loss_notice_pdf_is_rendered_once_and_kept(officer):
    user, claim = filed_claim()
    notice = claim.notice
    text = _text(notice_pdf_response(notice))
    assert "可能损失通知书" in text and "Notice of Possible Loss" in text
    assert notice.number in text and "买方拖欠货款" in text and "USD 100,000.00" in text
    doc = document_latest(notice, NOTICE_KIND)
    assert doc.verify() and len(doc.sha256) == 64
    notice_pdf_response(notice)
    assert Document.objects.filter(kind=NOTICE_KIND).count() == 1  # served again unchanged


def test_the_claim_application_lists_the_invoices(officer):
    user, claim = filed_claim()
    text = _text(claim_pdf_response(claim, APPLICATION_KIND))
    assert "索赔申请书" in text and claim.number in text
    for line in claim.lines.all():
        assert line.invoice_number in text


def test_the_indemnity_notice_shows_the_assessment_and_the_receipt_is_bilingual(officer):
    user, claim = filed_claim()
    claim = walk(claim, insured=user, officer=officer, to="notice_issued")
    notice = pdf_text(document_latest(claim, INDEMNITY_NOTICE_KIND).file.read())
    assert "赔付通知书" in notice and "定损核赔" in notice and "回执" in notice
    assert "USD 90,000.00" in notice and "90.00%" in notice
    receipt = pdf_text(document_latest(claim, RECEIPT_KIND).file.read())
    # both languages in one document, naming the payee and the amount in words
    assert "兹收到贵公司" in _zh(receipt) and "We hereby acknowledge receipt" in _flat(receipt)
    assert f"收款人：{user.organisation.name_zh}" in _zh(receipt)
    assert f"Payee: {user.organisation.name_en}" in _flat(receipt)
    assert "玖万元整" in _zh(receipt) and "NINETY THOUSAND ONLY" in _flat(receipt)


def test_deductions_read_less_an_amount_never_a_double_negative(officer, client_for):
    """ "减：转卖所得 USD -5,000.00" said minus twice (issue 15 class 1): the stored computation keeps
    its signs so that its rows add up, but the page and the indemnity notice show the amount that is
    subtracted under its "less" label."""
    from decimal import Decimal

    from claims import services
    from claims.documents import indemnity_notice_render
    from tests.factories.claims import upload_evidence

    user, claim = filed_claim()
    services.claim_accept(actor=officer, claim_id=claim.pk)
    upload_evidence(user, claim)
    services.claim_deduction_add(
        actor=officer, claim_id=claim.pk, kind="resale_proceeds", amount_usd=Decimal("5000"), note="Resold."
    )
    services.claim_assess(actor=officer, claim_id=claim.pk)
    claim.refresh_from_db()
    assert dict(claim.assessment["lines"])["resale_proceeds"] == "-5000.00"  # rows that add up
    client = client_for(user)
    client.cookies["django_language"] = "zh-hans"
    page = client.get(f"/claims/{claim.pk}/").content.decode()
    row = re.search(r'<tr data-line="resale_proceeds".*?</tr>', page, re.S).group(0)
    assert "5,000.00" in row and "-5,000.00" not in row and "减" in row
    services.claim_decide(actor=officer, claim_id=claim.pk, decision="approve", reason="Covered.")
    claim.refresh_from_db()
    text = _flat(pdf_text(read_doc(indemnity_notice_render(claim))))
    assert "减：转卖所得 less resale proceeds USD 5,000.00" in text and "-5,000.00" not in text


def read_doc(doc) -> bytes:
    with doc.file.open("rb") as fh:
        return fh.read()
