"""Deciding a limit application: the underwriter's queue, approval (as asked or less) and
rejection, and granting the limit an approval gives."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from limits import rules
from limits.documents import approval_render
from limits.errors import error
from limits.models import CreditLimit, CreditLimitApplication, CreditLimitChange
from limits.services.common import (
    DECIDER_ROLES,
    _lock_application,
)
from limits.workflow import application_workflow, limit_workflow
from policies.models import PaymentTerm
from policies.services import org_users
from sinosure_portal.accounts.access import ensure_role
from sinosure_portal.audit.services import audit_record
from sinosure_portal.core.numbering import assign_number
from sinosure_portal.money.currency import format_amount
from sinosure_portal.notifications.services import notify
from sinosure_portal.texts import Text
from sinosure_portal.workdays.calendar import today as shanghai_today


def _approve(
    application: CreditLimitApplication,
    *,
    actor,
    amount: Decimal,
    period: int,
    terms: list[str],
    conditions: str,
    reason: str | Text,
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
    application.decision_reason = str(reason)
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
        kind=_approval_kind(outcome, reason),
        params={
            "buyer": application.buyer.display_name,
            "amount": format_amount(amount, "USD"),
            **(reason.params if isinstance(reason, Text) else {"reason": reason}),
        },
        url=reverse("limits:application-detail", args=[application.pk]),
        level="info" if outcome == rules.APPROVED else "warning",
    )
    return limit


def _approval_kind(outcome: str, reason: str | Text) -> str:
    if isinstance(reason, Text):  # decided by an automatic rule
        return "limit_approved_automatically"
    return "limit_approved" if outcome == rules.APPROVED else "limit_approved_with_changes"


def _limit_grant(
    application: CreditLimitApplication,
    *,
    actor,
    amount: Decimal,
    period: int,
    terms: list[str],
    conditions: str,
    reason: str | Text,
) -> CreditLimit:
    """Create the limit, or change the live one on the same buyer (the exposure stays on one row)."""
    today = shanghai_today()
    limit = (
        CreditLimit.objects.select_for_update()
        .filter(policy_id=application.policy_id, buyer_id=application.buyer_id, status__in=CreditLimit.LIVE)
        .first()
    )
    decision = {
        "actor": actor,
        "amount": amount,
        "period": period,
        "terms": terms,
        "conditions": conditions,
        "reason": reason,
        "today": today,
    }
    if limit is None:
        return _limit_create(application, **decision)
    return _limit_amend(limit, application, **decision)


def _limit_create(application, *, actor, amount, period, terms, conditions, reason, today) -> CreditLimit:
    """A new limit on the buyer, with its first change (approved) and its audit row."""
    acting = actor if getattr(actor, "pk", None) else None
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
        reason=str(reason),
        application=application,
        actor=acting,
    )
    audit_record(limit, action="credit_limit.approved", actor=actor, to_state=limit.status, reason=reason)
    return limit


def _limit_amend(
    limit, application, *, actor, amount, period, terms, conditions, reason, today
) -> CreditLimit:
    """The live limit on the buyer takes the new decision's terms; the exposure stays on its row."""
    acting = actor if getattr(actor, "pk", None) else None
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
        reason=str(reason),
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
        raise error("reason_required", field="reason")
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
        raise error(code, field=field)
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
        raise error("reason_required", field="reason")
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
        params={"buyer": application.buyer.display_name, "reason": reason},
        url=reverse("limits:application-detail", args=[application.pk]),
        level="warning",
    )
    return application
