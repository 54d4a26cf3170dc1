"""Changes to a limit in force: reductions and cancellations with a notice date, limits ending
with their policy or carried over to its renewal, and the change history as rule facts."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from limits import rules
from limits.errors import error, transition_not_allowed
from limits.models import CreditLimit, CreditLimitChange
from limits.services.common import (
    DECIDER_ROLES,
    _lock_limit,
)
from limits.workflow import limit_workflow
from policies.models import PaymentTerm, Policy
from policies.services import org_users
from sinosure_portal.accounts.access import ensure_role
from sinosure_portal.audit.services import audit_record
from sinosure_portal.base.errors import TransitionNotAllowed
from sinosure_portal.core.numbering import assign_number
from sinosure_portal.money.currency import format_amount
from sinosure_portal.notifications.services import notify
from sinosure_portal.texts import Text
from sinosure_portal.workdays.calendar import today as shanghai_today


def _not_live(limit: CreditLimit) -> TransitionNotAllowed:
    return transition_not_allowed(
        "transition_not_allowed", field="status", number=limit.number, status=limit.get_status_display()
    )


def _check_notice_date(notice_date: date) -> None:
    if notice_date is None:
        raise error("notice_date_required", field="notice_date")
    if notice_date < shanghai_today():
        raise error("notice_date_past", field="notice_date")


def _change_prologue(limit_id: int, *, actor, notice_date: date, reason: str) -> tuple[str, CreditLimit]:
    """What a reduction and a cancellation check first: the underwriter, the reason, the notice
    date, and the live limit, locked."""
    ensure_role(actor, DECIDER_ROLES, action=_("change credit limits"))
    reason = (reason or "").strip()
    if not reason:
        raise error("reason_required", field="reason")
    _check_notice_date(notice_date)
    limit = _lock_limit(limit_id)
    if not limit.is_live:
        raise _not_live(limit)
    return reason, limit


def _reduction_terms(
    limit: CreditLimit,
    amount_usd: Decimal,
    max_credit_period_days: int | None,
    payment_terms: list[str] | None,
) -> tuple[int, list[str]]:
    """The period and terms after a reduction (unchanged where not given), checked to be a reduction."""
    if payment_terms and any(t not in PaymentTerm.values for t in payment_terms):
        raise error("payment_term_unknown_in_list", field="payment_terms")
    period = max_credit_period_days or limit.max_credit_period_days
    terms = [t for t in PaymentTerm.values if t in set(payment_terms or limit.payment_terms)]
    if amount_usd is None or amount_usd <= 0:
        raise error("reduce_to_zero", field="amount_usd")
    if (
        amount_usd > limit.amount_usd
        or period > limit.max_credit_period_days
        or not set(terms) <= set(limit.payment_terms)
    ):
        raise error("not_a_reduction", field="amount_usd")
    if (amount_usd, period, terms) == (limit.amount_usd, limit.max_credit_period_days, limit.payment_terms):
        raise error("nothing_reduced", field="amount_usd")
    if not terms:
        raise error("payment_terms", field="payment_terms")
    return period, terms


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
    reason, limit = _change_prologue(limit_id, actor=actor, notice_date=notice_date, reason=reason)
    period, terms = _reduction_terms(limit, amount_usd, max_credit_period_days, payment_terms)
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
        kind="limit_reduced",
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
    reason, limit = _change_prologue(limit_id, actor=actor, notice_date=notice_date, reason=reason)
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
        kind="limit_cancelled",
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
    why = Text("limit_carried_over", {"number": old_policy.number})
    reason = str(why)  # the change row keeps the text as written
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
            reason=why,
            data={"from": old.number},
        )
        carried.append(limit)
    return carried


def _notify_limit_change(
    limit: CreditLimit, *, kind: str, amount: Decimal, notice_date: date, reason: str
) -> None:
    notify(
        org_users(limit.organisation_id),
        kind=kind,
        params={
            "number": limit.number,
            "buyer": limit.buyer.display_name,
            "amount": format_amount(amount, "USD"),
            "date": notice_date.isoformat(),
            "reason": reason,
        },
        url=reverse("limits:limit-detail", args=[limit.pk]),
        level="warning",
    )


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
