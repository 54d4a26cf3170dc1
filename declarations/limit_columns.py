"""The columns of a limit batch file (bulk limit actions), with their Chinese and English headers,
and the words an action may be written in. Either header language, the API's keys or a bilingual
header are read; column order does not matter."""

from __future__ import annotations

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from declarations.columns import Column, _norm

LIMIT_COLUMN_LIST = [
    Column(
        "action",
        "操作",
        "Action",
        _("Action"),
        True,
        "apply",
        ("动作", "操作类型", "action type"),
    ),
    Column(
        "limit",
        "限额编号",
        "Limit number",
        _("Limit number"),
        False,
        "",
        ("限额号", "limit", "limit no"),
    ),
    Column(
        "policy",
        "保单号",
        "Policy number",
        _("Policy number"),
        False,
        "COM2026000001",
        ("保单", "policy", "policy no"),
    ),
    Column(
        "buyer",
        "买方",
        "Buyer",
        _("Buyer"),
        False,
        "Mueller Trading GmbH",
        ("买方名称", "buyer name", "buyer id", "买方编号", "registration number", "注册号"),
    ),
    Column(
        "amount_usd",
        "金额（美元）",
        "Amount (USD)",
        _("Amount (USD)"),
        False,
        "100000.00",
        ("金额", "amount", "申请金额", "限额金额"),
    ),
    Column(
        "payment_term", "支付方式", "Payment term", _("Payment term"), False, "O/A", ("付款方式", "terms")
    ),
    Column(
        "credit_period_days",
        "信用期限（天）",
        "Credit period (days)",
        _("Credit period (days)"),
        False,
        "90",
        ("信用期限", "放账期", "credit days", "credit period"),
    ),
    Column(
        "goods_category",
        "货物或服务",
        "Goods or services",
        _("Goods or services"),
        False,
        "家具 furniture",
        ("商品", "goods", "货物"),
    ),
    Column(
        "notice_date",
        "通知日期",
        "Notice date",
        _("Notice date"),
        False,
        "",
        ("生效日期", "notice"),
    ),
    Column("reason", "原因", "Reason", _("Reason"), False, "", ("理由", "why")),
]
LIMIT_COLUMNS = {c.key: c for c in LIMIT_COLUMN_LIST}
LIMIT_REQUIRED = [c.key for c in LIMIT_COLUMN_LIST if c.required]

_ALIASES: dict[str, str] = {}
for _c in LIMIT_COLUMN_LIST:
    for _name in (_c.key, _c.zh, _c.en, *_c.aliases):
        _ALIASES[_norm(_name)] = _c.key


def limit_header_key(header: str) -> str | None:
    key = _ALIASES.get(_norm(header))
    if key:
        return key
    for part in header.replace("｜", "/").replace("|", "/").split("/"):
        key = _ALIASES.get(_norm(part))
        if key:
            return key
    return None


# what the action column may say
ACTIONS = {
    "apply": "apply",
    "申请": "apply",
    "新申请": "apply",
    "reduce": "reduce",
    "减额": "reduce",
    "减少": "reduce",
    "cancel": "cancel",
    "取消": "cancel",
    "注销": "cancel",
    "renew": "renew",
    "续转": "renew",
    "续保": "renew",
    "重新申请": "renew",
}


def action_of(text) -> str | None:
    return ACTIONS.get(_norm(str(text or "")))


def problem_text(problem: dict) -> str:
    """A row's problem as stored (its untranslated template and parameters) in the reader's language."""
    params = {
        k: gettext(v["msgid"]) if isinstance(v, dict) and "msgid" in v else v
        for k, v in (problem.get("params") or {}).items()
    }
    template = gettext(problem.get("msgid") or "")
    try:
        text = template % params if params else template
    except (KeyError, TypeError, ValueError):
        text = template
    column = LIMIT_COLUMNS.get(problem.get("field") or "")
    if column and "column" not in params:
        return f"{gettext(column.label)}: {text}"
    return text
