"""Two nodes (issue 16 item 5): two gunicorn web nodes and two Celery workers, each with a var
folder of its own, share one PostgreSQL, one Redis and the S3 object store (SeaweedFS, started by
`make test`). Checked:

- the 32-client single-limit declaration race, split across both web nodes: the limit is used to
  the cent and no further, the reconciliation finds no drift, each financed declaration gets its
  coverage notice once;
- the daily reminder sweep sent several times to both workers at once: each reminder once;
- an upload sent to one node, followed on the other, with kill -9 of the worker running it: it
  completes with every row once and the limit's exposure exact;
- a stored document (a PDF rendered and kept on one node) and the uploaded file are read alike
  from both nodes.
"""

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.conf import settings
from django.utils import timezone

from declarations.models import DeclarationBatch, ShipmentDeclaration
from declarations.services.bulk import declaration_batches_requeue_stuck
from financing.models import CoverageNotice
from limits.models import CreditLimit
from sinosure_portal.ledger.models import ReconciliationRun
from sinosure_portal.ledger.services import reconciliation_run
from sinosure_portal.notifications.models import Notification, Reminder
from sinosure_portal.workdays.calendar import today
from tests.factories import PASSWORD, BuyerFactory, ExporterFactory
from tests.factories.financing import financing_setup
from tests.factories.limits import CreditLimitFactory

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
HEADER = "invoice_number,buyer,shipment_date,currency,amount,payment_term,credit_days,hs_code\n"

pytestmark = [pytest.mark.celery_live, pytest.mark.django_db(transaction=True)]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _database_url() -> str:
    db = settings.DATABASES["default"]
    if db["ENGINE"] != "django.db.backends.postgresql":
        pytest.skip("the two-node test needs PostgreSQL (make test provides it)")
    return (
        f"postgres://{db['USER'] or 'postgres'}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    )


def _own_redis_db(url: str) -> str:
    """A Redis database of this test's own (the live worker tests flush the suite's)."""
    parts = urlsplit(url)
    base = int((parts.path or "/0").strip("/") or 0)
    return urlunsplit(parts._replace(path=f"/{(base + 5) % 16}"))


class Nodes:
    def __init__(self, tmp_path: Path, env: dict):
        self.tmp_path, self.env, self.procs, self.webs = tmp_path, env, {}, []

    def _start(self, name: str, args: list[str], extra: dict | None = None) -> subprocess.Popen:
        var = self.tmp_path / name
        var.mkdir(exist_ok=True)
        log = open(self.tmp_path / f"{name}.log", "w")  # noqa: SIM115 - closed in stop()
        env = {
            **self.env,
            "PORTAL_VAR_DIR": str(var),
            "PORTAL_MEDIA_ROOT": str(var / "media"),
            **(extra or {}),
        }
        proc = subprocess.Popen(args, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        self.procs[name] = (proc, log)
        return proc

    def web(self, name: str) -> str:
        port = _free_port()
        self._start(
            name,
            [str(BIN / "gunicorn"), "sinosure_portal.wsgi:application", "--bind", f"127.0.0.1:{port}"]
            + ["--workers", "2", "--threads", "8", "--timeout", "120"],
        )
        base = f"http://127.0.0.1:{port}"
        self.wait(lambda: _up(base), 60, f"web node {name}")
        self.webs.append(base)
        return base

    def worker(self, name: str, slow: float = 0.0) -> subprocess.Popen:
        return self._start(
            name,
            [
                str(BIN / "celery"),
                "-A",
                "tests.declarations.live_app",
                "worker",
                "--pool=solo",
                "--loglevel=INFO",
            ]
            + ["--without-gossip", "--without-mingle", "--without-heartbeat", "-n", f"{name}@%h"],
            {"LIVE_CHUNK_ROWS": "10", "SLOW_CHUNK_SECONDS": str(slow)},
        )

    def logs(self) -> str:
        return "\n".join(
            f"--- {p.name}\n{p.read_text()[-3000:]}" for p in sorted(self.tmp_path.glob("*.log"))
        )

    def wait(self, condition, seconds: float, what: str):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            value = condition()
            if value:
                return value
            time.sleep(0.2)
        pytest.fail(f"{what} did not happen in {seconds} s\n{self.logs()}")

    def stop(self):
        for proc, _log in self.procs.values():
            if proc.poll() is None:
                proc.terminate()
        for proc, log in self.procs.values():
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
            log.close()


def _up(base: str) -> bool:
    try:
        return urllib.request.urlopen(base + "/healthz", timeout=2).status == 200  # noqa: S310 - 127.0.0.1
    except OSError:
        return False


def _call(base: str, path: str, *, body=None, token=None, raw=False, files=None):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    data = None
    if files is not None:
        boundary = uuid.uuid4().hex
        parts = []
        for key, value in (body or {}).items():
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n{value}\r\n'.encode()
            )
        for key, (name, content) in files.items():
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"; filename="{name}"\r\n'
                f"Content-Type: application/octet-stream\r\n\r\n".encode()
                + content
                + b"\r\n"
            )
        data = b"".join(parts) + f"--{boundary}--\r\n".encode()
        headers["Content-Type"] = f"multipart/form-data; boundary={boundary}"
    elif body is not None:
        data = json.dumps(body).encode()
        headers["Content-Type"] = "application/json"
    request = urllib.request.Request(  # noqa: S310 - 127.0.0.1 only
        base + path, data=data, headers=headers, method="POST" if data is not None else "GET"
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310 - 127.0.0.1 only
            content = response.read()
            return (response.status, content) if raw else (response.status, json.loads(content or b"{}"))
    except urllib.error.HTTPError as exc:
        content = exc.read()
        return exc.code, content if raw else json.loads(content or b"{}")


def _object_store_env() -> dict:
    """The S3 settings of the object store `make test` started (SeaweedFS; started here if not)."""
    from sinosure_portal.core import object_store

    try:
        return object_store.start(timeout=60)
    except SystemExit as exc:
        if os.environ.get("CI"):
            raise
        pytest.skip(f"the two-node test needs the object store: {exc}")


@pytest.fixture
def nodes(tmp_path):
    if not settings.REDIS_URL:
        pytest.skip("the two-node test needs REDIS_URL (make test provides it)")
    import redis

    redis_url = _own_redis_db(settings.REDIS_URL)
    redis.Redis.from_url(redis_url).flushdb()
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("PYTEST_")},
        **_object_store_env(),
        "DATABASE_URL": _database_url(),
        "REDIS_URL": redis_url,
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "CELERY_REDBEAT_KEY_PREFIX": f"two-nodes-{uuid.uuid4().hex[:8]}:",
        "DJANGO_SECRET_KEY": "two-nodes-test-" + "k" * 40,
        "DJANGO_DEBUG": "false",
        "PORTAL_HTTPS": "false",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "PORTAL_THROTTLE_WRITE": "100000/min",
        "PORTAL_THROTTLE_READ": "100000/min",
    }
    n = Nodes(tmp_path, env)
    from sinosure_portal.celery import app

    real = app.conf.broker_url
    app.conf.broker_url = redis_url  # the test process sends sweeps to the nodes' broker
    app._pool = None
    app.amqp._producer_pool = None
    old_eager = app.conf.task_always_eager
    app.conf.task_always_eager = False
    try:
        yield n
    finally:
        n.stop()
        app.conf.broker_url, app.conf.task_always_eager = real, old_eager
        app._pool = None
        app.amqp._producer_pool = None


