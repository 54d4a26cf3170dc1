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

import re
from datetime import date, timedelta

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from declarations import rules
from declarations.models import ShipmentDeclaration
from declarations.workflow import declaration_workflow
from policies.models import Policy
from sinosure_portal.accounts.models import Role, User
from sinosure_portal.audit.models import AuditEvent
from sinosure_portal.money.sql import amount_text_sql
from sinosure_portal.notifications.models import Notification, Reminder
from sinosure_portal.notifications.services import ReminderSpec, reminders_create, reminders_deliver, sweep

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


def _sql_text(template, fields: dict[str, str]) -> tuple[str, list]:
    """A translated ``%(name)s`` template (in the active language) as one SQL text expression: the
    literal parts are parameters, each placeholder the SQL expression given for it."""
    parts = re.split(r"%\((\w+)\)s", str(template))
    sql, params = [], []
    for i, part in enumerate(parts):
        if i % 2:
            sql.append(f"({fields[part]})::text")
        elif part:
            sql.append("%s")
            params.append(part.replace("%%", "%"))
    return (" || ".join(sql) or "''"), params


def _reminders_insert(
    *, key: str, kind: str, title, body, due: str, level: str, where: str, params: list, fields: dict
) -> None:
    """One INSERT ... SELECT of a reminder per (receivable, declaring user) matching ``where``; the
    unique key (the same one the row-by-row version used) makes a second run insert nothing."""
    title_sql, title_params = _sql_text(title, fields)
    body_sql, body_params = _sql_text(body, fields)
    marker = 987654321
    url_prefix, url_suffix = _url(marker).split(str(marker))
    buyer_table = ShipmentDeclaration._meta.get_field("buyer").related_model._meta.db_table
    sql = f"""
        INSERT INTO {Reminder._meta.db_table}
            (key, kind, user_id, due_date, title, body, url, level, created_at)
        SELECT {key} || ':' || u.id, %s, u.id, {due}, left({title_sql}, 200), {body_sql},
               %s || d.id || %s, %s, %s
        FROM {ShipmentDeclaration._meta.db_table} d
        JOIN {Policy._meta.db_table} p ON p.id = d.policy_id
        JOIN {buyer_table} b ON b.id = d.buyer_id
        JOIN {User._meta.db_table} u ON u.organisation_id = d.organisation_id
             AND u.is_active AND u.role IN %s
        WHERE {where}
        ON CONFLICT (key) DO NOTHING
    """  # noqa: S608 - table names from the models, values as parameters
    values = [kind, *title_params, *body_params, url_prefix, url_suffix, level, timezone.now()]
    with connection.cursor() as cur:
        cur.execute(sql, [*values, tuple(str(r) for r in DECLARING_ROLES), *params])


def receivables_remind_due(*, today: date) -> int:
    """One reminder per open receivable (and user), N days before it falls due: one INSERT ... SELECT."""
    with transaction.atomic(), sweep("declarations.remind_receivables_due", today) as run:
        _reminders_insert(
            key="'receivable-due:' || d.id || ':' || to_char(d.due_date, 'YYYY-MM-DD')",
            kind="receivable_due",
            title=_("Invoice %(invoice)s on %(buyer)s falls due on %(date)s"),
            body=_("%(currency)s %(amount)s is still open. Record the payment when it arrives."),
            due="d.due_date",
            level=str(Notification.Level.INFO),
            fields={
                "invoice": "d.invoice_number",
                "buyer": "b.name",
                "date": "to_char(d.due_date, 'YYYY-MM-DD')",
                "currency": "d.currency",
                "amount": amount_text_sql("d.amount - d.paid_amount", "d.currency"),
            },
            where="d.status IN %s AND d.due_date >= %s AND p.receivable_due_reminder_days > 0 "
            "AND d.due_date <= %s::date + p.receivable_due_reminder_days",
            params=[(str(S.COVERED), str(S.PARTLY_COVERED)), today, today],
        )
        run.created = reminders_deliver()
    return run.created


