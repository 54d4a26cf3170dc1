"""Uploads survive a lost worker and a lost broker, with real Celery worker processes on Redis and
the test database (PostgreSQL):

- kill -9 of the worker in the middle of an upload, a new worker started: the stuck-batch sweep
  queues the upload again and it completes, every row exactly once (declarations, audit rows,
  report rows, the limit's exposure);
- kill -9 of the pool child running an upload: the task is rejected on the worker's loss and
  requeued, the worker's next child resumes it after its last committed chunk;
- an upload submitted while the broker is unreachable commits at once with its task pending in the
  outbox, and starts once the broker is back (the periodic relay sends it, once).

The workers load ``tests.declarations.live_app``: the portal's app with small, slow chunks.
"""

import os
import signal
import subprocess
import sys
import time
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from declarations import tasks
from declarations.models import DeclarationBatch, DeclarationBatchRow, ShipmentDeclaration
from declarations.selectors import batch_report
from declarations.services import declaration_batch_submit
from declarations.services.bulk import declaration_batches_requeue_stuck
from limits.models import CreditLimit
from sinosure_portal.audit.models import AuditEvent
from sinosure_portal.outbox.models import OutboxMessage
from sinosure_portal.outbox.relay import relay_pending
from sinosure_portal.workdays.calendar import today
from tests.factories import BuyerFactory
from tests.factories.declarations import declaring_setup
from tests.factories.limits import CreditLimitFactory

ROOT = Path(__file__).resolve().parents[2]
CELERY = str(Path(sys.executable).with_name("celery"))
HEADER = "invoice_number,buyer,shipment_date,currency,amount,payment_term,credit_days,hs_code\n"

pytestmark = [pytest.mark.celery_live, pytest.mark.django_db(transaction=True)]


