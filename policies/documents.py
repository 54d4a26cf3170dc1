"""PDFs of policies: the signed service agreement and the policy schedule (保险单明细表).

Both are rendered in Chinese (the contract language) with English sub-titles, Chinese glyphs
embedded, and stored with their SHA-256 so that what was signed can be shown again unchanged.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from policies.models import Policy, PolicyApplication
from sinosure_portal.core.documents import document_render

# the kinds of the stored documents (Document.kind)
SCHEDULE_KIND = "policy_schedule"
AGREEMENT_KIND = "service_agreement"

CONTRACT_LANGUAGE = "zh-hans"

# the contract names of the products, independent of the translation catalogue (DESIGN.md, seed)
PRODUCT_ZH = {
    "COMPREHENSIVE": "综合保险",
    "SME": "中小企业综合保险",
    "MICRO": "小微企业信保易",
    "BANK": "出口信用保险（银行）保险单",
    "FORFAITING": "出口信用保险（福费廷）保险单",
}
PRODUCT_EN = {
    "COMPREHENSIVE": "Comprehensive insurance",
    "SME": "SME comprehensive insurance",
    "MICRO": "Micro-enterprise insurance",
    "BANK": "Bank policy",
    "FORFAITING": "Forfaiting policy",
}

# what the data authorisation (数据授权) lets the insurer obtain, as the single window lists it
DATA_ITEMS = [
    _("the company's registration data (unified social credit code, name, address, legal representative)"),
    _("customs export declarations of the last three years"),
    _("foreign exchange receipts of the last three years"),
    _("credit records held by public credit platforms"),
]


def agreement_render(application: PolicyApplication, *, actor=None):
    return document_render(
        application,
        kind=AGREEMENT_KIND,
        template="policies/documents/service_agreement.html",
        context={
            "application": application,
            "data_items": DATA_ITEMS,
            "product_zh": PRODUCT_ZH[application.product],
            "product_en": PRODUCT_EN[application.product],
        },
        title=f"信用保险服务协议 {application.number}",
        actor=actor,
        language=CONTRACT_LANGUAGE,
    )


def schedule_render(policy: Policy, *, actor=None):
    from policies.selectors import rate_matrix

    return document_render(
        policy,
        kind=SCHEDULE_KIND,
        template="policies/documents/policy_schedule.html",
        context={
            "policy": policy,
            "product_zh": PRODUCT_ZH[policy.product],
            "product_en": PRODUCT_EN[policy.product],
            "matrix": rate_matrix(policy),
            "invoices": list(policy.invoices.order_by("payer")),
        },
        title=f"保险单明细表 {policy.number}",
        actor=actor,
        language=CONTRACT_LANGUAGE,
    )


# --- the premium invoice (保费发票) --------------------------------------------------------------------

INVOICE_KIND = "premium_invoice"

# what later stages add to an invoice's PDF: functions (invoice) -> list of detail rows; the
# declarations stage registers the shipments billed on a monthly invoice (policies knows no later
# stage, so the later one registers itself here)
_INVOICE_LINES: list = []


def invoice_lines_register(fn) -> None:
    if fn not in _INVOICE_LINES:
        _INVOICE_LINES.append(fn)


def invoice_addressee(invoice) -> tuple[str, str]:
    """Whom the bill is addressed to (Chinese name, English name): the unified platform for the
    share it pays, the insured otherwise."""
    from policies.models import PremiumPayer

    org = invoice.policy.organisation
    if invoice.payer == PremiumPayer.PLATFORM:
        return (invoice.payer_name or "统保平台", "")
    return (org.name_zh, org.name_en)


def premium_invoice_render(invoice, *, actor=None):
    lines = [row for fn in _INVOICE_LINES for row in fn(invoice)]
    addressee_zh, addressee_en = invoice_addressee(invoice)
    return document_render(
        invoice,
        kind=INVOICE_KIND,
        template="policies/documents/premium_invoice.html",
        context={
            "invoice": invoice,
            "policy": invoice.policy,
            "lines": lines,
            "addressee_zh": addressee_zh,
            "addressee_en": addressee_en,
            "product_zh": PRODUCT_ZH[invoice.policy.product],
        },
        title=f"保费发票 {invoice.number or invoice.pk}",
        actor=actor,
        language=CONTRACT_LANGUAGE,
    )


def premium_invoice_pdf_response(invoice, *, actor=None):
    from sinosure_portal.core.documents import document_latest, document_response

    doc = document_latest(invoice, INVOICE_KIND) or premium_invoice_render(invoice, actor=actor)
    return document_response(doc, filename=f"premium-invoice-{invoice.number or invoice.pk}.pdf", inline=True)
