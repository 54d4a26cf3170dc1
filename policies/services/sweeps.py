"""Daily sweeps of policies: the period's end (expired or renewed) and renewal reminders."""

from __future__ import annotations

from datetime import date, timedelta

from django.db import transaction
from django.db.models import Q
from django.urls import reverse

from policies.models import (
    Policy,
)
from policies.services.common import (
    APPLICANT_ROLES,
)
from policies.workflow import policy_workflow
from sinosure_portal.accounts.models import User
from sinosure_portal.notifications.services import ReminderSpec, reminders_create, sweep
from sinosure_portal.texts import Text


def _renewed_ids():
    """Policies that a live (not cancelled) renewal follows, as a subquery."""
    return (
        Policy.objects.filter(renewed_from__isnull=False)
        .exclude(status=Policy.Status.CANCELLED)
        .values("renewed_from")
    )


def policies_expire(*, today: date) -> int:
    """Policies whose period has ended move to "renewed" (a renewal follows) or "expired".
    Two guarded UPDATEs plus the audit rows; a re-run finds nothing left to move."""
    with transaction.atomic(), sweep("policies.expire", today) as run:
        ended = Policy.objects.filter(status=Policy.Status.ACTIVE, period_end__lt=today)
        renewed_ids = list(ended.filter(pk__in=_renewed_ids()).values_list("pk", flat=True))
        expired_ids = list(ended.exclude(pk__in=renewed_ids).values_list("pk", flat=True))
        moved = policy_workflow.transition_many(
            Policy,
            renewed_ids,
            from_states=[Policy.Status.ACTIVE],
            to=Policy.Status.RENEWED,
            reason=Text("policy_period_ended_renewed"),
        ) + policy_workflow.transition_many(
            Policy,
            expired_ids,
            from_states=[Policy.Status.ACTIVE],
            to=Policy.Status.EXPIRED,
            reason=Text("policy_period_ended"),
        )
        run.created = len(moved)
    return run.created


def policies_remind_renewal(*, today: date) -> int:
    """Remind the insured's users N days before the period ends (N per policy, default 30), once per
    policy period: the reminder key names the policy and its end date. A missed day is caught up
    because the window runs from N days before the end to the end itself."""
    with transaction.atomic(), sweep("policies.remind_renewals", today) as run:
        windows = (
            Policy.objects.filter(status=Policy.Status.ACTIVE, period_end__gte=today)
            .values_list("renewal_reminder_days", flat=True)
            .distinct()
        )
        due = Q()
        for days in windows:
            due |= Q(renewal_reminder_days=days, period_end__lte=today + timedelta(days=days))
        if not due:
            return 0
        rows = list(
            Policy.objects.filter(due, status=Policy.Status.ACTIVE, period_end__gte=today)
            .exclude(pk__in=_renewed_ids())
            .values_list("pk", "number", "organisation_id", "period_end")
        )
        users: dict[int, list[int]] = {}
        for user_id, org_id in User.objects.filter(
            organisation_id__in={r[2] for r in rows}, is_active=True, role__in=APPLICANT_ROLES
        ).values_list("pk", "organisation_id"):
            users.setdefault(org_id, []).append(user_id)
        specs = [
            ReminderSpec(
                key=f"policy-renewal:{pk}:{end.isoformat()}:{user_id}",
                kind="policy_renewal",
                user_id=user_id,
                params={"number": number, "date": end.isoformat()},
                url=reverse("policies:policy-detail", args=[pk]),
                due_date=end,
                level="warning",
            )
            for pk, number, org_id, end in rows
            for user_id in users.get(org_id, [])
        ]
        run.created = reminders_create(specs)
    return run.created
