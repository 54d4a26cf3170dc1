"""Issue 10 item 7: a bilingual document names the buyer the same way in each language version
(the ``bilingual_name`` filter: the registered name, then its Chinese and English names)."""

import re

import pytest

from claims.documents import INDEMNITY_NOTICE_KIND, RECEIPT_KIND
from creditinfo.models import Buyer
from sinosure_portal.core.documents import document_latest, pdf_text
from sinosure_portal.core.templatetags.portal import bilingual_name
from tests.factories.claims import filed_claim, walk

pytestmark = pytest.mark.django_db

# what both halves must read, written out by hand (whitespace is folded out of PDF text below)
EXPECTED = "MuellerHandelsGmbH/穆勒贸易有限公司/MuellerTradingCo."


def _nospace(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _between(text: str, start: str, end: str) -> str:
    match = re.search(re.escape(start) + "(.*?)" + re.escape(end), text)
    assert match, f"{start} ... {end} not found"
    return match.group(1)


def test_the_receipt_and_the_notice_name_the_buyer_identically_in_both_languages(officer):
    user, claim = filed_claim()
    Buyer.objects.filter(pk=claim.buyer_id).update(
        name="Mueller Handels GmbH", name_zh="穆勒贸易有限公司", name_en="Mueller Trading Co."
    )
    claim = walk(claim, insured=user, officer=officer, to="notice_issued")

    receipt = _nospace(pdf_text(document_latest(claim, RECEIPT_KIND).file.read()))
    zh = _between(receipt, "对买方", "的债权")
    en = _between(receipt, "againstthebuyer", "andallrelatedrights")
    assert zh == en == EXPECTED

    notice = _nospace(pdf_text(document_latest(claim, INDEMNITY_NOTICE_KIND).file.read()))
    assert _between(notice, "贵方就买方", "（") == _between(notice, "Yourclaimonbuyer", "(") == EXPECTED


def test_bilingual_name_lists_each_distinct_name_once_in_a_fixed_order():
    buyer = Buyer(name="ACME GmbH", name_zh="", name_en="ACME GmbH")
    assert bilingual_name(buyer) == "ACME GmbH"
    buyer = Buyer(name="ACME GmbH", name_zh="阿克米", name_en="Acme Ltd")
    assert bilingual_name(buyer) == "ACME GmbH / 阿克米 / Acme Ltd"
    assert bilingual_name(None) == ""
