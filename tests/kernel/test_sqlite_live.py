"""`make run`'s embedded default holds up (issue 16 item 6): the web process, a Celery worker and
beat (manage.py serve_all, what make run starts) share one SQLite file and a file broker; an API
declaration with financing intent gets its coverage notice and a risk event gets its alert, from
the worker, with no "database is locked" anywhere."""

import json
import os
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from datetime import date
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "demo-pass-2026"

pytestmark = pytest.mark.celery_live

ALL_SWEEPS = """
import django
django.setup()
from celery import current_app
from django.conf import settings
current_app.loader.import_default_modules()
for name, entry in settings.CELERY_BEAT_SCHEDULE.items():
    current_app.tasks[entry["task"]].apply(throw=True)
    print("ran", name)
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _env(var: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    env.update(
        PORTAL_VAR_DIR=str(var),
        PORTAL_MEDIA_ROOT=str(var / "media"),
        CELERY_TASK_ALWAYS_EAGER="false",
        DJANGO_SETTINGS_MODULE="sinosure_portal.settings",
        DJANGO_SECRET_KEY="sqlite-live-test-" + "k" * 40,
        PORTAL_HTTPS="false",
    )
    return env


def _call(base: str, path: str, body: dict | None = None, token: str | None = None) -> dict:
    request = urllib.request.Request(  # noqa: S310 - 127.0.0.1 only
        base + path,
        data=json.dumps(body).encode() if body is not None else None,
        headers={
            "Content-Type": "application/json",
            **({"Authorization": f"Bearer {token}"} if token else {}),
        },
        method="POST" if body is not None else "GET",
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 - 127.0.0.1 only
            return json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as exc:
        raise AssertionError(f"{path}: {exc.code} {exc.read()[:500]!r}") from exc


def _wait(check, seconds: float, what: str):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        time.sleep(0.5)
    raise AssertionError(f"{what} did not arrive within {seconds} s")


def _rows(db: Path, sql: str, params=()) -> list:
    with sqlite3.connect(db, timeout=20) as con:
        return con.execute(sql, params).fetchall()


@pytest.fixture
def portal(tmp_path):
    var = tmp_path / "var"
    var.mkdir()
    env = _env(var)
    for step in (["migrate", "--noinput", "-v", "0"], ["demo_data"]):
        done = subprocess.run(
            [sys.executable, "manage.py", *step],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert done.returncode == 0, done.stderr[-3000:]
    port = _free_port()
    log = open(tmp_path / "serve_all.log", "w")  # noqa: SIM115 - closed below
    process = subprocess.Popen(
        [sys.executable, "manage.py", "serve_all", "--addr", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"

    def up():
        try:
            return urllib.request.urlopen(base + "/healthz", timeout=2).status == 200  # noqa: S310
        except OSError:
            return False

    try:
        _wait(up, 60, "the web process")
        yield base, var / "portal.sqlite3", tmp_path / "serve_all.log"
    finally:
        os.killpg(process.pid, 15)
        process.wait(timeout=30)
        log.close()


def test_web_worker_and_beat_on_one_sqlite_file_deliver_a_coverage_notice_and_an_alert(portal):
    base, db, log = portal
    exporter = _call(base, "/api/v1/auth/token/", {"username": "exporter", "password": PASSWORD})["token"]
    underwriter = _call(base, "/api/v1/auth/token/", {"username": "underwriter", "password": PASSWORD})[
        "token"
    ]
    # a limit of the policy whose indemnity is assigned to a bank: its declarations are financed
    ((policy_id, buyer_id, terms, days),) = _rows(
        db,
        "SELECT l.policy_id, l.buyer_id, l.payment_terms, l.max_credit_period_days FROM limits_creditlimit l "
        "JOIN financing_indemnityassignment a ON a.policy_id = l.policy_id "
        "WHERE l.status = 'active' AND a.status = 'in_force' "
        "AND l.buyer_id NOT IN (SELECT buyer_id FROM claims_possiblelossnotice) "
        "AND l.amount_usd - l.exposure_usd >= 10000 ORDER BY l.id LIMIT 1",
    )
    declared = _call(
        base,
        "/api/v1/declarations/",
        {
            "policy": policy_id,
            "buyer": buyer_id,
            "invoice_number": "SQLITE-LIVE-1",
            "shipment_date": date.today().isoformat(),
            "currency": "USD",
            "amount": "10000.00",
            "payment_term": json.loads(terms)[0] if terms.startswith("[") else terms.split(",")[0],
            "credit_days": min(days, 60),
            "hs_code": "940360",
            "financing_intent": True,
        },
        token=exporter,
    )
    assert declared["status"] in {"covered", "partly_covered"}, declared
    _wait(
        lambda: _rows(
            db, "SELECT id FROM financing_coveragenotice WHERE declaration_id = ?", [declared["id"]]
        ),
        90,
        "the coverage notice",
    )
    # the exporter follows a buyer whose light is green; a fraud record turns it red
    ((green,),) = _rows(db, "SELECT id FROM creditinfo_buyer WHERE light = 'green' ORDER BY id LIMIT 1")
    _call(base, "/api/v1/creditinfo/subscriptions/", {"buyer": green, "email": False}, token=exporter)
    _call(
        base,
        "/api/v1/creditinfo/risk-events/",
        {"kind": "fraud", "event_date": date.today().isoformat(), "title": "Fraud reported", "buyer": green},
        token=underwriter,
    )
    _wait(
        lambda: _rows(
            db,
            "SELECT n.id FROM notifications_notification n JOIN accounts_user u ON u.id = n.user_id "
            "WHERE u.username = 'exporter' AND n.kind = 'creditinfo.light_change'",
        ),
        90,
        "the light-change alert",
    )
    assert _rows(db, "PRAGMA journal_mode") == [("wal",)]
    # every scheduled sweep runs on the same file while the web process and the worker are up
    env = _env(db.parent)
    env["CELERY_TASK_ALWAYS_EAGER"] = "true"
    sweeps = subprocess.run(
        [sys.executable, "-c", ALL_SWEEPS], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600
    )
    assert sweeps.returncode == 0, sweeps.stdout[-3000:] + sweeps.stderr[-3000:]
    assert "database is locked" not in log.read_text()
