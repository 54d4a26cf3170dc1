"""Every write on credit limits: applications and their (automatic or underwriter's) decisions,
reductions and cancellations with a notice date, the exposure the declarations issue reserves and
releases under a row lock, the automatic-decision rules, and the idle-limit sweeps."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import DateField, F, Q
from django.db.models.functions import Coalesce, TruncDate
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from creditinfo.models import Buyer
from limits import rules
from limits.documents import APPROVAL_KIND, approval_render  # noqa: F401 - the kind is re-exported
from limits.models import CreditLimit, CreditLimitApplication, CreditLimitChange, LimitAutoRule
from limits.workflow import application_workflow, limit_workflow
from policies.models import PaymentTerm, Policy, Product
from policies.rules import add_months
from policies.services import bulk_transition, org_users, underwriters
from sinosure_portal.accounts.access import ensure_role
from sinosure_portal.accounts.models import Role, User
from sinosure_portal.audit.services import audit_record
from sinosure_portal.base.errors import DomainError, NotAllowed, TransitionNotAllowed
from sinosure_portal.core.numbering import assign_number
from sinosure_portal.ledger.errors import LedgerDrift
from sinosure_portal.notifications.services import ReminderSpec, notify, reminders_create, sweep
from sinosure_portal.workdays.calendar import SHANGHAI
from sinosure_portal.workdays.calendar import today as shanghai_today

logger = logging.getLogger(__name__)

APPLICANT_ROLES = [Role.EXPORTER, Role.BANK]
DECIDER_ROLES = [Role.UNDERWRITER]

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
DECISION_PROBLEMS = {
    "amount_not_positive": _("The amount approved must be above zero."),
    "amount_above_request": _("The amount approved cannot be more than the amount requested."),
    "period_not_positive": _("The credit period must be at least one day."),
    "period_above_request": _("The credit period approved cannot be longer than the one requested."),
    "period_above_policy": _("The credit period is longer than the policy covers."),
    "payment_terms": _("Choose at least one payment term."),
}


def _lock_application(application_id: int) -> CreditLimitApplication:
    try:
        return CreditLimitApplication.objects.select_for_update().get(pk=application_id)
    except CreditLimitApplication.DoesNotExist as exc:
        raise DomainError("application_not_found", _("No such credit limit application.")) from exc


def _lock_limit(limit_id: int) -> CreditLimit:
    try:
        return CreditLimit.objects.select_for_update().get(pk=limit_id)
    except CreditLimit.DoesNotExist as exc:
        raise DomainError("limit_not_found", _("No such credit limit.")) from exc


# --- applying ----------------------------------------------------------------------------------------


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
    try:
        policy = Policy.objects.select_related("organisation").get(pk=req.policy_id)
    except Policy.DoesNotExist as exc:
        raise DomainError("policy_unknown", _("Choose one of your policies."), field="policy") from exc
    if policy.organisation_id != actor.organisation_id:
        raise DomainError("policy_unknown", _("Choose one of your policies."), field="policy")
    today = shanghai_today()
    if policy.status != Policy.Status.ACTIVE or policy.period_end < today:
        raise DomainError(
            "policy_not_in_force",
            _("Policy %(number)s is not in force."),
            field="policy",
            number=policy.number,
        )
    buyer = Buyer.objects.select_related("country").filter(pk=req.buyer_id).first()
    if buyer is None:
        raise DomainError("buyer_unknown", _("Choose or register the buyer."), field="buyer")
    if policy.product == Product.FORFAITING and buyer.kind != Buyer.Kind.BANK:
        raise DomainError(
            "forfaiting_needs_bank",
            _("Under a forfaiting policy the limit is on the obligor bank."),
            field="buyer",
        )
    if policy.product != Product.FORFAITING and buyer.kind == Buyer.Kind.BANK:
        raise DomainError(
            "buyer_is_bank",
            _("Choose the importer as the buyer; give a bank as the L/C issuing bank."),
            field="buyer",
        )
    if req.payment_term not in PaymentTerm.values:
        raise DomainError("payment_term_unknown", _("Choose L/C, D/P, D/A or O/A."), field="payment_term")
    if req.credit_period_days is None or req.credit_period_days < 1:
        raise DomainError(
            "credit_period_required", _("The credit period is at least one day."), field="credit_period_days"
        )
    if req.credit_period_days > rules.MAX_CREDIT_PERIOD_DAYS:
        raise DomainError(
            "credit_period_too_long",
            _("Credit periods of more than %(days)s days (two years) are not covered."),
            field="credit_period_days",
            days=rules.MAX_CREDIT_PERIOD_DAYS,
        )
    if req.credit_period_days > policy.max_credit_period_days:
        raise DomainError(
            "credit_period_above_policy",
            _("Policy %(number)s covers credit periods of at most %(days)s days."),
            field="credit_period_days",
            number=policy.number,
            days=policy.max_credit_period_days,
        )
    if not isinstance(req.amount_requested_usd, Decimal) or req.amount_requested_usd <= 0:
        raise DomainError(
            "amount_not_positive", _("The amount requested must be above zero."), field="amount_requested_usd"
        )
    if req.open_orders_usd is not None and req.open_orders_usd < 0:
        raise DomainError(
            "open_orders_negative", _("Open orders cannot be negative."), field="open_orders_usd"
        )
    if not (req.goods_category or "").strip():
        raise DomainError("goods_required", _("Say what goods or services you sell."), field="goods_category")
    if req.first_trade_year is not None and not (1900 <= req.first_trade_year <= today.year):
        raise DomainError(
            "first_trade_year_invalid",
            _("The first trade year must be between 1900 and this year."),
            field="first_trade_year",
        )
    bank = None
    if req.payment_term == PaymentTerm.LC:
        if not req.issuing_bank_id:
            raise DomainError(
                "issuing_bank_required", _("An L/C limit names the issuing bank."), field="issuing_bank"
            )
        bank = Buyer.objects.filter(pk=req.issuing_bank_id, kind=Buyer.Kind.BANK).first()
        if bank is None:
            raise DomainError(
                "issuing_bank_unknown", _("Choose or register the issuing bank."), field="issuing_bank"
            )
        if not req.latest_shipment_date:
            raise DomainError(
                "latest_shipment_required",
                _("An L/C limit needs the latest shipment date."),
                field="latest_shipment_date",
            )
        if req.latest_shipment_date < today:
            raise DomainError(
                "latest_shipment_past",
                _("The latest shipment date is already past."),
                field="latest_shipment_date",
            )
    return policy, buyer, bank


def _pending_error(buyer: Buyer) -> DomainError:
    return DomainError(
        "limit_application_pending",
        _(
            "An application for a limit on %(buyer)s is already pending; wait for its decision or withdraw it."
        ),
        field="buyer",
        buyer=buyer.display_name,
    )


def auto_rule_facts() -> list[rules.AutoRuleFacts]:
    return [
        rules.AutoRuleFacts(
            id=r.pk,
            max_amount_usd=r.max_amount_usd,
            max_country_class=r.max_country_class,
            allowed_lights=frozenset(r.allowed_lights or []),
            allowed_payment_terms=frozenset(r.allowed_payment_terms or []),
            max_credit_period_days=r.max_credit_period_days,
            allow_related_party=r.allow_related_party,
            products=frozenset(r.products or []),
            enabled=r.enabled,
        )
        for r in LimitAutoRule.objects.filter(enabled=True).order_by("max_amount_usd", "id")
    ]


def limit_application_submit(*, actor, request: LimitRequest) -> CreditLimitApplication:
    """Apply for a limit. Small requests that an enabled rule covers are approved at once; the rest
    wait in the underwriter queue. A second application for a buyer with one pending is refused."""
    ensure_role(actor, APPLICANT_ROLES, action=_("apply for credit limits"))
    try:
        with transaction.atomic():
            return _limit_application_submit(actor=actor, req=request)
    except IntegrityError as exc:
        # two requests raced past the check: the partial unique index keeps only one
        if "limit_application_one_pending_per_buyer" in str(exc):
            raise _pending_error(Buyer.objects.get(pk=request.buyer_id)) from exc
        raise


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
            reason=str(_("Approved automatically under rule %(rule)s") % {"rule": decision.rule_id}),
        )
    else:
        reasons = "; ".join(str(REFERRAL_REASONS.get(code, code)) for code in decision.referral_reasons)
        audit_record(application, action="limit_application.referred", reason=reasons)
        notify(
            underwriters(),
            kind="limit_application_submitted",
            title=_("Credit limit application %(number)s to decide") % {"number": application.number},
            body=f"{application.organisation} · {buyer.display_name} · USD {application.amount_requested_usd:,}",
            url=url,
            email=False,
        )
        notify(
            org_users(application.organisation_id),
            kind="limit_application_referred",
            title=_("Credit limit application %(number)s goes to an underwriter")
            % {"number": application.number},
            body=reasons,
            url=url,
            email=False,
        )
    return application


def _approve(
    application: CreditLimitApplication,
    *,
    actor,
    amount: Decimal,
    period: int,
    terms: list[str],
    conditions: str,
    reason: str,
) -> CreditLimit:
    outcome = rules.decision_outcome(
        requested_amount=application.amount_requested_usd,
        requested_period=application.credit_period_days,
        requested_term=application.payment_term,
        approved_amount=amount,
        approved_period=period,
        approved_terms=terms,
    )
    limit = _limit_grant(
        application,
        actor=actor,
        amount=amount,
        period=period,
        terms=terms,
        conditions=conditions,
        reason=reason,
    )
    application.approved_amount_usd = amount
    application.approved_credit_period_days = period
    application.approved_payment_terms = list(terms)
    application.conditions = conditions
    application.decision_reason = reason
    application.decided_at = timezone.now()
    application.decided_by = actor if getattr(actor, "pk", None) else None
    application_workflow.transition(
        application,
        to=outcome,
        actor=actor,
        reason=reason,
        update_fields=[
            "approved_amount_usd",
            "approved_credit_period_days",
            "approved_payment_terms",
            "conditions",
            "decision_reason",
            "decided_at",
            "decided_by",
            "auto_decided",
            "auto_rule",
        ],
    )

    approval_render(application, limit, actor=actor)
    notify(
        org_users(application.organisation_id),
        kind="limit_approved",
        title=(
            _("Credit limit on %(buyer)s approved: USD %(amount)s")
            if outcome == rules.APPROVED
            else _("Credit limit on %(buyer)s approved with changes: USD %(amount)s")
        )
        % {"buyer": application.buyer.display_name, "amount": f"{amount:,}"},
        body=reason,
        url=reverse("limits:application-detail", args=[application.pk]),
        level="info" if outcome == rules.APPROVED else "warning",
    )
    return limit


def _limit_grant(
    application: CreditLimitApplication,
    *,
    actor,
    amount: Decimal,
    period: int,
    terms: list[str],
    conditions: str,
    reason: str,
) -> CreditLimit:
    """Create the limit, or change the live one on the same buyer (the exposure stays on one row)."""
    today = shanghai_today()
    acting = actor if getattr(actor, "pk", None) else None
    limit = (
        CreditLimit.objects.select_for_update()
        .filter(policy_id=application.policy_id, buyer_id=application.buyer_id, status__in=CreditLimit.LIVE)
        .first()
    )
    if limit is None:
        limit = CreditLimit.objects.create(
            policy_id=application.policy_id,
            organisation_id=application.organisation_id,
            buyer_id=application.buyer_id,
            issuing_bank_id=application.issuing_bank_id,
            application=application,
            amount_usd=amount,
            payment_terms=list(terms),
            max_credit_period_days=period,
            effective_date=today,
            conditions=conditions,
            approved_by=acting,
        )
        assign_number(limit, "CL")
        CreditLimitChange.objects.create(
            limit=limit,
            kind=CreditLimitChange.Kind.APPROVED,
            notice_date=today,
            applies_from=today,
            amount_before_usd=Decimal("0"),
            amount_after_usd=amount,
            payment_terms_after=list(terms),
            max_credit_period_after=period,
            reason=reason,
            application=application,
            actor=acting,
        )
        audit_record(limit, action="credit_limit.approved", actor=actor, to_state=limit.status, reason=reason)
        return limit
    before = limit.amount_usd
    lower = amount < before
    changes = {
        "amount_usd": (before, amount),
        "payment_terms": (list(limit.payment_terms or []), list(terms)),
        "max_credit_period_days": (limit.max_credit_period_days, period),
    }
    limit.amount_usd, limit.payment_terms, limit.max_credit_period_days = amount, list(terms), period
    limit.application, limit.conditions, limit.approved_at, limit.approved_by = (
        application,
        conditions,
        timezone.now(),
        acting,
    )
    if application.issuing_bank_id:
        limit.issuing_bank_id = application.issuing_bank_id
    limit.save()
    CreditLimitChange.objects.create(
        limit=limit,
        kind=CreditLimitChange.Kind.REDUCED if lower else CreditLimitChange.Kind.INCREASED,
        notice_date=today,
        # a lower amount, like any reduction, spares the shipments made up to the notice date
        applies_from=today + timedelta(days=1) if lower else today,
        amount_before_usd=before,
        amount_after_usd=amount,
        payment_terms_after=list(terms),
        max_credit_period_after=period,
        reason=reason,
        application=application,
        actor=acting,
    )
    target = CreditLimit.Status.REDUCED if lower else CreditLimit.Status.ACTIVE
    changes = {k: v for k, v in changes.items() if v[0] != v[1]}
    if not limit_workflow.transition(limit, to=target, actor=actor, reason=reason, changes=changes):
        audit_record(
            limit,
            action="credit_limit.amended",
            actor=actor,
            from_state=limit.status,
            to_state=limit.status,
            reason=reason,
            data={"before": before, "after": amount},
            changes=changes,
        )
    return limit


# --- the underwriter's decision -----------------------------------------------------------------------


@transaction.atomic
def limit_application_take(*, application_id: int, actor) -> CreditLimitApplication:
    ensure_role(actor, DECIDER_ROLES, action=_("decide credit limits"))
    application = _lock_application(application_id)
    application_workflow.transition(application, to=CreditLimitApplication.Status.UNDER_REVIEW, actor=actor)
    return application


@transaction.atomic
def limit_application_release(*, application_id: int, actor) -> CreditLimitApplication:
    ensure_role(actor, DECIDER_ROLES, action=_("decide credit limits"))
    application = _lock_application(application_id)
    application_workflow.transition(application, to=CreditLimitApplication.Status.SUBMITTED, actor=actor)
    return application


@transaction.atomic
def limit_application_approve(
    *,
    application_id: int,
    actor,
    amount_usd: Decimal,
    credit_period_days: int,
    payment_terms: list[str],
    reason: str,
    conditions: str = "",
) -> CreditLimit:
    """Approve as asked, or approve less / a shorter period / fewer terms (always with a reason)."""
    ensure_role(actor, DECIDER_ROLES, action=_("decide credit limits"))
    reason = (reason or "").strip()
    if not reason:
        raise DomainError("reason_required", _("Give the reason for the decision."), field="reason")
    application = _lock_application(application_id)
    if not application.is_pending:
        application_workflow.transition(application, to=CreditLimitApplication.Status.APPROVED, actor=actor)
    policy = application.policy
    for field, code in rules.decision_problems(
        requested_amount=application.amount_requested_usd,
        requested_period=application.credit_period_days,
        approved_amount=amount_usd,
        approved_period=credit_period_days,
        approved_terms=payment_terms,
        policy_max_period=policy.max_credit_period_days,
    ):
        raise DomainError(code, DECISION_PROBLEMS[code], field=field)
    ordered_terms = [t for t in PaymentTerm.values if t in set(payment_terms)]
    return _approve(
        application,
        actor=actor,
        amount=amount_usd,
        period=credit_period_days,
        terms=ordered_terms,
        conditions=(conditions or "").strip(),
        reason=reason,
    )


@transaction.atomic
def limit_application_reject(*, application_id: int, actor, reason: str) -> CreditLimitApplication:
    ensure_role(actor, DECIDER_ROLES, action=_("decide credit limits"))
    reason = (reason or "").strip()
    if not reason:
        raise DomainError("reason_required", _("Give the reason for the decision."), field="reason")
    application = _lock_application(application_id)
    application.decision_reason, application.decided_at, application.decided_by = (
        reason,
        timezone.now(),
        actor,
    )
    application_workflow.transition(
        application,
        to=CreditLimitApplication.Status.REJECTED,
        actor=actor,
        reason=reason,
        update_fields=["decision_reason", "decided_at", "decided_by"],
    )
    notify(
        org_users(application.organisation_id),
        kind="limit_rejected",
        title=_("Credit limit on %(buyer)s not approved") % {"buyer": application.buyer.display_name},
        body=reason,
        url=reverse("limits:application-detail", args=[application.pk]),
        level="warning",
    )
    return application


@transaction.atomic
def limit_application_withdraw(*, application_id: int, actor, reason: str = "") -> CreditLimitApplication:
    ensure_role(actor, APPLICANT_ROLES, action=_("withdraw credit limit applications"))
    application = _lock_application(application_id)
    if application.organisation_id != actor.organisation_id:
        raise NotAllowed("not_your_application", _("This application belongs to another organisation."))
    application_workflow.transition(
        application, to=CreditLimitApplication.Status.WITHDRAWN, actor=actor, reason=reason
    )
    return application


# --- reductions and cancellations with a notice date ------------------------------------------------


def _not_live(limit: CreditLimit) -> TransitionNotAllowed:
    return TransitionNotAllowed(
        "transition_not_allowed",
        _("Limit %(number)s is %(status)s: it can no longer be changed."),
        field="status",
        number=limit.number,
        status=limit.get_status_display(),
    )


def _check_notice_date(notice_date: date) -> None:
    if notice_date is None:
        raise DomainError("notice_date_required", _("Give the notice date."), field="notice_date")
    if notice_date < shanghai_today():
        raise DomainError(
            "notice_date_past",
            _("The notice date cannot be in the past: shipments already made keep their cover."),
            field="notice_date",
        )


@transaction.atomic
def limit_reduce(
    *,
    limit_id: int,
    actor,
    amount_usd: Decimal,
    notice_date: date,
    reason: str,
    max_credit_period_days: int | None = None,
    payment_terms: list[str] | None = None,
) -> CreditLimit:
    """Reduce a limit (amount, or also its period or terms). Shipments made up to the notice date
    keep the old terms; those after it get the new ones."""
    ensure_role(actor, DECIDER_ROLES, action=_("change credit limits"))
    reason = (reason or "").strip()
    if not reason:
        raise DomainError("reason_required", _("Give the reason for the decision."), field="reason")
    _check_notice_date(notice_date)
    limit = _lock_limit(limit_id)
    if not limit.is_live:
        raise _not_live(limit)
    if payment_terms and any(t not in PaymentTerm.values for t in payment_terms):
        raise DomainError("payment_terms", _("Unknown payment term."), field="payment_terms")
    period = max_credit_period_days or limit.max_credit_period_days
    terms = [t for t in PaymentTerm.values if t in set(payment_terms or limit.payment_terms)]
    if amount_usd is None or amount_usd <= 0:
        raise DomainError(
            "reduce_to_zero", _("To end the cover, cancel the limit instead."), field="amount_usd"
        )
    if (
        amount_usd > limit.amount_usd
        or period > limit.max_credit_period_days
        or not set(terms) <= set(limit.payment_terms)
    ):
        raise DomainError(
            "not_a_reduction",
            _("A reduction cannot raise the amount, lengthen the period or add payment terms."),
            field="amount_usd",
        )
    if (amount_usd, period, terms) == (limit.amount_usd, limit.max_credit_period_days, limit.payment_terms):
        raise DomainError("nothing_reduced", _("Nothing would change."), field="amount_usd")
    if not terms:
        raise DomainError("payment_terms", DECISION_PROBLEMS["payment_terms"], field="payment_terms")
    before = limit.amount_usd
    changes = {
        "amount_usd": (before, amount_usd),
        "max_credit_period_days": (limit.max_credit_period_days, period),
        "payment_terms": (list(limit.payment_terms or []), list(terms)),
    }
    changes = {k: v for k, v in changes.items() if v[0] != v[1]}
    CreditLimitChange.objects.create(
        limit=limit,
        kind=CreditLimitChange.Kind.REDUCED,
        notice_date=notice_date,
        applies_from=notice_date + timedelta(days=1),
        amount_before_usd=before,
        amount_after_usd=amount_usd,
        payment_terms_after=terms,
        max_credit_period_after=period,
        reason=reason,
        actor=actor,
    )
    limit.amount_usd, limit.max_credit_period_days, limit.payment_terms = amount_usd, period, terms
    data = {"before": before, "after": amount_usd, "notice_date": notice_date}
    if not limit_workflow.transition(
        limit,
        to=CreditLimit.Status.REDUCED,
        actor=actor,
        reason=reason,
        data=data,
        update_fields=["amount_usd", "max_credit_period_days", "payment_terms"],
        changes=changes,
    ):
        limit.save(update_fields=["amount_usd", "max_credit_period_days", "payment_terms", "updated_at"])
        audit_record(
            limit, action="credit_limit.reduced", actor=actor, reason=reason, data=data, changes=changes
        )
    _notify_limit_change(
        limit,
        title=_("Credit limit %(number)s on %(buyer)s reduced to USD %(amount)s from %(date)s"),
        amount=amount_usd,
        notice_date=notice_date,
        reason=reason,
    )
    return limit


def _limit_end(limit: CreditLimit, *, to: str, kind: str, actor, notice_date: date, reason: str) -> None:
    CreditLimitChange.objects.create(
        limit=limit,
        kind=kind,
        notice_date=notice_date,
        applies_from=notice_date + timedelta(days=1),
        amount_before_usd=limit.amount_usd,
        amount_after_usd=Decimal("0"),
        payment_terms_after=limit.payment_terms,
        max_credit_period_after=limit.max_credit_period_days,
        reason=reason,
        actor=actor if getattr(actor, "pk", None) else None,
    )
    limit_workflow.transition(limit, to=to, actor=actor, reason=reason, data={"notice_date": notice_date})


@transaction.atomic
def limit_cancel(*, limit_id: int, actor, notice_date: date, reason: str) -> CreditLimit:
    """Cancel a limit: no cover for shipments made after the notice date."""
    ensure_role(actor, DECIDER_ROLES, action=_("change credit limits"))
    reason = (reason or "").strip()
    if not reason:
        raise DomainError("reason_required", _("Give the reason for the decision."), field="reason")
    _check_notice_date(notice_date)
    limit = _lock_limit(limit_id)
    if not limit.is_live:
        raise _not_live(limit)
    _limit_end(
        limit,
        to=CreditLimit.Status.CANCELLED,
        kind=CreditLimitChange.Kind.CANCELLED,
        actor=actor,
        notice_date=notice_date,
        reason=reason,
    )
    _notify_limit_change(
        limit,
        title=_("Credit limit %(number)s on %(buyer)s cancelled for shipments after %(date)s"),
        amount=Decimal("0"),
        notice_date=notice_date,
        reason=reason,
    )
    return limit


def limits_cancel_for_policy(*, policy: Policy, actor, reason: str) -> int:
    """A cancelled policy's live limits end with it (notice today). Runs in the caller's transaction."""
    today = shanghai_today()
    count = 0
    for limit in CreditLimit.objects.select_for_update().filter(policy=policy, status__in=CreditLimit.LIVE):
        _limit_end(
            limit,
            to=CreditLimit.Status.CANCELLED,
            kind=CreditLimitChange.Kind.CANCELLED,
            actor=actor,
            notice_date=today,
            reason=reason,
        )
        count += 1
    return count


def limits_carry_over(*, old_policy: Policy, new_policy: Policy, actor) -> list[CreditLimit]:
    """A renewal keeps the insured's live limits: each is copied to the new policy with its current
    terms, effective on the new period's first day. The old limit stays with the old policy (its
    exposure belongs to shipments made under it) until that policy ends. Runs in the caller's
    transaction."""
    reason = str(_("Carried over from policy %(number)s") % {"number": old_policy.number})
    acting = actor if getattr(actor, "pk", None) else None
    effective = max(new_policy.period_start, shanghai_today())
    carried = []
    for old in CreditLimit.objects.filter(policy=old_policy, status__in=CreditLimit.LIVE).order_by("pk"):
        if CreditLimit.objects.filter(
            policy=new_policy, buyer_id=old.buyer_id, status__in=CreditLimit.LIVE
        ).exists():
            continue
        period = min(old.max_credit_period_days, new_policy.max_credit_period_days)
        limit = CreditLimit.objects.create(
            policy=new_policy,
            organisation_id=new_policy.organisation_id,
            buyer_id=old.buyer_id,
            issuing_bank_id=old.issuing_bank_id,
            application=old.application,
            amount_usd=old.amount_usd,
            payment_terms=list(old.payment_terms),
            max_credit_period_days=period,
            effective_date=effective,
            conditions=old.conditions,
            approved_by=acting,
        )
        assign_number(limit, "CL")
        CreditLimitChange.objects.create(
            limit=limit,
            kind=CreditLimitChange.Kind.APPROVED,
            notice_date=effective,
            applies_from=effective,
            amount_after_usd=old.amount_usd,
            payment_terms_after=list(old.payment_terms),
            max_credit_period_after=period,
            reason=reason,
            application=old.application,
            actor=acting,
        )
        audit_record(
            limit,
            action="credit_limit.carried_over",
            actor=actor,
            to_state=limit.status,
            reason=reason,
            data={"from": old.number},
        )
        carried.append(limit)
    return carried


def _notify_limit_change(
    limit: CreditLimit, *, title, amount: Decimal, notice_date: date, reason: str
) -> None:
    notify(
        org_users(limit.organisation_id),
        kind="limit_changed",
        title=title
        % {
            "number": limit.number,
            "buyer": limit.buyer.display_name,
            "amount": f"{amount:,}",
            "date": notice_date.isoformat(),
        },
        body=reason,
        url=reverse("limits:limit-detail", args=[limit.pk]),
        level="warning",
    )


# --- exposure: the declaration engine covers under the limit's lock (declarations.engine.cover); released here --------------------------------------------------------------


def limit_exposure_release(*, limit_id: int, amount_usd: Decimal) -> Decimal:
    """Free exposure again (a payment received, a declaration withdrawn). Returns the exposure
    after. Locks the row like the reservation. Releasing more than the limit holds means the
    ledger has drifted: that is refused (LedgerDrift, the caller's transaction rolls back and the
    drift is logged), never clamped to zero, so the reconciliation can still see it."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("limit_exposure_release must run inside the caller's transaction")
    if amount_usd < 0:
        raise ValueError("release a positive amount")
    limit = _lock_limit(limit_id)
    after = limit.exposure_usd - amount_usd
    if after < 0:
        logger.error(
            "ledger drift: limit %s holds %s USD, asked to release %s",
            limit.pk,
            limit.exposure_usd,
            amount_usd,
        )
        raise LedgerDrift(str(limit), limit_id=limit.pk)
    CreditLimit.objects.filter(pk=limit.pk).update(exposure_usd=after, updated_at=timezone.now())
    return after


