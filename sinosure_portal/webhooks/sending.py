"""Sending deliveries: each in its own transaction with its row locked (``SKIP LOCKED``: two workers
never send the same delivery at once), oldest first, a delivery waiting while an earlier one of the
same object to the same endpoint is still pending. A failure is tried again on the schedule of
``rules.retry_delay`` for WEBHOOK_RETRY_HOURS; an endpoint failing for that long is disabled and its
organisation told.

What is due is found here, not only through the task queued with the event: the beat runs
``deliveries_send`` every minute, so a worker killed mid-send (its transaction rolls back, the row
stays pending) or a broker outage only delays a delivery.
"""

from __future__ import annotations

import json
import time
from datetime import timedelta

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from sinosure_portal.webhooks import client, conf, rules
from sinosure_portal.webhooks.models import Delivery, Endpoint

P = Delivery.Status


def encode(payload: dict) -> bytes:
    """The body as sent (UTF-8 JSON, id, type and created first); the signature covers these bytes."""
    ordered = {key: payload[key] for key in ("id", "type", "created", "data") if key in payload}
    return json.dumps({**ordered, **payload}, ensure_ascii=False, separators=(",", ":")).encode()


def _due(now, event_ids=None):
    earlier_pending = Delivery.objects.filter(
        endpoint_id=OuterRef("endpoint_id"),
        object_key=OuterRef("object_key"),
        status=P.PENDING,
        pk__lt=OuterRef("pk"),
    )
    due = Delivery.objects.filter(status=P.PENDING, next_attempt_at__lte=now, endpoint__active=True).exclude(
        Exists(earlier_pending)
    )
    if event_ids is not None:
        due = due.filter(event_id__in=event_ids)
    return due.order_by("pk")


def deliveries_send(*, event_ids: list[str] | None = None, limit: int | None = None) -> dict:
    """Send what is due (only these events' deliveries, with ``event_ids``, and whatever of their
    objects they held back), until nothing is due, ``limit`` deliveries were tried or the pass has
    run WEBHOOKS_SEND_SECONDS. Returns counts of delivered / retry / failed / skipped."""
    limit = limit or conf.send_batch()
    started = time.monotonic()
    counts = {"delivered": 0, "retry": 0, "failed": 0}
    skipped: set[int] = set()
    keys: set[tuple[int, str]] = set()
    tried = 0
    while tried < limit and time.monotonic() - started < conf.send_seconds():
        now = timezone.now()
        candidates = _due(now, event_ids).exclude(pk__in=skipped)
        candidate = candidates.values_list("pk", "endpoint_id", "object_key").first()
        if candidate is None and event_ids is not None and keys:
            # the successors of what was just delivered (events raised later for the same objects)
            candidate = (
                _due(now)
                .filter(endpoint_id__in=[k[0] for k in keys], object_key__in=[k[1] for k in keys])
                .exclude(pk__in=skipped)
                .values_list("pk", "endpoint_id", "object_key")
                .first()
            )
        if candidate is None:
            break
        pk, endpoint_id, key = candidate
        outcome = delivery_attempt(delivery_id=pk)
        tried += 1
        if outcome is None:
            skipped.add(pk)
            continue
        counts[outcome] += 1
        keys.add((endpoint_id, key))
        if outcome != "delivered":
            skipped.add(pk)
    counts["tried"] = tried
    return counts


def delivery_attempt(*, delivery_id: int) -> str | None:
    """Try one delivery now: 'delivered', 'retry', 'failed', or None when it is not due (sent by
    someone else meanwhile, locked by another worker, held back by an earlier one)."""
    with transaction.atomic():
        delivery = (
            Delivery.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("endpoint")
            .filter(pk=delivery_id, status=P.PENDING)
            .first()
        )
        now = timezone.now()
        if delivery is None or delivery.next_attempt_at is None or delivery.next_attempt_at > now:
            return None
        endpoint = delivery.endpoint
        if not endpoint.active or _due(now).filter(pk=delivery.pk).count() == 0:
            return None
        body = encode(delivery.payload)
        headers = {
            rules.SIGNATURE_HEADER: rules.sign(endpoint.secret, int(now.timestamp()), body),
            rules.EVENT_ID_HEADER: str(delivery.event_id),
            rules.EVENT_TYPE_HEADER: delivery.type,
        }
        answer = client.post(endpoint.url, body, headers)
        done = timezone.now()
        delivery.attempts += 1
        delivery.first_attempt_at = delivery.first_attempt_at or now
        delivery.last_attempt_at = now
        delivery.last_response_code = answer.code
        delivery.last_error = answer.error[: client.MAX_ERROR]
        if answer.ok:
            delivery.status = P.DELIVERED
            delivery.delivered_at = done
            delivery.next_attempt_at = None
            delivery.last_error = ""
            outcome = "delivered"
            if endpoint.failing_since is not None:
                Endpoint.objects.filter(pk=endpoint.pk).update(failing_since=None)
        else:
            delivery.next_attempt_at = rules.next_attempt(
                attempts=delivery.attempts, first_attempt_at=delivery.first_attempt_at, now=now
            )
            outcome = "retry"
            if delivery.next_attempt_at is None:
                delivery.status = P.FAILED
                outcome = "failed"
            _endpoint_failed(endpoint, now=now)
        delivery.save(
            update_fields=[
                "status",
                "attempts",
                "first_attempt_at",
                "last_attempt_at",
                "last_response_code",
                "last_error",
                "delivered_at",
                "next_attempt_at",
            ]
        )
        return outcome


def _endpoint_failed(endpoint: Endpoint, *, now) -> None:
    """Note the failure; an endpoint failing for WEBHOOK_RETRY_HOURS is disabled (its organisation
    told). Locks the endpoint row: two workers failing at once disable it once."""
    endpoint = Endpoint.objects.select_for_update().get(pk=endpoint.pk)
    if endpoint.failing_since is None:
        endpoint.failing_since = now
        endpoint.save(update_fields=["failing_since"])
        return
    if endpoint.active and now - endpoint.failing_since >= rules.RETRY_FOR:
        from sinosure_portal.webhooks.services import endpoint_disable_failing

        endpoint_disable_failing(endpoint, now=now)


def deliveries_purge(*, days: int | None = None) -> int:
    """Forget deliveries delivered or given up more than ``days`` (WEBHOOKS_KEEP_DAYS) ago."""
    cutoff = timezone.now() - timedelta(days=days if days is not None else conf.keep_days())
    deleted, _ = Delivery.objects.filter(status__in=[P.DELIVERED, P.FAILED], created_at__lt=cutoff).delete()
    return deleted