def _database_url() -> str:
    db = settings.DATABASES["default"]
    if db["ENGINE"] != "django.db.backends.postgresql":
        pytest.skip("the live worker tests need PostgreSQL (make test provides it)")
    return (
        f"postgres://{db['USER'] or 'postgres'}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    )


@pytest.fixture
def live(tmp_path, monkeypatch, _no_broker_for_batches):
    """Starts real workers (``start(name, slow_seconds)``); the test process queues to the real
    broker (the suite's own Redis database), not to the list the other tests record."""
    if not settings.REDIS_URL:
        pytest.skip("the live worker tests need REDIS_URL (make test provides it)")
    import redis

    from sinosure_portal.celery import app

    redis.Redis.from_url(settings.REDIS_URL).flushdb()
    monkeypatch.delattr(tasks.process_batch, "delay")  # the real one again
    monkeypatch.setitem(app.conf, "task_always_eager", False)
    workers = []

    def start(name: str, slow: float = 0.0, pool: str = "solo") -> subprocess.Popen:
        env = {
            **os.environ,
            "DATABASE_URL": _database_url(),
            "REDIS_URL": settings.REDIS_URL,
            "CELERY_TASK_ALWAYS_EAGER": "false",
            "PORTAL_VAR_DIR": str(tmp_path),
            "PORTAL_MEDIA_ROOT": str(settings.MEDIA_ROOT),  # the uploads this process stored
            "LIVE_CHUNK_ROWS": "10",
            "SLOW_CHUNK_SECONDS": str(slow),
        }
        log = open(tmp_path / f"{name}.log", "w")  # noqa: SIM115 - closed with the process
        proc = subprocess.Popen(
            [CELERY, "-A", "tests.declarations.live_app", "worker", f"--pool={pool}", "--concurrency=1"]
            + ["--loglevel=INFO"]
            + ["--without-gossip", "--without-mingle", "--without-heartbeat", "-n", f"{name}@%h"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        workers.append((proc, log))
        return proc

    yield start, tmp_path
    for proc, _log in workers:
        if proc.poll() is None:
            proc.terminate()
    for proc, log in workers:
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


def _logs(tmp_path) -> str:
    return "\n".join(p.read_text()[-3000:] for p in sorted(tmp_path.glob("*.log")))


def _wait(condition, seconds: float, tmp_path, what: str):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.2)
    pytest.fail(f"{what} did not happen in {seconds} s\n{_logs(tmp_path)}")


def _age(batch, minutes: int) -> None:
    DeclarationBatch.objects.filter(pk=batch.pk).update(
        updated_at=timezone.now() - timedelta(minutes=minutes)
    )


def _status(batch_id: int) -> tuple:
    return DeclarationBatch.objects.values_list("status", "processed_rows").get(pk=batch_id)


def test_a_worker_killed_mid_upload_is_replaced_and_the_upload_completes_with_every_row_once(live):
    start, tmp_path = live
    user, policy, limit = declaring_setup(amount=Decimal("1000000"))
    oa_only = CreditLimitFactory(
        policy=policy, buyer=BuyerFactory(), payment_terms=["OA"], effective_date=today() - timedelta(days=60)
    )
    shipped = (today() - timedelta(days=2)).isoformat()
    lines = []
    for i in range(60):
        if i % 10 == 7:  # D/A on a limit that allows O/A only: refused
            lines.append(f"K-{i:02d},{oa_only.buyer_id},{shipped},USD,1000.00,DA,30,940360\n")
        elif i == 33:  # the invoice of row 5 again: already declared
            lines.append(f"K-05,{limit.buyer_id},{shipped},USD,1000.00,OA,30,940360\n")
        else:
            lines.append(f"K-{i:02d},{limit.buyer_id},{shipped},USD,1000.00,OA,30,940360\n")
    declared = {f"K-{i:02d}" for i in range(60) if i % 10 != 7 and i != 33}
    batch = declaration_batch_submit(
        actor=user, policy_id=policy.pk, file_name="kill.csv", content=(HEADER + "".join(lines)).encode()
    )  # committed: queued on the broker

    first = start("first", slow=1.0)  # 6 chunks of 10 rows, a second each
    _wait(lambda: _status(batch.pk)[1] >= 20, 120, tmp_path, "two chunks")
    os.kill(first.pid, signal.SIGKILL)
    first.wait(timeout=10)
    status, processed = _status(batch.pk)
    assert status == DeclarationBatch.Status.RUNNING and 20 <= processed < 60, (status, processed)
    assert processed % 10 == 0  # whole chunks only: the one in flight was rolled back

    start("second")
    _age(batch, 11)  # no progress for longer than DECLARATION_BATCH_STUCK_MINUTES
    assert declaration_batches_requeue_stuck() == 1
    _wait(
        lambda: _status(batch.pk)[0] == DeclarationBatch.Status.COMPLETED,
        120,
        tmp_path,
        "the upload completing",
    )

    batch.refresh_from_db()
    assert (batch.processed_rows, batch.total_rows) == (60, 60)
    assert (batch.covered_rows, batch.refused_rows, batch.duplicate_rows) == (53, 6, 1)
    invoices = list(ShipmentDeclaration.objects.filter(batch=batch).values_list("invoice_number", flat=True))
    assert len(invoices) == len(set(invoices)) == 53 and set(invoices) == declared
    ids = [str(pk) for pk in ShipmentDeclaration.objects.filter(batch=batch).values_list("pk", flat=True)]
    ct = ContentType.objects.get_for_model(ShipmentDeclaration)
    audited = list(
        AuditEvent.objects.filter(content_type=ct, object_id__in=ids).values_list("object_id", flat=True)
    )
    assert sorted(audited) == sorted(ids)  # one audit row each
    assert DeclarationBatchRow.objects.filter(batch=batch).count() == 7
    assert [r["row_number"] for r in batch_report(batch)] == list(range(2, 62))
    assert CreditLimit.objects.get(pk=limit.pk).exposure_usd == Decimal("53000.00")
    assert CreditLimit.objects.get(pk=oa_only.pk).exposure_usd == 0


def test_a_pool_child_killed_mid_upload_is_requeued_at_once_and_resumed(live):
    start, tmp_path = live
    user, policy, limit = declaring_setup(amount=Decimal("1000000"))
    shipped = (today() - timedelta(days=2)).isoformat()
    body = "".join(f"P-{i:02d},{limit.buyer_id},{shipped},USD,100.00,OA,30,940360\n" for i in range(50))
    worker = start("prefork", slow=1.0, pool="prefork")
    batch = declaration_batch_submit(
        actor=user, policy_id=policy.pk, file_name="child.csv", content=(HEADER + body).encode()
    )
    _wait(lambda: _status(batch.pk)[1] >= 10, 120, tmp_path, "a chunk")
    children = Path(f"/proc/{worker.pid}/task/{worker.pid}/children").read_text().split()
    assert len(children) == 1, children
    os.kill(int(children[0]), signal.SIGKILL)
    assert _status(batch.pk)[1] < 50  # killed mid-upload
    # no sweep, no new worker: the same worker requeues the task and a new child resumes it
    _wait(
        lambda: _status(batch.pk)[0] == DeclarationBatch.Status.COMPLETED,
        120,
        tmp_path,
        "the upload completing",
    )
    assert "WorkerLostError" in _logs(tmp_path) or "exited with 'signal 9" in _logs(tmp_path)
    batch.refresh_from_db()
    assert (batch.processed_rows, batch.covered_rows, batch.duplicate_rows) == (50, 50, 0)
    invoices = list(ShipmentDeclaration.objects.filter(batch=batch).values_list("invoice_number", flat=True))
    assert sorted(invoices) == [f"P-{i:02d}" for i in range(50)]
    ct = ContentType.objects.get_for_model(ShipmentDeclaration)
    assert AuditEvent.objects.filter(content_type=ct, object_repr__startswith="P-").count() == 50
    assert CreditLimit.objects.get(pk=limit.pk).exposure_usd == Decimal("5000.00")


def test_an_upload_queued_while_the_broker_is_unreachable_starts_when_it_is_back(live, monkeypatch):
    start, tmp_path = live
    from sinosure_portal.celery import app

    user, policy, limit = declaring_setup()
    shipped = (today() - timedelta(days=2)).isoformat()
    body = "".join(f"B-{i:02d},{limit.buyer_id},{shipped},USD,100.00,OA,30,940360\n" for i in range(25))
    real = app.conf.broker_url
    # nothing listens on port 1: the upload commits, its message stays in the outbox
    monkeypatch.setitem(app.conf, "broker_url", "redis://127.0.0.1:1/11")
    monkeypatch.setattr(app, "_pool", None)
    monkeypatch.setattr(app.amqp, "_producer_pool", None)
    started = time.monotonic()
    batch = declaration_batch_submit(
        actor=user, policy_id=policy.pk, file_name="down.csv", content=(HEADER + body).encode()
    )
    assert time.monotonic() - started < 5  # one quick failed attempt, no stall on retries
    assert _status(batch.pk) == (DeclarationBatch.Status.QUEUED, 0)
    message = OutboxMessage.objects.get(task="declarations.process_batch")
    assert (message.args, message.sent_at, message.attempts) == ([batch.pk], None, 1)

    # the broker is back, a worker listens: the periodic relay (beat, every OUTBOX_RELAY_SECONDS)
    # sends what is pending, once
    app.conf.broker_url = real
    app._pool = None
    app.amqp._producer_pool = None
    start("back")
    assert relay_pending() == 1
    assert relay_pending() == 0
    message.refresh_from_db()
    assert message.sent_at is not None and message.attempts == 2
    _wait(
        lambda: _status(batch.pk)[0] == DeclarationBatch.Status.COMPLETED,
        120,
        tmp_path,
        "the upload completing",
    )
    batch.refresh_from_db()
    assert (batch.covered_rows, batch.processed_rows) == (25, 25)
    assert ShipmentDeclaration.objects.filter(batch=batch).count() == 25
    assert CreditLimit.objects.get(pk=limit.pk).exposure_usd == Decimal("2500.00")