def _token(base: str, user) -> str:
    status, body = _call(base, "/api/v1/auth/token/", body={"username": user.username, "password": PASSWORD})
    assert status == 200, body
    return body["token"]


def test_two_web_nodes_and_two_workers_share_one_database_broker_and_object_store(nodes):
    setup = financing_setup(amount=Decimal("100000"))
    # the upload declares on a limit of its own (the race uses the first one up)
    upload_limit = CreditLimitFactory(
        policy=setup.policy,
        buyer=BuyerFactory(),
        amount_usd=Decimal("100000"),
        payment_terms=["OA"],
        max_credit_period_days=120,
        effective_date=today() - timedelta(days=60),
    )
    stale = ExporterFactory(username="stale-two-nodes")
    stale.password_changed_at = timezone.now() - timedelta(days=settings.PASSWORD_MAX_AGE_DAYS + 10)
    stale.save()
    a, b = nodes.web("web-a"), nodes.web("web-b")
    w1, w2 = nodes.worker("worker-1", slow=0.4), nodes.worker("worker-2", slow=0.4)
    token = _token(a, setup.exporter)
    shipped = (today() - timedelta(days=2)).isoformat()

    # 1. the 32-client race on one limit of USD 100,000, each asking USD 5,000, split across nodes
    answers: dict[int, tuple] = {}
    go = threading.Barrier(32)

    def declare(i: int):
        go.wait()
        answers[i] = _call(
            (a, b)[i % 2],
            "/api/v1/declarations/",
            token=token,
            body={
                "policy": setup.policy.pk,
                "buyer": setup.limit.buyer_id,
                "invoice_number": f"RACE-{i:02d}",
                "shipment_date": shipped,
                "currency": "USD",
                "amount": "5000.00",
                "payment_term": "OA",
                "credit_days": 60,
                "hs_code": "940360",
                "financing_intent": True,
            },
        )

    started = time.monotonic()
    threads = [threading.Thread(target=declare, args=(i,)) for i in range(32)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    race_seconds = time.monotonic() - started
    outcomes = sorted((status, body.get("status") or body.get("code")) for status, body in answers.values())
    assert outcomes == [(201, "covered")] * 20 + [(400, "limit_exhausted")] * 12, outcomes
    limit = CreditLimit.objects.get(pk=setup.limit.pk)
    assert limit.exposure_usd == Decimal("100000.00")
    covered = ShipmentDeclaration.objects.filter(limit=limit, covered_usd__gt=0)
    assert sum(d.covered_usd for d in covered) == Decimal("100000.00")
    # each covered, financed declaration: its coverage notice once (through the outbox and a worker)
    nodes.wait(lambda: CoverageNotice.objects.count() == 20, 60, "the coverage notices")
    assert sorted(CoverageNotice.objects.values_list("declaration_id", flat=True)) == sorted(
        d.pk for d in covered
    )

    # 2. the password-age sweep sent six times to both workers at once: one reminder, one notice
    from sinosure_portal.celery import app

    for _ in range(6):
        app.send_task("accounts.remind_old_passwords")
    nodes.wait(
        lambda: (
            Reminder.objects.filter(user=stale).exists() and Notification.objects.filter(user=stale).exists()
        ),
        60,
        "the password reminder",
    )
    time.sleep(3)  # the other runs finish
    assert Reminder.objects.filter(user=stale).count() == 1
    assert Notification.objects.filter(user=stale).count() == 1

    # 3. an upload on node A, followed on node B; the worker running it is killed mid-way
    body = "".join(
        f"UP-{i:02d},{upload_limit.buyer_id},{shipped},USD,100.00,OA,30,940360\n" for i in range(60)
    )
    status, batch = _call(
        a,
        "/api/v1/declarations/batches/upload/",
        token=token,
        body={"policy": setup.policy.pk},
        files={"file": ("two-nodes.csv", (HEADER + body).encode())},
    )
    assert status == 202, batch
    seen = nodes.wait(
        lambda: (lambda s: s if 0 < s[1]["processed_rows"] < 60 else None)(
            _call(b, f"/api/v1/declarations/batches/{batch['id']}/", token=token)
        ),
        60,
        "the upload moving (seen from node B)",
    )
    assert seen[0] == 200
    logs = {
        w: (nodes.tmp_path / f"{name}.log").read_text() for w, name in ((w1, "worker-1"), (w2, "worker-2"))
    }
    [running] = [w for w, text in logs.items() if "Task declarations.process_batch[" in text]
    os.kill(running.pid, signal.SIGKILL)
    running.wait(10)
    status_now = DeclarationBatch.objects.values_list("status", "processed_rows").get(pk=batch["id"])
    assert status_now[0] == "running" and status_now[1] < 60, status_now

    # the stuck-batch sweep (every 5 minutes, after DECLARATION_BATCH_STUCK_MINUTES without progress);
    # it skips the batch while the killed worker's chunk transaction still holds its row
    def requeued() -> bool:
        DeclarationBatch.objects.filter(pk=batch["id"]).update(
            updated_at=timezone.now() - timedelta(minutes=11)
        )
        return declaration_batches_requeue_stuck() == 1

    nodes.wait(requeued, 30, "the stuck upload queued again")
    final = nodes.wait(
        lambda: (lambda s: s if s[1]["status"] == "completed" else None)(
            _call(b, f"/api/v1/declarations/batches/{batch['id']}/", token=token)
        ),
        120,
        "the upload completing on the other worker",
    )[1]
    assert (final["processed_rows"], final["covered_rows"]) == (60, 60)
    assert ShipmentDeclaration.objects.filter(batch_id=batch["id"]).count() == 60  # each row once
    assert CreditLimit.objects.get(pk=upload_limit.pk).exposure_usd == Decimal("6000.00")  # 60 x 100
    assert CreditLimit.objects.get(pk=limit.pk).exposure_usd == Decimal("100000.00")
    run = reconciliation_run()
    assert run.status == ReconciliationRun.Status.CLEAN, list(run.findings.values())

    # 4. a document rendered and stored on node A reads the same from node B
    pdf_path = f"/api/v1/financing/agreements/{setup.agreement.pk}/pdf/"
    status_a, pdf_a = _call(a, pdf_path, token=token, raw=True)
    status_b, pdf_b = _call(b, pdf_path, token=token, raw=True)
    assert (status_a, status_b) == (200, 200) and pdf_a.startswith(b"%PDF") and pdf_a == pdf_b
    print(f"\ntwo nodes: 32-client race across 2 web nodes took {race_seconds:.2f} s")
