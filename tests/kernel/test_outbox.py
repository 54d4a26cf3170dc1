"""The outbox (issue 16 item 1): background work is recorded in the transaction of the change that
asks for it and relayed to the broker (a real Redis) after commit; a broker outage leaves it
pending without failing or stalling the request, and the periodic relay delivers everything once
when the broker is back, however many relays run at once."""

import base64
import json
import os
import threading
import time
from types import SimpleNamespace
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.conf import settings
from django.db import connection, transaction
from kombu import Connection

from sinosure_portal.base.queue import enqueue
from sinosure_portal.celery import app
from sinosure_portal.outbox import relay as outbox
from sinosure_portal.outbox.models import OutboxMessage

pytestmark = pytest.mark.django_db(transaction=True)
TASK = "notifications.send_emails"  # any registered task: no worker runs here, Redis is read


def _own_redis_db(url: str) -> str:
    """A Redis database of this test's own (per xdist worker), away from the suite's, which the live
    worker tests flush."""
    parts = urlsplit(url)
    base = int((parts.path or "/0").strip("/") or 0)
    worker = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw") or 0)
    return urlunsplit(parts._replace(path=f"/{(base + 8 + worker) % 16}"))


def _use_broker(url: str) -> None:
    app.conf.broker_url = url
    app._pool = None
    app.amqp._producer_pool = None


@pytest.fixture
def broker(monkeypatch):
    if not settings.REDIS_URL:
        pytest.skip("the outbox tests need REDIS_URL (make test provides it)")
    import redis

    url = _own_redis_db(settings.REDIS_URL)
    client = redis.Redis.from_url(url)
    client.flushdb()
    real = app.conf.broker_url
    monkeypatch.setitem(app.conf, "task_always_eager", False)
    monkeypatch.setattr(outbox, "_broker_away_until", 0.0)
    _use_broker(url)

    def sent() -> list[tuple[str, list]]:
        """(task, args) of each message in the default queue, oldest first."""
        out = []
        for raw in reversed(client.lrange("celery", 0, -1)):  # kombu pushes left, workers pop right
            message = json.loads(raw)
            args, _kwargs, _embed = json.loads(base64.b64decode(message["body"]))
            out.append((message["headers"]["task"], args))
        return out

    yield SimpleNamespace(url=url, sent=sent)
    client.flushdb()
    _use_broker(real)


def test_work_recorded_in_a_transaction_is_sent_once_after_commit(broker):
    with transaction.atomic():
        message = enqueue(TASK, [101])
        assert broker.sent() == []  # nothing reaches the broker before the commit
        assert OutboxMessage.objects.get().sent_at is None
    assert broker.sent() == [(TASK, [[101]])]
    message.refresh_from_db()
    assert message.sent_at is not None and message.attempts == 1
    assert outbox.relay_pending() == 0  # the periodic relay finds nothing left
    assert broker.sent() == [(TASK, [[101]])]


def test_work_of_a_transaction_rolled_back_is_neither_kept_nor_sent(broker):
    with pytest.raises(RuntimeError), transaction.atomic():
        enqueue(TASK, [102])
        raise RuntimeError("the change fails")
    assert not OutboxMessage.objects.exists() and broker.sent() == []


def test_an_unknown_task_is_refused_when_recorded():
    with pytest.raises(KeyError):
        enqueue("nobody.knows_this_task", 1)
    assert not OutboxMessage.objects.exists()


def test_a_broker_outage_delays_the_work_and_never_fails_or_stalls_the_change(broker):
    _use_broker("redis://127.0.0.1:1/0")  # nothing listens on port 1
    started = time.monotonic()
    with transaction.atomic():
        first = enqueue(TASK, [1])
    assert time.monotonic() - started < 5  # one quick failed attempt, no retries held the caller
    first.refresh_from_db()
    assert (first.sent_at, first.attempts) == (None, 1) and "127.0.0.1:1" in first.last_error
    # the next changes do not try again while the broker was just found away
    started = time.monotonic()
    with transaction.atomic():
        second = enqueue(TASK, [2])
    third = enqueue(TASK, [3])  # outside a transaction: recorded and relayed at once, as committed
    assert time.monotonic() - started < 1
    assert list(OutboxMessage.objects.order_by("pk").values_list("attempts", "sent_at")) == [
        (1, None),
        (0, None),
        (0, None),
    ]
    # the broker is back: the periodic relay sends everything, oldest first, once
    _use_broker(broker.url)
    assert outbox.relay_pending() == 3
    assert broker.sent() == [(TASK, [[1]]), (TASK, [[2]]), (TASK, [[3]])]
    assert outbox.relay_pending() == 0
    assert not OutboxMessage.objects.filter(sent_at__isnull=True).exists()
    assert {m.pk for m in (first, second, third)} == set(OutboxMessage.objects.values_list("pk", flat=True))


