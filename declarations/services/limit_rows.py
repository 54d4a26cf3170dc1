"""One row of a limit batch: read (every problem of the row at once), looked up (the policies,
limits and buyers the uploader may name) and done through the limit's own service; and a row's
problems as stored (kind and parameters) and shown in the reader's language."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation

from django.db.models import Q
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from creditinfo.models import Buyer, normalise_name, registration_key
from declarations.limit_columns import LIMIT_COLUMNS, action_of, problem_text  # noqa: F401 - re-exported
from declarations.models import LimitBatchRow
from declarations.rows import TERMS, TERMS_FAST
from limits import services as limit_services
from limits.models import CreditLimit
from limits.selectors import limits_visible
from policies.models import Policy
from sinosure_portal.accounts.access import scope_to_organisation
from sinosure_portal.base.errors import DomainError, DomainErrors
from sinosure_portal.workdays.calendar import today as shanghai_today

Action = LimitBatchRow.Action

ROW_PROBLEMS = {
    "missing": _("%(column)s is missing."),
    "invalid_action": _("%(value)s is not an action (apply, reduce, cancel or renew)."),
    "invalid_amount": _("%(column)s: %(value)s is not a positive amount."),
    "invalid_days": _("%(column)s: %(value)s is not a number of days (1 to 720)."),
    "invalid_date": _("%(column)s: %(value)s is not a date (use YYYY-MM-DD)."),
    "invalid_payment_term": _("%(value)s is not a payment term (L/C, D/P, D/A or O/A)."),
    "policy_unknown": _("There is no policy %(value)s of yours."),
    "limit_unknown": _("There is no credit limit %(value)s of yours."),
    "buyer_unknown": _("No buyer is registered as %(value)s."),
    "buyer_ambiguous": _("%(value)s names several buyers: give the registration number."),
    "unexpected_error": _("The row could not be done (%(error)s)."),
}
# the field a service names -> the batch column it came from
FIELD_COLUMNS = {
    "amount_requested_usd": "amount_usd",
    "amount_usd": "amount_usd",
    "credit_period_days": "credit_period_days",
    "payment_term": "payment_term",
    "payment_terms": "payment_term",
    "goods_category": "goods_category",
    "buyer": "buyer",
    "policy": "policy",
    "notice_date": "notice_date",
    "reason": "reason",
    "limit": "limit",
    "status": "limit",
}


def row_problem(code: str, *, column: str | None = None, **params) -> DomainError:
    if column:
        params["column"] = LIMIT_COLUMNS[column].label
    return DomainError(code, ROW_PROBLEMS[code], field=column, **params)


# --- problems as stored: kind and parameters, shown in the reader's language ------------------------------


def _stored_value(value):
    if isinstance(value, Promise):
        with translation.override(None):
            return {"msgid": str(value)}
    if isinstance(value, str | int | bool) or value is None:
        return value
    return str(value)


def stored_problems(error: DomainError) -> list[dict]:
    """Each problem as {code, field, msgid, params}: the untranslated template and its parameters
    (lazy texts kept as their msgid), so the report reads in whoever's language looks at it."""
    errors = error.errors if isinstance(error, DomainErrors) else [error]
    stored = []
    for each in errors:
        with translation.override(None):
            template = str(each._message)
        stored.append(
            {
                "code": each.code,
                "field": FIELD_COLUMNS.get(each.field or "", each.field or ""),
                "msgid": template,
                "params": {k: _stored_value(v) for k, v in (each.params or {}).items()},
            }
        )
    return stored


# --- one row: read, look up, act ------------------------------------------------------------------------


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "isoformat"):
        return (
            value.date().isoformat() if hasattr(value, "date") and callable(value.date) else value.isoformat()
        )
    return str(value).strip()


class _Lookups:
    """Policies, limits and buyers the actor may name, looked up once per batch."""

    def __init__(self, actor):
        self.actor = actor
        self.policies: dict[str, Policy | None] = {}
        self.limits: dict[str, CreditLimit | None] = {}

    def policy(self, number: str) -> Policy | None:
        if number not in self.policies:
            self.policies[number] = (
                scope_to_organisation(Policy.objects.all(), self.actor).filter(number=number).first()
            )
        return self.policies[number]

    def limit(self, number: str) -> CreditLimit | None:
        # read afresh each time: an earlier row may have changed it
        return limits_visible(self.actor).filter(number=number).first()

    def buyer(self, text: str) -> Buyer:
        if text.isdigit() and Buyer.objects.filter(pk=int(text)).exists():
            return Buyer.objects.get(pk=int(text))
        key = registration_key(text)
        found = list(Buyer.objects.filter(registration_key=key)[:2]) if key else []
        if not found:
            found = list(Buyer.objects.filter(normalised_name=normalise_name(text))[:2])
        if not found:
            found = list(Buyer.objects.filter(Q(name_zh=text) | Q(name_en__iexact=text))[:2])
        if len(found) > 1:
            raise row_problem("buyer_ambiguous", column="buyer", value=text)
        if not found:
            raise row_problem("buyer_unknown", column="buyer", value=text)
        return found[0]


