"""Applying for a credit limit: the request and its checks, the automatic decision or the
referral to an underwriter, and withdrawal."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from creditinfo.models import Buyer
from limits import rules
from limits.errors import error, not_allowed
from limits.models import CreditLimitApplication, LimitAutoRule
from limits.services.auto_rules import auto_rule_facts
from limits.services.common import (
    APPLICANT_ROLES,
    _lock_application,
)
from limits.services.decisions import _approve
from limits.workflow import application_workflow
from policies.models import PaymentTerm, Policy, Product
from policies.services import org_users, underwriters
from sinosure_portal.accounts.access import ensure_role
from sinosure_portal.audit.services import audit_record
from sinosure_portal.base.errors import DomainError, Problems, integrity_errors
from sinosure_portal.core.numbering import assign_number
from sinosure_portal.money.currency import format_amount
from sinosure_portal.notifications.services import notify
from sinosure_portal.texts import Text
from sinosure_portal.workdays.calendar import today as shanghai_today

REFERRAL_REASONS = {
    "red_buyer": _("the buyer's light is red"),
    "light": _("the buyer's light is not one the rules allow"),
    "amount": _("the amount is above the automatic ceiling"),
    "amount_not_positive": _("the amount is not positive"),
    "country_class": _("the buyer's country class is too high"),
    "payment_term": _("the payment term needs an underwriter"),
    "credit_period": _("the credit period is longer than the rules allow"),
    "related_party": _("the buyer is a related party"),
    "product": _("the product is not decided automatically"),
    "rule_disabled": _("automatic decisions are switched off"),
    "no_rule": _("no automatic decision rule is enabled"),
}


@dataclass
class LimitRequest:
    policy_id: int
    buyer_id: int
    payment_term: str
    credit_period_days: int
    amount_requested_usd: Decimal
    goods_category: str
    open_orders_usd: Decimal = Decimal("0")
    first_trade_year: int | None = None
    financing_need: bool = False
    related_party: bool = False
    issuing_bank_id: int | None = None
    latest_shipment_date: date | None = None
    notes: str = ""


def _validate_request(actor, req: LimitRequest) -> tuple[Policy, Buyer, Buyer | None]:
    """Every problem of the request at once, each naming its field (a forfaiting L/C request
    missing three things learns all three from one submission)."""
    try:
        policy = Policy.objects.select_related("organisation").get(pk=req.policy_id)
    except Policy.DoesNotExist as exc:
        raise error("policy_unknown", field="policy") from exc
    if policy.organisation_id != actor.organisation_id:
        raise error("policy_unknown", field="policy")
    today = shanghai_today()
    problems = Problems()
    if policy.status != Policy.Status.ACTIVE or policy.period_end < today:
        problems.errors.append(error("policy_not_in_force", field="policy", number=policy.number))
    buyer = bank = None
    with problems.check():
        buyer = _request_buyer(policy, req)
    for check in _TERM_CHECKS:
        with problems.check():
            check(policy, req, today)
    with problems.check():
        bank = _request_issuing_bank(req)
    with problems.check():
        _request_latest_shipment(req, today)
    problems.raise_any()
    return policy, buyer, bank


def _request_buyer(policy: Policy, req: LimitRequest) -> Buyer:
    buyer = Buyer.objects.select_related("country").filter(pk=req.buyer_id).first()
    if buyer is None:
        raise error("buyer_unknown", field="buyer")
    if policy.product == Product.FORFAITING and buyer.kind != Buyer.Kind.BANK:
        raise error("forfaiting_needs_bank", field="buyer")
    if policy.product != Product.FORFAITING and buyer.kind == Buyer.Kind.BANK:
        raise error("buyer_is_bank", field="buyer")
    return buyer


def _check_payment_term(policy: Policy, req: LimitRequest, today: date) -> None:
    if req.payment_term not in PaymentTerm.values:
        raise error("payment_term_unknown", field="payment_term")


def _check_credit_period(policy: Policy, req: LimitRequest, today: date) -> None:
    if req.credit_period_days is None or req.credit_period_days < 1:
        raise error("credit_period_required", field="credit_period_days")
    if req.credit_period_days > rules.MAX_CREDIT_PERIOD_DAYS:
        raise error("credit_period_too_long", field="credit_period_days", days=rules.MAX_CREDIT_PERIOD_DAYS)
    if req.credit_period_days > policy.max_credit_period_days:
        raise error(
            "credit_period_above_policy",
            field="credit_period_days",
            number=policy.number,
            days=policy.max_credit_period_days,
        )


def _check_amounts(policy: Policy, req: LimitRequest, today: date) -> None:
    if not isinstance(req.amount_requested_usd, Decimal) or req.amount_requested_usd <= 0:
        raise error("amount_requested_not_positive", field="amount_requested_usd")


def _check_open_orders(policy: Policy, req: LimitRequest, today: date) -> None:
    if req.open_orders_usd is not None and req.open_orders_usd < 0:
        raise error("open_orders_negative", field="open_orders_usd")


def _check_goods(policy: Policy, req: LimitRequest, today: date) -> None:
    if not (req.goods_category or "").strip():
        raise error("goods_required", field="goods_category")


def _check_first_trade_year(policy: Policy, req: LimitRequest, today: date) -> None:
    if req.first_trade_year is not None and not (1900 <= req.first_trade_year <= today.year):
        raise error("first_trade_year_invalid", field="first_trade_year")


_TERM_CHECKS = (
    _check_payment_term,
    _check_credit_period,
    _check_amounts,
    _check_open_orders,
    _check_goods,
    _check_first_trade_year,
)


def _request_issuing_bank(req: LimitRequest) -> Buyer | None:
    """An L/C limit names the issuing bank (and the latest shipment date, checked beside it)."""
    if req.payment_term != PaymentTerm.LC:
        return None
    if not req.issuing_bank_id:
        raise error("issuing_bank_required", field="issuing_bank")
    bank = Buyer.objects.filter(pk=req.issuing_bank_id, kind=Buyer.Kind.BANK).first()
    if bank is None:
        raise error("issuing_bank_unknown", field="issuing_bank")
    return bank


def _request_latest_shipment(req: LimitRequest, today: date) -> None:
    if req.payment_term != PaymentTerm.LC:
        return
    if not req.latest_shipment_date:
        raise error("latest_shipment_required", field="latest_shipment_date")
    if req.latest_shipment_date < today:
        raise error("latest_shipment_past", field="latest_shipment_date")


def _pending_error(buyer: Buyer) -> DomainError:
    return error("limit_application_pending", field="buyer", buyer=buyer.display_name)


def limit_application_submit(*, actor, request: LimitRequest) -> CreditLimitApplication:
    """Apply for a limit. Small requests that an enabled rule covers are approved at once; the rest
    wait in the underwriter queue. A second application for a buyer with one pending is refused."""
    ensure_role(actor, APPLICANT_ROLES, action=_("apply for credit limits"))
    # two requests racing past the pending check: the partial unique index keeps only one, and
    # its violation reads as "already pending" (limits/errors.py)
    with integrity_errors(), transaction.atomic():
        return _limit_application_submit(actor=actor, req=request)


def _limit_application_submit(*, actor, req: LimitRequest) -> CreditLimitApplication:
    policy, buyer, bank = _validate_request(actor, req)
    if CreditLimitApplication.objects.filter(
        organisation_id=policy.organisation_id, buyer=buyer, status__in=CreditLimitApplication.PENDING
    ).exists():
        raise _pending_error(buyer)
    application = CreditLimitApplication.objects.create(
        policy=policy,
        organisation_id=policy.organisation_id,
        buyer=buyer,
        payment_term=req.payment_term,
        credit_period_days=req.credit_period_days,
        amount_requested_usd=req.amount_requested_usd,
        open_orders_usd=req.open_orders_usd or Decimal("0"),
        goods_category=req.goods_category.strip(),
        first_trade_year=req.first_trade_year,
        financing_need=req.financing_need,
        related_party=req.related_party,
        issuing_bank=bank,
        latest_shipment_date=req.latest_shipment_date if req.payment_term == PaymentTerm.LC else None,
        notes=req.notes or "",
        created_by=actor,
    )
    assign_number(application, "LA")
    audit_record(application, action="limit_application.submitted", actor=actor, to_state=application.status)
    facts = rules.ApplicationFacts(
        amount_usd=application.amount_requested_usd,
        buyer_light=buyer.light,
        country_class=buyer.country.risk_class,
        payment_term=application.payment_term,
        credit_period_days=application.credit_period_days,
        related_party=application.related_party,
        product=policy.product,
    )
    decision = rules.auto_decide(facts, auto_rule_facts())
    url = reverse("limits:application-detail", args=[application.pk])
    if decision.approve:
        application.auto_decided = True
        application.auto_rule_id = decision.rule_id
        _approve(
            application,
            actor=None,
            amount=application.amount_requested_usd,
            period=application.credit_period_days,
            terms=[application.payment_term],
            conditions="",
            # the rule by its name, as the insurer's staff named it ("规则 1" told nobody anything)
            reason=Text("limit_auto_approved_reason", {"rule": _rule_name(decision.rule_id)}),
        )
    else:
        codes = list(decision.referral_reasons)
        audit_record(
            application,
            action="limit_application.referred",
            reason=Text("limit_referred_reason", {"codes": codes}),
        )
        notify(
            underwriters(),
            kind="limit_application_submitted",
            params={
                "number": application.number,
                "organisation": str(application.organisation),
                "buyer": buyer.display_name,
                "amount": format_amount(application.amount_requested_usd, "USD"),
            },
            url=url,
            email=False,
        )
        notify(
            org_users(application.organisation_id),
            kind="limit_application_referred",
            params={"number": application.number, "codes": codes},
            url=url,
            email=False,
        )
    return application


@transaction.atomic
def limit_application_withdraw(*, application_id: int, actor, reason: str = "") -> CreditLimitApplication:
    ensure_role(actor, APPLICANT_ROLES, action=_("withdraw credit limit applications"))
    application = _lock_application(application_id)
    if application.organisation_id != actor.organisation_id:
        raise not_allowed("not_your_application")
    application_workflow.transition(
        application, to=CreditLimitApplication.Status.WITHDRAWN, actor=actor, reason=reason
    )
    return application


def _rule_name(rule_id: int | None) -> str:
    name = LimitAutoRule.objects.filter(pk=rule_id).values_list("name", flat=True).first()
    return name or f"#{rule_id}"