def receivables_mark_overdue(*, today: date) -> int:
    """Mark receivables past their due date unpaid as overdue, with one audit row each, and tell the
    insured the date by which to notify a possible loss: one UPDATE ... FROM (rows locked in id
    order) whose RETURNING feeds the audit INSERT, then one reminder INSERT ... SELECT."""
    with transaction.atomic(), sweep("declarations.mark_receivables_overdue", today) as run:
        from_states = tuple(str(state) for state in (S.COVERED, S.PARTLY_COVERED))
        for state in from_states:
            assert S.OVERDUE in declaration_workflow.allowed(state)
        now = timezone.now()
        reason_sql, reason_params = _sql_text(
            _("Due date %(date)s passed unpaid"), {"date": "to_char(m.due_date, 'YYYY-MM-DD')"}
        )
        table = ShipmentDeclaration._meta.db_table
        with connection.cursor() as cur:
            cur.execute(
                f"""
                WITH o AS (
                    SELECT id, status FROM {table} WHERE status IN %s AND due_date < %s ORDER BY id FOR UPDATE
                ), m AS (
                    UPDATE {table} d SET status = %s, overdue_since = %s, updated_at = %s
                    FROM o WHERE d.id = o.id
                    RETURNING d.id, o.status AS old, d.invoice_number, d.due_date
                ), a AS (
                    INSERT INTO {AuditEvent._meta.db_table}
                        (content_type_id, object_id, object_repr, action, from_state, to_state, at, reason, data)
                    SELECT %s, m.id::text, left(m.invoice_number, 200), %s, m.old, %s, %s, {reason_sql}, '{{}}'::jsonb
                    FROM m
                )
                SELECT id FROM m
                """,  # noqa: S608 - table names from the models, values as parameters
                [
                    from_states,
                    today,
                    str(S.OVERDUE),
                    today,
                    now,
                    ContentType.objects.get_for_model(ShipmentDeclaration).pk,
                    f"{declaration_workflow.name}.{S.OVERDUE}",
                    str(S.OVERDUE),
                    now,
                    *reason_params,
                ],
            )
            ids = [row[0] for row in cur.fetchall()]
        if not ids:
            return 0
        deadline = "(d.due_date + p.loss_notice_default_days)"
        _reminders_insert(
            key="'receivable-overdue:' || d.id || ':' || to_char(d.due_date, 'YYYY-MM-DD')",
            kind="receivable_overdue",
            title=_("Invoice %(invoice)s on %(buyer)s is overdue"),
            body=_(
                "%(currency)s %(amount)s was due on %(due)s. If it stays unpaid, notify the possible loss "
                "by %(deadline)s."
            ),
            due=deadline,
            level=str(Notification.Level.DANGER),
            fields={
                "invoice": "d.invoice_number",
                "buyer": "b.name",
                "currency": "d.currency",
                "amount": amount_text_sql("d.amount - d.paid_amount", "d.currency"),
                "due": "to_char(d.due_date, 'YYYY-MM-DD')",
                "deadline": f"to_char({deadline}, 'YYYY-MM-DD')",
            },
            where="d.id = ANY(%s)",
            params=[ids],
        )
        reminders_deliver()
        run.created = len(ids)
    return run.created


def loss_notices_remind(*, today: date) -> int:
    """Remind again, a week before the possible-loss notice deadline of an overdue receivable (the
    deadline is the due date + the policy's days): one INSERT ... SELECT."""
    with transaction.atomic(), sweep("declarations.remind_loss_notices_due", today) as run:
        deadline = "(d.due_date + p.loss_notice_default_days)"
        _reminders_insert(
            key="'loss-notice-due:' || d.id || ':' || to_char(d.due_date, 'YYYY-MM-DD')",
            kind="loss_notice_due",
            title=_("Notify the possible loss on invoice %(invoice)s (%(buyer)s) by %(date)s"),
            body=_("The invoice is still unpaid; a late notice may lower the indemnity or lose the cover."),
            due=deadline,
            level=str(Notification.Level.DANGER),
            fields={
                "invoice": "d.invoice_number",
                "buyer": "b.name",
                "date": f"to_char({deadline}, 'YYYY-MM-DD')",
            },
            where=f"d.status = %s AND %s::date BETWEEN {deadline} - {LOSS_NOTICE_REMINDER_DAYS} AND {deadline}",
            params=[str(S.OVERDUE), today],
        )
        run.created = reminders_deliver()
    return run.created


def declarations_remind_due(*, today: date) -> int:
    """Once a month per declaring policy that was in force last month: declare every shipment of
    last month, each within its deadline (shipment date + the policy's days)."""
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
            .distinct()
            .values_list("pk", "number", "organisation_id", "declaration_deadline_days")
        )
        users = users_by_org(p[2] for p in policies)
        month = last_month_start.strftime("%Y-%m")
        run.created = reminders_create(
            ReminderSpec(
                key=f"declaration-due:{pk}:{month}:{user_id}",
                kind="declaration_due",
                user_id=user_id,
                title=_("Declare your %(month)s shipments under policy %(policy)s")
                % {"month": month, "policy": number},
                body=_(
                    "Each shipment must be declared within %(days)s days of its shipment date; the last "
                    "shipments of %(month)s by %(date)s. A late declaration is flagged."
                )
                % {
                    "days": days,
                    "month": month,
                    "date": rules.declaration_deadline(last_month_end, days).isoformat(),
                },
                url=reverse("declarations:declaration-new"),
                due_date=rules.declaration_deadline(last_month_end, days),
            )
            for pk, number, org, days in policies
            for user_id in users.get(org, [])
        )
    return run.created