def change_facts(limit_id: int) -> list[rules.ChangeFact]:
    return [
        rules.ChangeFact(
            applies_from=c.applies_from,
            amount_after_usd=c.amount_after_usd,
            payment_terms_after=tuple(c.payment_terms_after),
            max_credit_period_after=c.max_credit_period_after,
            kind=c.kind,
            change_id=c.pk,
        )
        for c in CreditLimitChange.objects.filter(limit_id=limit_id).order_by("created_at", "id")
    ]


# --- automatic-decision rules (administrator) ---------------------------------------------------------

RULE_FIELDS = (
    "name",
    "enabled",
    "max_amount_usd",
    "max_country_class",
    "allowed_lights",
    "allowed_payment_terms",
    "max_credit_period_days",
    "allow_related_party",
    "products",
)


@transaction.atomic
def auto_rule_save(*, actor, data: dict, rule_id: int | None = None) -> LimitAutoRule:
    """Create or change a rule. A rule can never let a red buyer through."""
    ensure_role(actor, [Role.ADMIN], action=_("tune the automatic decision rules"))
    rule = LimitAutoRule.objects.select_for_update().get(pk=rule_id) if rule_id else LimitAutoRule()
    before = {k: getattr(rule, k) for k in RULE_FIELDS} if rule_id else {}
    for key in RULE_FIELDS:
        if key in data:
            setattr(rule, key, data[key])
    if not (rule.name or "").strip():
        raise DomainError("field_required", _("This field is required."), field="name")
    lights = list(rule.allowed_lights or [])
    if "red" in lights:
        raise DomainError(
            "rule_allows_red", _("A red buyer is never approved automatically."), field="allowed_lights"
        )
    if not lights or any(light not in ("green", "yellow") for light in lights):
        raise DomainError("rule_lights", _("Choose green, yellow or both."), field="allowed_lights")
    terms = list(rule.allowed_payment_terms or [])
    if not terms or any(t not in PaymentTerm.values for t in terms):
        raise DomainError("payment_terms", DECISION_PROBLEMS["payment_terms"], field="allowed_payment_terms")
    if any(p not in Product.values for p in rule.products or []):
        raise DomainError("product_unknown", _("Unknown product."), field="products")
    if rule.max_amount_usd is None or rule.max_amount_usd < 0:
        raise DomainError("rule_amount", _("The ceiling cannot be negative."), field="max_amount_usd")
    if not (1 <= (rule.max_country_class or 0) <= 9):
        raise DomainError(
            "rule_country_class", _("Country classes run from 1 to 9."), field="max_country_class"
        )
    if not (1 <= (rule.max_credit_period_days or 0) <= rules.MAX_CREDIT_PERIOD_DAYS):
        raise DomainError(
            "credit_period_too_long",
            _("Credit periods of more than %(days)s days (two years) are not covered."),
            field="max_credit_period_days",
            days=rules.MAX_CREDIT_PERIOD_DAYS,
        )
    rule.save()
    after = {k: getattr(rule, k) for k in RULE_FIELDS}
    audit_record(
        rule,
        action="limit_auto_rule.changed" if rule_id else "limit_auto_rule.created",
        actor=actor,
        data={"before": before, "after": after},
        changes={
            k: ((before or {}).get(k), after[k]) for k in RULE_FIELDS if (before or {}).get(k) != after[k]
        },
    )
    return rule


