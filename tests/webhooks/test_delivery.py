"""Webhooks delivered to a real receiving HTTP server on 127.0.0.1 (issue 14 item 1): the server
fails for a while, then accepts; every event arrives, in order per object, exactly once by event
id, each signed with HMAC-SHA256 over "<timestamp>.<body>" with the endpoint's secret.

The events are raised by the apps' own services (declaring a shipment, the overdue sweep, the
possible-loss reminder sweep), sent through the outbox after commit (tasks run eagerly here, as a
worker would run them), and retried by the beat's sweep (``deliveries_send``) as time passes
(time_machine)."""

from __future__ import annotations

import hashlib
import hmac
import threading
from collections import Counter
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
import time_machine
from django.db import connection

from declarations.models import ShipmentDeclaration
from declarations.services import DeclarationInput, declaration_create
from declarations.services.sweeps import loss_notices_remind, receivables_mark_overdue
from sinosure_portal.notifications.models import Notification
from sinosure_portal.webhooks import services
from sinosure_portal.webhooks.models import Delivery, Endpoint
from sinosure_portal.webhooks.sending import deliveries_send
from sinosure_portal.workdays.calendar import today
from tests.factories.declarations import declaring_setup

pytestmark = pytest.mark.django_db(transaction=True)
EVENTS = ["declaration.covered", "receivable.overdue", "receivable.loss_notice_due"]
START = datetime(2026, 11, 2, 1, 0, tzinfo=UTC)


def _declare(user, policy, limit, invoice: str) -> ShipmentDeclaration:
    return declaration_create(
        actor=user,
        data=DeclarationInput(
            policy_id=policy.pk,
            buyer_id=limit.buyer_id,
            invoice_number=invoice,
            shipment_date=today() - timedelta(days=3),
            currency="USD",
            amount=Decimal("10000.00"),
            payment_term="OA",
            credit_days=90,
            hs_code="940360",
            description="wooden furniture",
        ),
    )


def _signature_ok(secret: str, received) -> bool:
    """The receiver's check, written here from the documented format (not the portal's code)."""
    parts = dict(item.split("=", 1) for item in received.headers["Portal-Signature"].split(","))
    expected = hmac.new(
        secret.encode(), parts["t"].encode() + b"." + received.body, hashlib.sha256
    ).hexdigest()
    return hmac.compare_digest(expected, parts["v1"])


def _run_until_done(traveller, *, rounds: int = 60) -> int:
    """Run the beat's sweep; when it had nothing to try, move the clock to the next attempt due.
    Until nothing is pending."""
    for n in range(rounds):
        pending = Delivery.objects.filter(status=Delivery.Status.PENDING, endpoint__active=True)
        if not pending.exists():
            return n
        if deliveries_send()["tried"] == 0:
            later = pending.filter(next_attempt_at__gt=datetime.now(UTC)).order_by("next_attempt_at")
            traveller.move_to(later.values_list("next_attempt_at", flat=True).first() + timedelta(seconds=1))
    raise AssertionError(
        f"deliveries still pending: {list(Delivery.objects.values_list('pk', 'object_key', 'status', 'attempts', 'next_attempt_at'))} "
        f"at {datetime.now(UTC)}"
    )


def test_every_event_arrives_in_order_per_object_exactly_once_and_signed(receiver):
    with time_machine.travel(START, tick=False) as traveller:
        user, policy, limit = declaring_setup()
        made = services.endpoint_create(actor=user, url=receiver.url, events=EVENTS)
        receiver.failing = True
        declarations = [_declare(user, policy, limit, f"INV-{i}") for i in range(3)]
        due = declarations[0].due_date
        receivables_mark_overdue(today=due + timedelta(days=1))
        deadline = due + timedelta(days=policy.loss_notice_default_days)
        loss_notices_remind(today=deadline - timedelta(days=3))
        loss_notices_remind(today=deadline - timedelta(days=2))  # the sweep again: no new event
        # three objects, three events each; the first of each object was tried at once and refused
        assert Delivery.objects.count() == 9
        assert {r.event["type"] for r in receiver.requests} == {"declaration.covered"}
        assert len(receiver.requests) == 3  # the later events of each object wait behind its first
        traveller.shift(timedelta(minutes=1, seconds=1))
        deliveries_send()  # the second attempts fail too
        receiver.failing = False  # the receiver is back
        _run_until_done(traveller)

    accepted = receiver.accepted()
    ids = Counter(r.headers["Portal-Event-Id"] for r in accepted)
    expected_ids = {str(e) for e in Delivery.objects.values_list("event_id", flat=True)}
    assert set(ids) == expected_ids and set(ids.values()) == {1}  # every event, each once
    assert all(r.answered == 500 for r in receiver.requests[:6])
    for r in receiver.requests:
        assert _signature_ok(made.secret, r)
        assert (
            r.event["id"] == r.headers["Portal-Event-Id"]
            and r.event["type"] == r.headers["Portal-Event-Type"]
        )
    # in order per object, each showing the object as it was when the event was raised
    for d in declarations:
        seen = [r.event for r in accepted if r.event["data"]["id"] == d.pk]
        assert [e["type"] for e in seen] == EVENTS
        assert [e["data"]["status"] for e in seen] == ["covered", "overdue", "overdue"]
        assert seen[0]["data"]["invoice_number"] == d.invoice_number
    assert set(Delivery.objects.values_list("status", flat=True)) == {"delivered"}
    assert Endpoint.objects.get().failing_since is None