def test_relays_running_at_once_send_each_message_exactly_once(broker, settings):
    settings.OUTBOX_RELAY_BATCH = 25  # several passes each, so the relays really interleave
    OutboxMessage.objects.bulk_create(OutboxMessage(task=TASK, args=[[n]]) for n in range(300))
    counts: list[int] = []
    errors: list[BaseException] = []
    go = threading.Barrier(3)

    def run():
        try:
            go.wait()
            counts.append(outbox.relay_pending())
        except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert errors == []
    assert sum(counts) == 300
    sent = sorted(args[0][0] for _task, args in broker.sent())
    assert sent == list(range(300))  # every message once: none lost, none twice


def test_a_message_that_cannot_be_sent_is_set_aside_and_the_rest_still_go(broker, monkeypatch):
    good = OutboxMessage.objects.create(task=TASK, args=[[7]])
    bad = OutboxMessage.objects.create(task="removed.since", args=[])  # a task renamed after recording
    later = OutboxMessage.objects.create(task=TASK, args=[[8]])
    assert outbox.relay_pending() == 2
    bad.refresh_from_db()
    assert bad.failed_at is not None and bad.sent_at is None and "removed.since" in bad.last_error
    assert broker.sent() == [(TASK, [[7]]), (TASK, [[8]])]
    assert outbox.relay_pending() == 0  # not retried on its own
    assert outbox.backlog() == {"pending": 0, "oldest_seconds": 0, "failed": 1}
    assert {good.pk, later.pk} == set(
        OutboxMessage.objects.filter(sent_at__isnull=False).values_list("pk", flat=True)
    )


def test_sent_messages_are_forgotten_after_the_keeping_days_and_failed_ones_kept():
    from datetime import timedelta

    from django.utils import timezone

    now = timezone.now()
    old = OutboxMessage.objects.create(task=TASK, sent_at=now - timedelta(days=8))
    recent = OutboxMessage.objects.create(task=TASK, sent_at=now - timedelta(days=6))
    failed = OutboxMessage.objects.create(task=TASK, failed_at=now - timedelta(days=30))
    pending = OutboxMessage.objects.create(task=TASK, created_at=now - timedelta(days=30))
    assert outbox.purge_sent(days=7) == 1
    assert set(OutboxMessage.objects.values_list("pk", flat=True)) == {recent.pk, failed.pk, pending.pk}
    assert not OutboxMessage.objects.filter(pk=old.pk).exists()


def test_the_folder_broker_shows_a_message_only_once_it_is_whole(tmp_path, monkeypatch):
    """The embedded broker (make run): a reader listing the folder while a message is being
    written finds nothing to take (kombu's own transport showed the half-written file)."""
    folder = tmp_path / "out"
    folder.mkdir()
    options = {"data_folder_in": str(folder), "data_folder_out": str(folder), "store_processed": False}
    seen_mid_write: list[list[str]] = []
    real_fsync = os.fsync

    def fsync(fd):
        seen_mid_write.append([n for n in os.listdir(folder) if n.endswith(".q.msg")])
        return real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    with Connection(transport="sinosure_portal.base.filebroker:Transport", transport_options=options) as conn:
        queue = conn.SimpleQueue("q")
        queue.put({"n": 1, "pad": "x" * 200_000})
        assert seen_mid_write == [[]]  # written aside: no message file under the queue's name yet
        assert [n for n in os.listdir(folder) if n.startswith(".partial-")] == []
        assert queue.get(timeout=2).payload["n"] == 1
        queue.close()


def test_declarations_with_financing_intent_answer_at_once_while_the_broker_is_away(broker, api_for):
    """The issue's case: with the broker down, a declaration with financing intent answered 500
    after 19 s although it was committed, and three such requests stalled the site."""
    from datetime import timedelta

    from financing.models import CoverageNotice
    from sinosure_portal.workdays.calendar import today
    from tests.factories.financing import financing_setup

    setup = financing_setup()
    api = api_for(setup.exporter)
    _use_broker("redis://127.0.0.1:1/0")
    started = time.monotonic()
    answers = [
        api.post(
            "/api/v1/declarations/",
            {
                "policy": setup.policy.pk,
                "buyer": setup.limit.buyer_id,
                "invoice_number": f"DOWN-{n}",
                "shipment_date": (today() - timedelta(days=2)).isoformat(),
                "currency": "USD",
                "amount": "1000.00",
                "payment_term": "OA",
                "credit_days": 60,
                "hs_code": "940360",
                "financing_intent": True,
            },
            format="json",
        )
        for n in range(3)
    ]
    assert [a.status_code for a in answers] == [201, 201, 201]
    assert time.monotonic() - started < 6
    pending = OutboxMessage.objects.filter(task="financing.issue_coverage_notices", sent_at__isnull=True)
    assert sorted(m.args[0][0] for m in pending) == sorted(a.json()["id"] for a in answers)
    assert not CoverageNotice.objects.exists()  # not yet: the work waits for the broker
    _use_broker(broker.url)
    assert outbox.relay_pending() == 3
    assert sorted(
        args[0][0] for task, args in broker.sent() if task == "financing.issue_coverage_notices"
    ) == sorted(a.json()["id"] for a in answers)
