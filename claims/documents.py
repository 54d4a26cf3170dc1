"""PDFs of losses and claims, rendered with WeasyPrint and kept with their SHA-256:

- the possible-loss notice (可能损失通知书) and the claim application (索赔申请书), rendered once when
  first asked for (what was filed does not change);
- the indemnity notice (赔付通知书, with its receipt slip) and the bilingual indemnity receipt and
  transfer of rights (赔款收据及权益转让书, Chinese and English in one document, naming the payee),
  rendered when the notice is issued, so that what the insured signs is what was issued.

The contract texts are fixed in both languages here, independent of the translation catalogue.
"""

from __future__ import annotations

from decimal import Decimal

from claims import rules
from claims.models import Claim, PossibleLossNotice
from sinosure_portal.core.documents import document_latest, document_render, document_response
from sinosure_portal.money.currency import quantize

LANGUAGE = "zh-hans"
NOTICE_KIND = "possible_loss_notice"
APPLICATION_KIND = "claim_application"
INDEMNITY_NOTICE_KIND = "indemnity_notice"
RECEIPT_KIND = "indemnity_receipt"
CLAIM_KINDS = (APPLICATION_KIND, INDEMNITY_NOTICE_KIND, RECEIPT_KIND)

CAUSE_TEXT = {
    "buyer_insolvency": ("买方破产或无力偿付债务", "Buyer insolvency"),
    "buyer_default": ("买方拖欠货款", "Buyer default"),
    "buyer_rejection": ("买方拒绝接受货物", "Buyer rejected the goods"),
    "bank_insolvency": ("开证行破产、停业或被接管", "Issuing bank insolvency, closure or takeover"),
    "bank_default": (
        "开证行拖欠或在单证相符情况下拒绝承兑远期信用证",
        "Issuing bank default or refusal to accept a usance L/C",
    ),
    "transfer_ban": ("买方或开证行所在国家或地区禁止或限制汇兑", "Payment or transfer ban"),
    "import_ban": ("禁止进口或撤销进口许可证", "Import ban or licence revoked"),
    "war": ("战争、内战、叛乱、革命或暴动", "War, civil war, rebellion, revolution or riot"),
    "moratorium": ("颁布延期付款令", "Moratorium on payment"),
}

ASSESSMENT_TEXT = {
    "invoice_total": ("发票金额合计", "Invoice amounts"),
    "payments_received": ("减：已收汇", "less payments received"),
    "shipment_deductions": ("减：按单笔出运扣减", "less deductions against single shipments"),
    "resale_proceeds": ("减：转卖所得", "less resale proceeds"),
    "set_off": ("减：抵销金额", "less amounts set off"),
    "other_recoveries": ("减：其他已回收款项", "less other recoveries"),
    "deduction_above_unpaid": ("其中超出未收汇部分（不扣减）", "of which above the unpaid (not deducted)"),
    "loss": ("损失金额", "Loss"),
    "covered_total": ("信用限额项下承保金额", "Covered under the credit limit"),
    "indemnifiable_loss": ("可赔损失（逐笔取较低者之和）", "Indemnifiable loss (per shipment, the lower)"),
    "indemnity_ratio": ("赔偿比例", "Indemnity ratio"),
    "indemnity_before_caps": ("按比例计算的赔款", "Indemnity at the ratio"),
    "remaining_max_liability": ("保单剩余最高赔偿限额", "Remaining maximum liability"),
    "remaining_buyer_cap": ("该买方剩余赔偿限额", "Remaining cap on this buyer"),
    "indemnity": ("核定赔款", "Indemnity"),
}

DIGITS = "零壹贰叁肆伍陆柒捌玖"
SMALL_UNITS = ["", "拾", "佰", "仟"]
BIG_UNITS = ["", "万", "亿", "万亿"]


def amount_in_chinese(amount: Decimal) -> str:
    """Chinese capital numerals as written on receipts (大写金额): 72000.50 -> 柒万贰仟元伍角."""
    amount = quantize(amount, "USD")
    if amount < 0:
        raise ValueError("negative amount")
    whole = int(amount)
    cents = int((amount - whole) * 100)
    if whole == 0:
        text = "零元" if cents else "零元整"
    else:
        groups = []
        n = whole
        while n:
            groups.append(n % 10000)
            n //= 10000
        parts = []
        need_zero = False
        for index in range(len(groups) - 1, -1, -1):
            group = groups[index]
            if group == 0:
                need_zero = bool(parts)
                continue
            if need_zero or (parts and group < 1000):
                parts.append("零")
            parts.append(_group(group) + BIG_UNITS[index])
            need_zero = False
        text = "".join(parts) + "元"
    jiao, fen = divmod(cents, 10)
    if cents == 0:
        return text if text.endswith("整") else text + "整"
    if jiao:
        text += DIGITS[jiao] + "角"
    if fen:
        text += ("零" if not jiao and whole else "") + DIGITS[fen] + "分"
    return text


def _group(n: int) -> str:
    out, zero = "", False
    for power in (3, 2, 1, 0):
        digit = n // (10**power) % 10
        if digit == 0:
            zero = bool(out)
            continue
        if zero:
            out += "零"
            zero = False
        out += DIGITS[digit] + SMALL_UNITS[power]
    return out


