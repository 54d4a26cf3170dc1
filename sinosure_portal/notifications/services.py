"""Inbox messages, e-mail, and reminders that go out exactly once."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone, translation

from sinosure_portal.base.queue import enqueue
from sinosure_portal.notifications.models import Notification, Reminder, SweepRun
from sinosure_portal.texts import is_registered


@dataclass(frozen=True)
class ReminderSpec:
    key: str
    kind: str
    user_id: int
    params: dict = field(default_factory=dict)
    title: str = ""  # free text only; a registered kind is rendered from params for each reader
    body: str = ""
    url: str = ""
    due_date: date | None = None
    level: str = Notification.Level.INFO


def notify(
    users: Iterable,
    *,
    kind: str,
    params: dict | None = None,
    title: str = "",
    body: str = "",
    url: str = "",
    level: str = "info",
    email: bool = True,
) -> list[Notification]:
    """Put a message in each user's inbox now; e-mail it after commit to those who want e-mail.
    A registered ``kind`` is stored with its ``params`` and rendered in each reader's language
    (:mod:`sinosure_portal.texts`); ``title``/``body`` are for free text only."""
    _check(kind, params, title)
    rows = Notification.objects.bulk_create(
        [
            Notification(
                user=u,
                kind=kind,
                params=params or None,
                title=str(title),
                body=str(body),
                url=url,
                level=level,
            )
            for u in users
        ]
    )
    if email:
        ids = [n.pk for n in rows if n.pk]
        if ids:
            _queue_emails(ids)
    return rows


def _check(kind: str, params: dict | None, title) -> None:
    if not title and not is_registered(kind):
        raise ValueError(f"notification kind {kind} has no registered text and no title")
    if params:
        json.dumps(params)  # refuses what could not be stored and rendered again


def reminders_create(specs: Iterable[ReminderSpec]) -> int:
    """Create the reminders not created before (set-based; the unique key guards every race),
    then deliver what is undelivered. Returns how many notifications this call delivered."""
    specs = list(specs)
    for s in specs:
        _check(s.kind, s.params, s.title)
    batch = [
        Reminder(
            key=s.key,
            kind=s.kind,
            user_id=s.user_id,
            params=s.params or None,
            title=str(s.title),
            body=str(s.body),
            url=s.url,
            due_date=s.due_date,
            level=s.level,
        )
        for s in specs
    ]
    if batch:
        Reminder.objects.bulk_create(batch, ignore_conflicts=True, batch_size=1000)
    return reminders_deliver()


REMINDER_SELECT = ("key", "kind", "user_id", "due_date", "params", "url", "level")


def reminders_insert_select(rows) -> int:
    """Create reminders set-based, one per row of ``rows``: a queryset annotated with the columns
    of :data:`REMINDER_SELECT` prefixed ``r_`` (``r_key``, ``r_kind``, ...), ``r_params`` a
    ``JSONObject`` of the text's parameters. One ``INSERT ... SELECT`` (the ORM writes the SELECT
    for the database in use); the unique key makes a second run insert nothing. Returns the rows
    inserted. Deliver them with :func:`reminders_deliver`."""
    from django.db import connection

    select, params = rows.values_list(*(f"r_{c}" for c in REMINDER_SELECT)).query.sql_with_params()
    table = connection.ops.quote_name(Reminder._meta.db_table)
    columns = ", ".join(
        connection.ops.quote_name(c) for c in (*REMINDER_SELECT, "title", "body", "created_at")
    )
    sql = (
        f"INSERT INTO {table} ({columns}) "  # noqa: S608 - names from the model, values as parameters
        # WHERE true: SQLite would read the ON of the upsert as a join's
        f"SELECT s.*, '', '', %s FROM ({select}) s WHERE true ON CONFLICT (key) DO NOTHING"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [timezone.now(), *params])
        return cursor.rowcount


def reminders_deliver() -> int:
    """Turn undelivered reminders into inbox notifications, each exactly once."""
    with transaction.atomic():
        pending = list(
            Reminder.objects.select_for_update(skip_locked=True)
            .filter(delivered_at__isnull=True)
            .order_by("id")[:5000]
        )
        if not pending:
            return 0
        now = timezone.now()
        notes = Notification.objects.bulk_create(
            [
                Notification(
                    user_id=r.user_id,
                    kind=r.kind,
                    params=r.params,
                    title=r.title,
                    body=r.body,
                    url=r.url,
                    level=r.level,
                    created_at=now,
                )
                for r in pending
            ]
        )
        for reminder, note in zip(pending, notes, strict=True):
            reminder.delivered_at = now
            reminder.notification = note
        # small batches: one CASE over 5,000 ids costs PostgreSQL 5,000 comparisons a row
        Reminder.objects.bulk_update(pending, ["delivered_at", "notification"], batch_size=500)
        ids = [n.pk for n in notes if n.pk]
        if ids:
            _queue_emails(ids)
    return len(pending)


def _queue_emails(notification_ids: list[int]) -> None:
    enqueue("notifications.send_emails", notification_ids)


def notification_emails_send(notification_ids: list[int]) -> int:
    """Send each notification's e-mail once (the emailed_at guard makes a retry harmless)."""
    sent = 0
    for note in (
        Notification.objects.filter(
            pk__in=notification_ids, emailed_at__isnull=True, user__email_notifications=True
        )
        .exclude(user__email="")
        .select_related("user")
    ):
        language = note.user.language or settings.LANGUAGE_CODE
        with translation.override(language):
            subject, text = note.heading(), note.text()
        send_mail(subject, f"{text}\n\n{note.url}".strip(), None, [note.user.email], fail_silently=False)
        Notification.objects.filter(pk=note.pk, emailed_at__isnull=True).update(emailed_at=timezone.now())
        sent += 1
    return sent


def notifications_mark_read(*, user, ids: Iterable[int] | None = None) -> int:
    qs = Notification.objects.filter(user=user, read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=list(ids))
    return qs.update(read_at=timezone.now())


def unread_count(user) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


class sweep:  # noqa: N801 - used as a context manager around a sweep's body
    """Records a SweepRun around a sweep so staff can see what ran, when, and what it created."""

    def __init__(self, name: str, for_date: date):
        self.run = SweepRun(name=name, for_date=for_date)

    def __enter__(self) -> SweepRun:
        self.run.save()
        return self.run

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is None:
            self.run.finished_at = timezone.now()
            self.run.save(update_fields=["finished_at", "created"])
