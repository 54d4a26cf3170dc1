"""Idle limits: the pre-revocation reminder, then the revocation (daily sweeps)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.db.models import DateField, F, Q
from django.db.models.functions import Coalesce, TruncDate
from django.urls import reverse

from limits.models import CreditLimit, CreditLimitChange
from limits.services.common import (
    APPLICANT_ROLES,
)
from limits.workflow import limit_workflow
from policies.rules import add_months
from sinosure_portal.accounts.models import User
from sinosure_portal.notifications.services import ReminderSpec, reminders_create, sweep
from sinosure_portal.texts import Text
from sinosure_portal.workdays.calendar import SHANGHAI


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
                params={
                    "number": number,
                    "buyer": buyer,
                    "date": since.isoformat(),
                    "revoke_date": (today + timedelta(days=days)).isoformat(),
                },
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
        reason = Text("limit_idle_revoked_reason")
        moved = limit_workflow.transition_many(
            CreditLimit,
            [r[0] for r in rows],
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
                    params={"number": number, "buyer": buyer, "date": today.isoformat()},
                    url=reverse("limits:limit-detail", args=[pk]),
                    level="warning",
                )
                for pk, number, org_id, _a, _t, _p, buyer in rows
                for user_id in users.get(org_id, [])
            ]
        )
        run.created = len(moved)
    return run.created