ONES = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
TENS = ["_", "_", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def amount_in_english(amount: Decimal) -> str:
    """US DOLLARS SEVENTY-TWO THOUSAND AND CENTS FIFTY ONLY."""
    amount = quantize(amount, "USD")
    whole = int(amount)
    cents = int((amount - whole) * 100)
    words = _words(whole) if whole else "zero"
    text = f"US dollars {words}"
    if cents:
        text += f" and cents {_words(cents)}"
    return (text + " only").upper()


def _words(n: int) -> str:
    parts = []
    for value, name in ((10**9, "billion"), (10**6, "million"), (1000, "thousand"), (1, "")):
        chunk = n // value % 1000
        if chunk:
            parts.append((_hundreds(chunk) + (f" {name}" if name else "")).strip())
    return " ".join(parts)


def _hundreds(n: int) -> str:
    hundreds, rest = divmod(n, 100)
    out = f"{ONES[hundreds]} hundred" if hundreds else ""
    if rest:
        tens = ONES[rest] if rest < 20 else TENS[rest // 10] + (f"-{ONES[rest % 10]}" if rest % 10 else "")
        out = f"{out} and {tens}" if out else tens
    return out


def _assessment_rows(claim: Claim) -> list[dict]:
    rows = []
    for key, value in (claim.assessment or {}).get("lines", []):
        zh, en = ASSESSMENT_TEXT.get(key, (key, key))
        amount = rules.shown_amount(key, None if value is None else Decimal(value))
        rows.append({"key": key, "zh": zh, "en": en, "value": amount})
    return rows


def _shipment_rows(claim: Claim) -> list[dict]:
    rows = []
    for stored in (claim.assessment or {}).get("shipments", []):
        row = {key: value if key == "key" else Decimal(value) for key, value in stored.items()}
        row["deducted"] = row["own_deductions"] + row["allocated"]
        rows.append(row)
    return rows


def _claim_context(claim: Claim) -> dict:
    zh, en = CAUSE_TEXT.get(claim.cause, (claim.cause, claim.cause))
    return {
        "claim": claim,
        "policy": claim.policy,
        "insured": claim.organisation,
        "buyer": claim.buyer,
        "payee": claim.payee or claim.organisation,
        "cause_zh": zh,
        "cause_en": en,
        "lines": list(claim.lines.all()),
        "assessment": _assessment_rows(claim),
        "shipments": _shipment_rows(claim),
        "indemnity": claim.indemnity_usd or Decimal("0"),
        "indemnity_zh": amount_in_chinese(claim.indemnity_usd or Decimal("0")),
        "indemnity_en": amount_in_english(claim.indemnity_usd or Decimal("0")),
    }


def notice_render(notice: PossibleLossNotice, *, actor=None):
    zh, en = CAUSE_TEXT.get(notice.cause, (notice.cause, notice.cause))
    return document_render(
        notice,
        kind=NOTICE_KIND,
        template="claims/documents/loss_notice.html",
        context={
            "notice": notice,
            "policy": notice.policy,
            "cause_zh": zh,
            "cause_en": en,
            "shipments": list(notice.declarations.order_by("due_date", "pk")),
        },
        title=f"可能损失通知书 {notice.number}",
        actor=actor,
        language=LANGUAGE,
    )


def notice_pdf_response(notice: PossibleLossNotice, *, actor=None):
    doc = document_latest(notice, NOTICE_KIND) or notice_render(notice, actor=actor)
    return document_response(doc, filename=f"loss-notice-{notice.number}.pdf", inline=True)


def application_render(claim: Claim, *, actor=None):
    return document_render(
        claim,
        kind=APPLICATION_KIND,
        template="claims/documents/claim_application.html",
        context=_claim_context(claim),
        title=f"索赔申请书 {claim.number}",
        actor=actor,
        language=LANGUAGE,
    )


def indemnity_notice_render(claim: Claim, *, actor=None):
    return document_render(
        claim,
        kind=INDEMNITY_NOTICE_KIND,
        template="claims/documents/indemnity_notice.html",
        context=_claim_context(claim),
        title=f"赔付通知书 {claim.number}",
        actor=actor,
        language=LANGUAGE,
    )


def indemnity_receipt_render(claim: Claim, *, actor=None):
    return document_render(
        claim,
        kind=RECEIPT_KIND,
        template="claims/documents/indemnity_receipt.html",
        context=_claim_context(claim),
        title=f"赔款收据及权益转让书 Indemnity Receipt and Transfer of Rights {claim.number}",
        actor=actor,
        language=LANGUAGE,
    )


RENDERERS = {
    APPLICATION_KIND: application_render,
    INDEMNITY_NOTICE_KIND: indemnity_notice_render,
    RECEIPT_KIND: indemnity_receipt_render,
}
FILENAMES = {
    APPLICATION_KIND: "claim-application",
    INDEMNITY_NOTICE_KIND: "indemnity-notice",
    RECEIPT_KIND: "indemnity-receipt",
}


def claim_document_available(claim: Claim, kind: str) -> bool:
    if kind == APPLICATION_KIND:
        return True
    # the notice and receipt exist from the issue of the notice on
    return claim.notice_issued_on is not None


def claim_pdf_response(claim: Claim, kind: str, *, actor=None):
    doc = document_latest(claim, kind)
    if doc is None:
        doc = RENDERERS[kind](claim, actor=actor)
    return document_response(
        doc, filename=f"{FILENAMES[kind]}-{claim.number}.pdf", inline=kind != RECEIPT_KIND
    )
