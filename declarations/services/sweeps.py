"""Daily sweeps of receivables and declarations. Each is set-based (a few queries, whatever the
number of receivables), idempotent (each reminder has a unique key, an overdue mark is an UPDATE
of rows still in the old state) and catches up on missed days.

- receivable due: a reminder N days before the due date (policy.receivable_due_reminder_days);
- overdue: a receivable past its due date unpaid is marked overdue, and the insured is told the
  date by which a possible loss must be notified (due date + policy.loss_notice_default_days);
- loss notice due: a second reminder LOSS_NOTICE_REMINDER_DAYS before that date;
- declaration due: once a month, the reminder to declare last month's shipments by their deadline.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.db import transaction
from django.db.models import CharField, DateField, F, Q, QuerySet, Value
from django.db.models.functions import Cast, Concat, JSONObject
from django.urls import reverse

from declarations import rules
from declarations.models import ShipmentDeclaration
from declarations.workflow import declaration_workflow
from policies.models import Policy
from sinosure_portal.accounts.models import Role, User
from sinosure_portal.base.dbfunctions import AddDays
from sinosure_portal.notifications.models import Notification
from sinosure_portal.notifications.services import (
    ReminderSpec,
    reminders_create,
    reminders_deliver,
    reminders_insert_select,
    sweep,
)
from sinosure_portal.texts import Text
from sinosure_portal.webhooks.emit import webhook_emit

S = ShipmentDeclaration.Status
LOSS_NOTICE_REMINDER_DAYS = 7  # the second reminder goes out a week before the notice deadline
DECLARING_ROLES = [Role.EXPORTER, Role.BANK]
NOT_NOTIFIED = [S.COVERED, S.PARTLY_COVERED, S.OVERDUE]


def users_by_org(org_ids) -> dict[int, list[int]]:
    users: dict[int, list[int]] = {}
    for user_id, org_id in User.objects.filter(
        organisation_id__in=set(org_ids), is_active=True, role__in=DECLARING_ROLES
    ).values_list("pk", "organisation_id"):
        users.setdefault(org_id, []).append(user_id)
    return users


def _url(pk: int) -> str:
    return reverse("declarations:declaration-detail", args=[pk])


def _per_policy_days(field: str, base: Q) -> set[int]:
    return set(ShipmentDeclaration.objects.filter(base).values_list(f"policy__{field}", flat=True).distinct())


def _text(expression) -> Cast:
    return Cast(expression, CharField())


def _reminder_rows(rows: QuerySet, *, kind: str, due, level: str, params: dict) -> QuerySet:
    """One reminder row per (receivable, active declaring user of its insured) in ``rows``, as the
    kernel's set-based reminder insert reads them. The key (the same as ever) names the kind, the
    receivable, its due date and the user, so a second run inserts nothing."""
    marker = 987654321
    url_prefix, url_suffix = _url(marker).split(str(marker))
    user = "organisation__users__id"
    return rows.filter(
        organisation__users__is_active=True, organisation__users__role__in=[str(r) for r in DECLARING_ROLES]
    ).annotate(
        r_key=Concat(
            Value(f"{KEY_PREFIX[kind]}:"),
            _text("pk"),
            Value(":"),
            _text("due_date"),
            Value(":"),
            _text(user),
            output_field=CharField(),
        ),
        r_kind=Value(kind),
        r_user_id=F(user),
        r_due_date=due,
        r_params=JSONObject(**params),
        r_url=Concat(Value(url_prefix), _text("pk"), Value(url_suffix), output_field=CharField()),
        r_level=Value(level),
    )


KEY_PREFIX = {
    "declarations.receivable_due": "receivable-due",
    "declarations.receivable_overdue": "receivable-overdue",
    "declarations.loss_notice_due": "loss-notice-due",
}


def _loss_notice_deadline():
    """policies.rules.loss_notice_deadline (due date + the policy's days), row by row in the database."""
    return AddDays(F("due_date"), F("policy__loss_notice_default_days"))


def receivables_remind_due(*, today: date) -> int:
    """One reminder per open receivable (and user), N days before it falls due: one INSERT ... SELECT."""
    with transaction.atomic(), sweep("declarations.remind_receivables_due", today) as run:
        due_soon = ShipmentDeclaration.objects.filter(
            status__in=[S.COVERED, S.PARTLY_COVERED],
            due_date__gte=today,
            policy__receivable_due_reminder_days__gt=0,
            due_date__lte=AddDays(
                Value(today, output_field=DateField()), F("policy__receivable_due_reminder_days")
            ),
        )
        reminders_insert_select(
            _reminder_rows(
                due_soon,
                kind="declarations.receivable_due",
                due=F("due_date"),
                level=str(Notification.Level.INFO),
                params={
                    "invoice": F("invoice_number"),
                    "buyer": F("buyer__name"),
                    "date": _text("due_date"),
                    "currency": F("currency"),
                    "amount": _text(F("amount") - F("paid_amount")),
                },
            )
        )
        run.created = reminders_deliver()
    return run.created


OVERDUE_CHUNK = 5000


def receivables_mark_overdue(*, today: date) -> int:
    """Mark receivables past their due date unpaid as overdue through the workflow's bulk move (one
    audit row each), and tell the insured the date by which to notify a possible loss."""
    with transaction.atomic(), sweep("declarations.mark_receivables_overdue", today) as run:
        from_states = [S.COVERED, S.PARTLY_COVERED]
        due = ShipmentDeclaration.objects.filter(status__in=from_states, due_date__lt=today)
        moved = declaration_workflow.transition_many(
            ShipmentDeclaration,
            due.order_by("pk").values_list("pk", flat=True),
            to=S.OVERDUE,
            from_states=from_states,
            reason=Text("declarations.due_passed"),
            set_fields={"overdue_since": today},
            chunk=OVERDUE_CHUNK,
        )
        for start in range(0, len(moved), OVERDUE_CHUNK):
            reminders_insert_select(
                _reminder_rows(
                    ShipmentDeclaration.objects.filter(pk__in=moved[start : start + OVERDUE_CHUNK]),
                    kind="declarations.receivable_overdue",
                    due=_loss_notice_deadline(),
                    level=str(Notification.Level.DANGER),
                    params={
                        "invoice": F("invoice_number"),
                        "buyer": F("buyer__name"),
                        "currency": F("currency"),
                        "amount": _text(F("amount") - F("paid_amount")),
                        "due": _text("due_date"),
                        "deadline": _text(_loss_notice_deadline()),
                    },
                )
            )
        reminders_deliver()
        run.created = len(moved)
    return run.created


def loss_notices_remind(*, today: date) -> int:
    """Remind again, a week before the possible-loss notice deadline of an overdue receivable (the
    deadline is the due date + the policy's days): one INSERT ... SELECT."""
    with transaction.atomic(), sweep("declarations.remind_loss_notices_due", today) as run:
        deadline = _loss_notice_deadline()
        in_window = ShipmentDeclaration.objects.alias(deadline=deadline).filter(
            status=S.OVERDUE,
            deadline__gte=today,
            deadline__lte=today + timedelta(days=LOSS_NOTICE_REMINDER_DAYS),
        )
        reminders_insert_select(
            _reminder_rows(
                in_window,
                kind="declarations.loss_notice_due",
                due=deadline,
                level=str(Notification.Level.DANGER),
                params={"invoice": F("invoice_number"), "buyer": F("buyer__name"), "date": _text(deadline)},
            )
        )
        # the same news for the insured's systems (once per receivable and deadline)
        webhook_emit(
            "receivable.loss_notice_due",
            ShipmentDeclaration,
            dict(in_window.annotate(deadline_on=deadline).values_list("pk", "deadline_on")),
        )
        run.created = reminders_deliver()
    return run.created


def declarations_remind_due(*, today: date) -> int:
    """Once a month per declaring policy that was in force last month: declare every shipment of
    last month, each within its deadline (shipment date + the policy's days). A policy whose last
    month was reported nil is not reminded."""
    first = today.replace(day=1)
    last_month_end = first - timedelta(days=1)
    last_month_start = last_month_end.replace(day=1)
    with transaction.atomic(), sweep("declarations.remind_declarations_due", today) as run:
        policies = list(
            Policy.objects.filter(
                product__in=rules.DECLARING_PRODUCTS,
                period_start__lte=last_month_end,
                period_end__gte=last_month_start,
            )
            .exclude(status=Policy.Status.CANCELLED)
            .filter(limits__status__in=["active", "reduced"])
            # a month reported as having no shipments (零申报) asks for nothing
            .exclude(nil_declarations__month=last_month_start)
            .distinct()
            .values_list("pk", "number", "organisation_id", "declaration_deadline_days")
        )
        users = users_by_org(p[2] for p in policies)
        month = last_month_start.strftime("%Y-%m")
        run.created = reminders_create(
            ReminderSpec(
                key=f"declaration-due:{pk}:{month}:{user_id}",
                kind="declarations.declaration_due",
                user_id=user_id,
                params={
                    "month": month,
                    "policy": number,
                    "days": days,
                    "date": rules.declaration_deadline(last_month_end, days).isoformat(),
                },
                url=reverse("declarations:declaration-new"),
                due_date=rules.declaration_deadline(last_month_end, days),
            )
            for pk, number, org, days in policies
            for user_id in users.get(org, [])
        )
    return run.created