def test_retry_schedule_and_disabling_after_a_day_of_failures(receiver):
    """Tried at 0, 1, 3, 7, 15, 31, 63, 127, 255 minutes (waits doubling from one minute), then every
    4 hours, until the first attempt at or past 24 hours (24 h 15 min): given up; the endpoint is
    disabled and its organisation's users told."""
    receiver.failing = True
    with time_machine.travel(START, tick=False) as traveller:
        user, policy, limit = declaring_setup()
        made = services.endpoint_create(actor=user, url=receiver.url, events=["declaration.covered"])
        _declare(user, policy, limit, "INV-1")
        _run_until_done(traveller)
    delivery = Delivery.objects.get()
    times = [int(r.headers["Portal-Signature"].split(",")[0].removeprefix("t=")) for r in receiver.requests]
    minutes = [round((t - times[0]) / 60) for t in times]
    waits, at = [], 0
    for n in range(1, 100):
        if at >= 24 * 60:
            break
        waits.append(at)
        at += min(2 ** (n - 1), 240)
    waits.append(at)
    assert waits == [0, 1, 3, 7, 15, 31, 63, 127, 255, 495, 735, 975, 1215, 1455]
    assert minutes == waits
    assert delivery.status == "failed" and delivery.attempts == 14 and delivery.last_response_code == 500
    endpoint = Endpoint.objects.get(pk=made.endpoint.pk)
    assert not endpoint.active and endpoint.disabled_reason == "failing"
    note = Notification.objects.get(user=user, kind="webhooks.endpoint_disabled")
    assert receiver.url in note.heading()
    # disabled: events raised meanwhile are not kept for it; enabled again, it receives new ones
    receiver.failing = False
    with time_machine.travel(START + timedelta(days=2), tick=False):
        _declare(user, policy, limit, "INV-2")
        assert Delivery.objects.count() == 1 and len(receiver.accepted()) == 0
        services.endpoint_set_active(actor=user, endpoint_id=endpoint.pk, active=True)
        _declare(user, policy, limit, "INV-3")
    assert [r.event["data"]["invoice_number"] for r in receiver.accepted()] == ["INV-3"]


def test_two_senders_at_once_deliver_each_event_once(receiver):
    """Two beat passes (two workers) running at the same moment: rows are locked while sent."""
    user, policy, limit = declaring_setup()
    receiver.failing = True
    services.endpoint_create(actor=user, url=receiver.url, events=["declaration.covered"])
    for i in range(6):
        _declare(user, policy, limit, f"INV-{i}")
    receiver.failing = False
    Delivery.objects.update(next_attempt_at=datetime.now(UTC) - timedelta(seconds=1))
    barrier = threading.Barrier(2)

    def run():
        barrier.wait()
        try:
            deliveries_send()
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    ids = Counter(r.headers["Portal-Event-Id"] for r in receiver.accepted())
    assert len(ids) == 6 and set(ids.values()) == {1}


def test_payload_is_the_object_as_the_api_shows_it(receiver, api_for):
    user, policy, limit = declaring_setup()
    services.endpoint_create(actor=user, url=receiver.url, events=["declaration.covered"])
    d = _declare(user, policy, limit, "INV-API")
    (received,) = receiver.accepted()
    shown = api_for(user).get(f"/api/v1/declarations/{d.pk}/").json()
    body = received.event
    assert set(body) == {"id", "type", "created", "data"}
    assert body["type"] == "declaration.covered" and body["data"] == shown
