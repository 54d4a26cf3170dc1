"""The columns of a bulk declaration file, with their Chinese and English headers.

An upload may use either header language (or the API's keys, or a bilingual "中文 / English"
header); column order does not matter. The downloadable template uses one language.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


@dataclass(frozen=True)
class Column:
    key: str
    zh: str
    en: str
    label: object  # translatable label for messages
    required: bool
    example: str
    aliases: tuple[str, ...] = ()


COLUMN_LIST = [
    Column(
        "invoice_number",
        "发票号",
        "Invoice number",
        pgettext_lazy("shipment", "Invoice number"),
        True,
        "INV-2026-0001",
    ),
    Column(
        "buyer",
        "买方",
        "Buyer",
        _("Buyer"),
        True,
        "Mueller Trading GmbH",
        ("买方名称", "buyer name", "buyer id", "买方编号", "registration number", "注册号"),
    ),
    Column("shipment_date", "出运日期", "Shipment date", _("Shipment date"), True, "2026-10-08"),
    Column("currency", "币种", "Currency", _("Currency"), True, "USD"),
    Column("amount", "发票金额", "Amount", _("Amount"), True, "25000.00", ("金额", "invoice amount")),
    Column("payment_term", "支付方式", "Payment term", _("Payment term"), True, "O/A", ("付款方式", "terms")),
    Column(
        "credit_days",
        "信用期限（天）",
        "Credit period (days)",
        _("Credit period (days)"),
        True,
        "90",
        ("信用期限", "放账期", "credit days", "credit period"),
    ),
    Column("hs_code", "商品编码", "HS code", _("HS code"), False, "940360", ("hs编码", "海关编码")),
    Column(
        "description",
        "货物或服务描述",
        "Goods or service",
        _("Goods or service"),
        False,
        "木制家具 wooden furniture",
        ("货物描述", "服务描述", "description", "goods description", "service description"),
    ),
    Column(
        "destination",
        "目的国",
        "Destination country",
        _("Destination country"),
        False,
        "DE",
        ("目的地", "destination", "运抵国"),
    ),
    Column(
        "financing",
        "融资意向",
        "Financing wanted",
        _("Financing wanted"),
        False,
        "否",
        ("financing", "financing intent", "是否融资"),
    ),
    Column(
        "client_reference",
        "客户参考号",
        "Your reference",
        _("Your reference"),
        False,
        "",
        ("参考号", "client reference", "reference"),
    ),
]
COLUMNS = {c.key: c for c in COLUMN_LIST}
REQUIRED = [c.key for c in COLUMN_LIST if c.required]


def _norm(text: str) -> str:
    return re.sub(r"[\s_\-()（）:：.*]+", "", (text or "").strip().casefold())


_ALIASES: dict[str, str] = {}
for _c in COLUMN_LIST:
    for _name in (_c.key, _c.zh, _c.en, *_c.aliases):
        _ALIASES[_norm(_name)] = _c.key


def header_key(header: str) -> str | None:
    """The column a header names, whichever language it is in (None for an unknown column)."""
    key = _ALIASES.get(_norm(header))
    if key:
        return key
    for part in re.split(r"[/|｜]", header or ""):
        key = _ALIASES.get(_norm(part))
        if key:
            return key
    return None


def headers_for(language: str) -> list[str]:
    return [c.zh if language.startswith("zh") else c.en for c in COLUMN_LIST]


# --- the payments file (收汇) ------------------------------------------------------------------------

PAYMENT_COLUMN_LIST = [
    Column(
        "invoice_number",
        "发票号",
        "Invoice number",
        pgettext_lazy("shipment", "Invoice number"),
        False,
        "INV-2026-0001",
    ),
    Column("buyer", "买方", "Buyer", _("Buyer"), False, "", ("买方名称", "buyer name")),
    Column(
        "received_on",
        "收汇日期",
        "Received on",
        _("Received on"),
        True,
        "2026-11-20",
        ("到账日期", "payment date"),
    ),
    Column("currency", "币种", "Currency", _("Currency"), True, "USD"),
    Column("amount", "收汇金额", "Amount", _("Amount"), True, "10000.00", ("金额", "amount received")),
    Column(
        "client_reference",
        "客户参考号",
        "Your reference",
        _("Your reference"),
        False,
        "",
        ("参考号", "reference"),
    ),
]
PAYMENT_COLUMNS = {c.key: c for c in PAYMENT_COLUMN_LIST}
_PAYMENT_ALIASES: dict[str, str] = {}
for _c in PAYMENT_COLUMN_LIST:
    for _name in (_c.key, _c.zh, _c.en, *_c.aliases):
        _PAYMENT_ALIASES[_norm(_name)] = _c.key


def payment_header_key(header: str) -> str | None:
    key = _PAYMENT_ALIASES.get(_norm(header))
    if key:
        return key
    for part in re.split(r"[/|｜]", header or ""):
        key = _PAYMENT_ALIASES.get(_norm(part))
        if key:
            return key
    return None