# --- idle limits: pre-revocation reminder, then revocation ----------------------------------------


def _live_with_idle_since():
    """Live limits with ``idle_since``: the Shanghai date of the last use, else the effective date."""
    return CreditLimit.objects.filter(status__in=CreditLimit.LIVE).annotate(
        idle_since=Coalesce(
            TruncDate("last_used_at", tzinfo=SHANGHAI), F("effective_date"), output_field=DateField()
        )
    )


def _users_by_org(org_ids) -> dict[int, list[int]]:
    users: dict[int, list[int]] = {}
    for user_id, org_id in User.objects.filter(
        organisation_id__in=set(org_ids), is_active=True, role__in=APPLICANT_ROLES
    ).values_list("pk", "organisation_id"):
        users.setdefault(org_id, []).append(user_id)
    return users


def limits_remind_idle(*, today: date) -> int:
    """长期闲置限额预撤销提醒: a live limit unused for its policy's idle period (default 6 months)
    gets one reminder per idle spell (the key names the limit and the day the spell began), and the
    date of that reminder is kept so that the revocation sweep can count from it."""
    with transaction.atomic(), sweep("limits.remind_idle", today) as run:
        months = set(
            CreditLimit.objects.filter(status__in=CreditLimit.LIVE).values_list(
                "policy__idle_limit_months", flat=True
            )
        )
        due = Q()
        for m in months:
            if m:  # 0 switches the reminder off for a policy
                due |= Q(policy__idle_limit_months=m, idle_since__lte=add_months(today, -m))
        if not due:
            return 0
        candidates = (
            _live_with_idle_since()
            .filter(due)
            .filter(Q(idle_notice_date__isnull=True) | Q(idle_notice_date__lt=F("idle_since")))
        )
        rows = list(
            candidates.select_for_update(of=("self",)).values_list(
                "pk",
                "number",
                "organisation_id",
                "idle_since",
                "buyer__name",
                "policy__idle_limit_revoke_after_days",
            )
        )
        CreditLimit.objects.filter(pk__in=[r[0] for r in rows]).update(idle_notice_date=today)
        users = _users_by_org(r[2] for r in rows)
        specs = [
            ReminderSpec(
                key=f"limit-idle:{pk}:{since.isoformat()}:{user_id}",
                kind="limit_idle",
                user_id=user_id,
                title=_("Credit limit %(number)s on %(buyer)s has not been used since %(date)s")
                % {"number": number, "buyer": buyer, "date": since.isoformat()},
                body=_("Unless it is used, the limit will be revoked on %(date)s.")
                % {"date": (today + timedelta(days=days)).isoformat()},
                url=reverse("limits:limit-detail", args=[pk]),
                due_date=today + timedelta(days=days),
                level="warning",
            )
            for pk, number, org_id, since, buyer, days in rows
            for user_id in users.get(org_id, [])
        ]
        run.created = reminders_create(specs)
    return run.created


