"""Recording background work in the outbox and relaying it to Celery.

``record`` writes the message in the caller's transaction and asks for a relay of that message
once the transaction commits. ``relay`` sends pending messages to the broker and marks them sent,
in one transaction per pass with the rows locked (``SKIP LOCKED``: two relays never send the same
row at once). The beat runs ``relay`` every OUTBOX_RELAY_SECONDS for what the after-commit relay
could not send (broker away, process killed in between).

While the broker is away a request pays for at most one failed attempt: the after-commit relay of
every process then stays quiet for OUTBOX_BROKER_PAUSE_SECONDS and leaves the work to the periodic
relay, so a broker outage never turns a committed request into an error nor stalls the site.
"""

from __future__ import annotations

import logging
import threading
import time
from datetime import timedelta

from celery import current_app
from celery.exceptions import NotRegistered
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from kombu.exceptions import EncodeError

from sinosure_portal.outbox.models import OutboxMessage

log = logging.getLogger(__name__)

# the message itself cannot be sent, whatever the broker does: kept as failed for an administrator
UNDELIVERABLE = (KeyError, NotRegistered, EncodeError, TypeError, ValueError)

_LOADING = threading.Lock()
_broker_away_until = 0.0


def task_named(name: str):
    """The task registered as ``name``, loading the apps' tasks modules the way a worker does when
    the name is not known yet (one thread loads them while the others wait: without the lock a
    second thread saw a half-loaded registry). An unknown name raises KeyError."""
    tasks = current_app.tasks
    if name not in tasks:
        with _LOADING:
            if name not in tasks:
                current_app.loader.import_default_modules()
    return tasks[name]


def record(name: str, args: list | tuple = (), kwargs: dict | None = None) -> OutboxMessage:
    """Record the task ``name`` with these (JSON) arguments in the current transaction; it is relayed
    after commit and never if the transaction rolls back. An unknown name is a programming error
    (KeyError), raised here and not found later by the relay."""
    task_named(name)
    message = OutboxMessage.objects.create(task=name, args=list(args), kwargs=dict(kwargs or {}))
    transaction.on_commit(lambda: relay_after_commit([message.pk]), robust=True)
    return message


def relay_after_commit(ids: list[int]) -> int:
    """The relay a committed change asks for: sends its own messages now unless the broker was
    found away a moment ago (then the periodic relay sends them). Never raises."""
    if time.monotonic() < _broker_away_until:
        return 0
    try:
        return relay(ids=ids)
    except Exception:  # noqa: BLE001 - the change is committed; its messages stay pending
        log.exception("outbox: relaying %s after commit failed; the periodic relay will", ids)
        return 0


def relay(*, ids: list[int] | None = None, limit: int | None = None) -> int:
    """Send pending messages (those with ``ids``, or the oldest ``limit``) to the broker and mark
    them sent; returns how many were sent. Stops at the first broker failure, keeping what was sent
    before it. When tasks run eagerly (tests), the rows are marked first and the tasks run after
    the relay's transaction, each in its own, as a worker would run them."""
    global _broker_away_until
    limit = limit or settings.OUTBOX_RELAY_BATCH
    eager = current_app.conf.task_always_eager
    sent: list[OutboxMessage] = []
    with transaction.atomic():
        pending = OutboxMessage.objects.filter(sent_at__isnull=True, failed_at__isnull=True)
        if ids is not None:
            pending = pending.filter(pk__in=ids)
        batch = list(pending.select_for_update(skip_locked=True).order_by("pk")[:limit])
        now = timezone.now()
        for message in batch:
            message.attempts += 1
            if eager:
                sent.append(message)
                continue
            try:
                task_named(message.task).delay(*message.args, **message.kwargs)
            except UNDELIVERABLE as exc:
                message.failed_at, message.last_error = now, repr(exc)[:2000]
                log.error("outbox: message %s (%s) cannot be sent: %r", message.pk, message.task, exc)
                OutboxMessage.objects.filter(pk=message.pk).update(
                    failed_at=now, attempts=message.attempts, last_error=message.last_error
                )
            except Exception as exc:  # noqa: BLE001 - the broker is away: stop, keep the rest pending
                _broker_away_until = time.monotonic() + settings.OUTBOX_BROKER_PAUSE_SECONDS
                log.warning(
                    "outbox: broker unavailable (%r); %s message(s) stay pending", exc, len(batch) - len(sent)
                )
                OutboxMessage.objects.filter(pk=message.pk).update(
                    attempts=message.attempts, last_error=repr(exc)[:2000]
                )
                break
            else:
                sent.append(message)
        for message in sent:
            message.sent_at = now
        OutboxMessage.objects.bulk_update(sent, ["sent_at", "attempts"], batch_size=500)
    if sent and not eager:
        _broker_away_until = 0.0
    if eager:
        for message in sent:
            task_named(message.task).delay(*message.args, **message.kwargs)
    return len(sent)


def relay_pending() -> int:
    """Everything pending, pass after pass (the periodic relay); returns how many were sent."""
    total = 0
    while True:
        sent = relay()
        total += sent
        if sent < settings.OUTBOX_RELAY_BATCH:
            return total


def purge_sent(*, days: int | None = None) -> int:
    """Forget messages sent more than ``days`` (OUTBOX_KEEP_DAYS) ago; failed ones are kept."""
    cutoff = timezone.now() - timedelta(days=days if days is not None else settings.OUTBOX_KEEP_DAYS)
    deleted, _ = OutboxMessage.objects.filter(sent_at__lt=cutoff).delete()
    return deleted


def backlog() -> dict:
    """How much is waiting: the number of pending messages and the age of the oldest in seconds."""
    pending = OutboxMessage.objects.filter(sent_at__isnull=True, failed_at__isnull=True)
    oldest = pending.order_by("pk").values_list("created_at", flat=True).first()
    return {
        "pending": pending.count(),
        "oldest_seconds": int((timezone.now() - oldest).total_seconds()) if oldest else 0,
        "failed": OutboxMessage.objects.filter(failed_at__isnull=False).count(),
    }
