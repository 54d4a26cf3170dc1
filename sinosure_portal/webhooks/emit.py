"""Raising events: one delivery per subscribed endpoint, written in the transaction of the change.

``on_audit_rows`` is the kernel audit's listener: an audit row that an app's ``webhook_on_audit``
rule matches raises the event for its object. ``webhook_emit`` raises events from code that is no
workflow move (a sweep finding a deadline near). Either way the object is serialised now, as the
API shows it at the moment of the event, the deliveries are inserted (unique by endpoint and event
id), and the sending is queued through the outbox, so it happens after commit and never for a
change that rolled back.
"""

from __future__ import annotations

import json
import logging
import uuid
from collections.abc import Iterable
from datetime import datetime

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import Model
from django.utils import timezone

from sinosure_portal.base.queue import enqueue
from sinosure_portal.webhooks import registry
from sinosure_portal.webhooks.models import Delivery, Endpoint

log = logging.getLogger(__name__)

# deterministic event ids for events a sweep may find twice (uuid5 of a stable key)
EVENT_NAMESPACE = uuid.UUID("6f1d3c2e-7a4b-4f0e-9b1a-2c8d5e6f7a90")
SEND_TASK = "webhooks.send"


def watches_model(model: type[Model]) -> bool:
    return bool(registry.audit_rules(model))


def object_key(obj: Model) -> str:
    return f"{obj._meta.label_lower}:{obj.pk}"


def body(*, event_id, type: str, created: datetime, data: dict) -> dict:
    """What the endpoint receives: {id, type, created, data}."""
    return {"id": str(event_id), "type": type, "created": created.isoformat(), "data": _json(data)}


def _json(data: dict) -> dict:
    return json.loads(json.dumps(data, cls=DjangoJSONEncoder))


def _subscribers(types: Iterable[str]) -> dict[str, list[tuple[int, int, bool]]]:
    """Active endpoints by the event type they chose: [(endpoint id, organisation id, insurer?)]."""
    wanted = set(types)
    found: dict[str, list[tuple[int, int, bool]]] = {}
    rows = Endpoint.objects.filter(active=True).values_list(
        "pk", "organisation_id", "organisation__kind", "events"
    )
    for pk, org_id, kind, events in rows:
        for t in set(events or ()) & wanted:
            found.setdefault(t, []).append((pk, org_id, kind == "insurer"))
    return found


def on_audit_rows(model: type[Model], rows: list) -> None:
    """The audit listener: events for the rows an app's rule matches."""
    rules = registry.audit_rules(model)
    matched = [
        (row, rule.type)
        for row in rows
        for rule in rules
        if rule.when(row.action, row.from_state, row.to_state)
    ]
    if not matched:
        return
    subscribers = _subscribers({t for _row, t in matched})
    if not subscribers:
        return
    events = [(row.object_id, t, row.at, None) for row, t in matched if t in subscribers]
    _raise_guarded(model, events, subscribers)


def webhook_emit(event_type: str, model: type[Model], keys: dict, *, at: datetime | None = None) -> int:
    """Raise ``event_type`` now for the objects of ``model`` whose pks are the keys of ``keys``, each
    mapped to a stable key of this occurrence (e.g. its deadline): the event id is derived from it,
    so a sweep that finds the same thing again raises nothing twice. Returns the deliveries written
    (0 when no endpoint chose the event: then nothing is loaded)."""
    if not keys:
        return 0
    subscribers = _subscribers([event_type])
    if not subscribers:
        return 0
    at = at or timezone.now()
    model = model._meta.concrete_model
    label = model._meta.label_lower
    events = [
        (str(pk), event_type, at, uuid.uuid5(EVENT_NAMESPACE, f"{event_type}:{label}:{pk}:{key}"))
        for pk, key in keys.items()
    ]
    return _raise_guarded(model, events, subscribers)


def _raise_guarded(model: type[Model], events: list, subscribers: dict) -> int:
    """The business act must not fail because telling systems of it did: a fault here (an object
    the serialiser cannot show) is logged as an error and the act goes on without its events. A
    savepoint keeps the act's transaction usable if the fault was the database's."""
    try:
        with transaction.atomic():
            return _raise(model, events, subscribers)
    except Exception:  # noqa: BLE001 - logged; the change itself stands
        log.exception("webhooks: events of %s could not be raised: %s", model._meta.label, events[:5])
        return 0


def _raise(model: type[Model], events: list, subscribers: dict) -> int:
    shape = registry.object_shape(model)
    if shape is None:
        raise LookupError(f"webhooks: {model._meta.label} has no webhook_object")
    ids = {object_id for object_id, *_rest in events}
    objects = {str(o.pk): o for o in shape.queryset().filter(pk__in=ids)}
    deliveries = []
    for object_id, type, at, event_id in events:
        obj = objects.get(object_id)
        if obj is None:
            continue
        allowed = set(shape.organisations(obj))
        targets = [pk for pk, org_id, insurer in subscribers.get(type, ()) if insurer or org_id in allowed]
        if not targets:
            continue
        event_id = event_id or uuid.uuid4()
        payload = body(event_id=event_id, type=type, created=at, data=shape.serialize(obj))
        key = object_key(obj)
        deliveries.extend(
            Delivery(
                endpoint_id=pk,
                event_id=event_id,
                type=type,
                object_key=key,
                payload=payload,
                next_attempt_at=at,
                created_at=at,
            )
            for pk in targets
        )
    return _write(deliveries)


def _write(deliveries: list[Delivery]) -> int:
    if not deliveries:
        return 0
    Delivery.objects.bulk_create(deliveries, ignore_conflicts=True, batch_size=1000)
    enqueue(SEND_TASK, sorted({str(d.event_id) for d in deliveries}))
    return len(deliveries)


def test_event(endpoint: Endpoint, *, actor=None) -> Delivery:
    """A ``webhook.test`` delivery to ``endpoint`` (sent even if it did not choose the event)."""
    now = timezone.now()
    event_id = uuid.uuid4()
    data = {
        "endpoint": endpoint.pk,
        "url": endpoint.url,
        "sent_by": getattr(actor, "username", None),
        "message": "This is a test event from the portal.",
    }
    delivery = Delivery.objects.create(
        endpoint=endpoint,
        event_id=event_id,
        type=registry.TEST_EVENT,
        object_key=f"webhooks.endpoint:{endpoint.pk}",
        payload=body(event_id=event_id, type=registry.TEST_EVENT, created=now, data=data),
        next_attempt_at=now,
        created_at=now,
    )
    enqueue(SEND_TASK, [str(event_id)])
    return delivery