def limits_revoke_idle(*, today: date) -> int:
    """Revoke the limits still unused a set time (per policy, default 30 days) after their
    pre-revocation reminder. One guarded UPDATE, bulk change and audit rows, one notice each."""
    with transaction.atomic(), sweep("limits.revoke_idle", today) as run:
        waits = set(
            CreditLimit.objects.filter(
                status__in=CreditLimit.LIVE, idle_notice_date__isnull=False
            ).values_list("policy__idle_limit_revoke_after_days", flat=True)
        )
        due = Q()
        for days in waits:
            due |= Q(
                policy__idle_limit_revoke_after_days=days, idle_notice_date__lte=today - timedelta(days=days)
            )
        if not due:
            return 0
        rows = list(
            _live_with_idle_since()
            .filter(due, idle_notice_date__isnull=False, idle_since__lt=F("idle_notice_date"))
            .select_for_update(of=("self",))
            .values_list(
                "pk",
                "number",
                "organisation_id",
                "amount_usd",
                "payment_terms",
                "max_credit_period_days",
                "buyer__name",
            )
        )
        reason = _("Not used since the pre-revocation reminder")
        moved = bulk_transition(
            [r[0] for r in rows],
            model=CreditLimit,
            workflow=limit_workflow,
            from_states=list(CreditLimit.LIVE),
            to=CreditLimit.Status.REVOKED,
            reason=reason,
        )
        CreditLimitChange.objects.bulk_create(
            [
                CreditLimitChange(
                    limit_id=pk,
                    kind=CreditLimitChange.Kind.REVOKED,
                    notice_date=today,
                    applies_from=today + timedelta(days=1),
                    amount_before_usd=amount,
                    amount_after_usd=Decimal("0"),
                    payment_terms_after=terms,
                    max_credit_period_after=period,
                    reason=str(reason),
                )
                for pk, _n, _o, amount, terms, period, _b in rows
            ]
        )
        users = _users_by_org(r[2] for r in rows)
        reminders_create(
            [
                ReminderSpec(
                    key=f"limit-revoked:{pk}:{user_id}",
                    kind="limit_revoked",
                    user_id=user_id,
                    title=_("Credit limit %(number)s on %(buyer)s revoked after a long idle period")
                    % {"number": number, "buyer": buyer},
                    body=_(
                        "Shipments made after %(date)s are not covered; apply again if you trade with this buyer."
                    )
                    % {"date": today.isoformat()},
                    url=reverse("limits:limit-detail", args=[pk]),
                    level="warning",
                )
                for pk, number, org_id, _a, _t, _p, buyer in rows
                for user_id in users.get(org_id, [])
            ]
        )
        run.created = moved
    return run.created
