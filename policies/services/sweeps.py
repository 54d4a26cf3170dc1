"""Daily sweeps of policies: the period's end (expired or renewed) and renewal reminders."""

from __future__ import annotations

from datetime import date, timedelta

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from policies.models import (
    Policy,
)
from policies.services.common import (
    APPLICANT_ROLES,
)
from policies.workflow import policy_workflow
from sinosure_portal.accounts.models import User
from sinosure_portal.audit.models import AuditEvent
from sinosure_portal.notifications.services import ReminderSpec, reminders_create, sweep


def bulk_transition(ids: list[int], *, model, workflow, from_states, to: str, reason: str) -> int:
    """Move many rows at once (one UPDATE guarded by the old states) and leave one audit row each.
    The move must be in the workflow table from every one of ``from_states``."""
    for state in from_states:
        if to not in workflow.allowed(state):
            raise ValueError(f"{workflow.name}: {state} -> {to} is not in the table")
    if not ids:
        return 0
    rows = list(
        model.objects.select_for_update()
        .filter(pk__in=ids, **{f"{workflow.field}__in": list(from_states)})
        .values_list("pk", workflow.field)
    )
    if not rows:
        return 0
    model.objects.filter(pk__in=[pk for pk, _s in rows]).update(
        **{workflow.field: to, "updated_at": timezone.now()}
    )
    ct = ContentType.objects.get_for_model(model)
    labels = {o.pk: str(o) for o in model.objects.filter(pk__in=[pk for pk, _s in rows]).only("pk", "number")}
    AuditEvent.objects.bulk_create(
        [
            AuditEvent(
                content_type=ct,
                object_id=str(pk),
                object_repr=labels.get(pk, str(pk))[:200],
                action=f"{workflow.name}.{to}",
                from_state=state,
                to_state=to,
                reason=str(reason),
            )
            for pk, state in rows
        ]
    )
    return len(rows)


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
        run.created = bulk_transition(
            renewed_ids,
            model=Policy,
            workflow=policy_workflow,
            from_states=[Policy.Status.ACTIVE],
            to=Policy.Status.RENEWED,
            reason=_("Period ended; a renewal follows"),
        ) + bulk_transition(
            expired_ids,
            model=Policy,
            workflow=policy_workflow,
            from_states=[Policy.Status.ACTIVE],
            to=Policy.Status.EXPIRED,
            reason=_("Period ended"),
        )
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
                title=_("Policy %(number)s expires on %(date)s: renew it")
                % {"number": number, "date": end.isoformat()},
                body=_("Apply for the renewal before the end of the period so that your cover continues."),
                url=reverse("policies:policy-detail", args=[pk]),
                due_date=end,
                level="warning",
            )
            for pk, number, org_id, end in rows
            for user_id in users.get(org_id, [])
        ]
        run.created = reminders_create(specs)
    return run.created