def _amount(cells, problems: list, *, required: bool) -> Decimal | None:
    text = _text(cells.get("amount_usd")).replace(",", "").replace(" ", "")
    if not text:
        if required:
            problems.append(row_problem("missing", column="amount_usd"))
        return None
    try:
        amount = Decimal(text)
    except InvalidOperation:
        amount = None
    if amount is None or not amount.is_finite() or amount <= 0 or amount.adjusted() >= 15:
        problems.append(row_problem("invalid_amount", column="amount_usd", value=text[:60]))
        return None
    return amount.quantize(Decimal("0.01"))


def _days(cells, problems: list) -> int | None:
    text = _text(cells.get("credit_period_days"))
    if not text:
        return None
    if not text.isdigit() or not (1 <= int(text) <= 720):
        problems.append(row_problem("invalid_days", column="credit_period_days", value=text[:60]))
        return None
    return int(text)


def _term(cells, problems: list) -> str | None:
    text = _text(cells.get("payment_term"))
    if not text:
        return None
    term = TERMS_FAST.get(text) or TERMS.get(text.casefold().replace(" ", ""))
    if term is None:
        problems.append(row_problem("invalid_payment_term", column="payment_term", value=text[:60]))
    return term


def _notice_date(cells, problems: list) -> date:
    value = cells.get("notice_date")
    if isinstance(value, date):
        return value if not hasattr(value, "date") or not callable(value.date) else value.date()
    text = _text(value)
    if not text:
        return shanghai_today()
    try:
        return date.fromisoformat(text.replace("/", "-"))
    except ValueError:
        problems.append(row_problem("invalid_date", column="notice_date", value=text[:60]))
        return shanghai_today()


def _do(actor, lookups: _Lookups, cells: dict):
    """Read the row (every problem at once), then act through the limit's service. Returns
    (application, limit, amount)."""
    problems: list[DomainError] = []
    raw_action = _text(cells.get("action"))
    action = action_of(raw_action)
    if not raw_action:
        problems.append(row_problem("missing", column="action"))
    elif action is None:
        problems.append(row_problem("invalid_action", column="action", value=raw_action[:60]))
    limit = None
    if action in (Action.REDUCE, Action.CANCEL, Action.RENEW):
        number = _text(cells.get("limit"))
        if not number:
            problems.append(row_problem("missing", column="limit"))
        else:
            limit = lookups.limit(number)
            if limit is None:
                problems.append(row_problem("limit_unknown", column="limit", value=number[:60]))
    policy = buyer = None
    if action == Action.APPLY:
        policy, buyer = _apply_subjects(lookups, cells, problems)
    amount = _amount(cells, problems, required=action in (Action.APPLY, Action.REDUCE))
    days = _days(cells, problems)
    term = _term(cells, problems)
    notice = _notice_date(cells, problems)
    reason = _text(cells.get("reason"))
    goods = _text(cells.get("goods_category"))
    if action == Action.APPLY:
        for column in ("payment_term", "credit_period_days"):
            if not _text(cells.get(column)):
                problems.append(row_problem("missing", column=column))
    if problems:
        raise problems[0] if len(problems) == 1 else DomainErrors(problems)
    if action == Action.APPLY:
        return _apply(actor, policy.pk, buyer.pk, term, days, amount, goods)
    if action == Action.RENEW:
        previous = limit.application.goods_category if limit.application_id else ""
        return _apply(
            actor,
            limit.policy_id,
            limit.buyer_id,
            term or (limit.payment_terms[0] if limit.payment_terms else ""),
            days or limit.max_credit_period_days,
            amount or limit.amount_usd,
            goods or previous,
        )
    if action == Action.REDUCE:
        changed = limit_services.limit_reduce(
            limit_id=limit.pk, actor=actor, amount_usd=amount, notice_date=notice, reason=reason
        )
        return None, changed, amount
    changed = limit_services.limit_cancel(limit_id=limit.pk, actor=actor, notice_date=notice, reason=reason)
    return None, changed, None


def _apply_subjects(lookups: _Lookups, cells: dict, problems: list):
    policy = buyer = None
    number = _text(cells.get("policy"))
    if not number:
        problems.append(row_problem("missing", column="policy"))
    else:
        policy = lookups.policy(number)
        if policy is None:
            problems.append(row_problem("policy_unknown", column="policy", value=number[:60]))
    text = _text(cells.get("buyer"))
    if not text:
        problems.append(row_problem("missing", column="buyer"))
    else:
        try:
            buyer = lookups.buyer(text)
        except DomainError as error:
            problems.append(error)
    return policy, buyer


def _apply(actor, policy_id, buyer_id, term, days, amount, goods):
    application = limit_services.limit_application_submit(
        actor=actor,
        request=limit_services.LimitRequest(
            policy_id=policy_id,
            buyer_id=buyer_id,
            payment_term=term,
            credit_period_days=days,
            amount_requested_usd=amount,
            goods_category=goods,
        ),
    )
    limit = application.limits.order_by("-id").first()
    return application, limit, amount
