"""One beat, many beat processes (issue 16 item 4): two real `celery beat` processes against one
Redis send each schedule once per period, because only the holder of celery-redbeat's lock sends.

No worker runs: the test reads the messages beat put on the Redis queue, so what is counted is
exactly what the beats sent. The sweep period is 3 s (SWEEP_EVERY_SECONDS); two beats without the
lock would send about twice as many messages as the window allows for one."""

import base64
import itertools
import json
import os
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]
CELERY = str(Path(sys.executable).with_name("celery"))
PERIOD = 3
SWEEP = "accounts.remind_old_passwords"
# the live beat tests' own Redis database, apart from every engineer's test database
BEAT_REDIS_DB = 7

pytestmark = pytest.mark.celery_live


def _redis_url() -> str:
    if not settings.REDIS_URL:
        pytest.skip("the two-beat test needs Redis (make test provides it)")
    base = settings.REDIS_URL.rsplit("/", 1)[0]
    return f"{base}/{BEAT_REDIS_DB}"


def _sent(client, task: str) -> list[str]:
    """Ids of the messages for ``task`` waiting on the default queue."""
    ids = []
    for raw in client.lrange("celery", 0, -1):
        message = json.loads(raw)
        if message["headers"]["task"] == task:
            ids.append(message["headers"]["id"])
            json.loads(base64.b64decode(message["body"]))  # a well-formed body
    return ids


def test_two_beats_send_each_sweep_once_per_period(tmp_path):
    import redis

    url = _redis_url()
    client = redis.Redis.from_url(url)
    client.flushdb()
    env = {
        **os.environ,
        "REDIS_URL": url,
        "SWEEP_EVERY_SECONDS": str(PERIOD),
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "PORTAL_VAR_DIR": str(tmp_path),
        "DJANGO_DEBUG": "true",
    }
    beats, logs = [], []
    for n in (1, 2):
        log = open(tmp_path / f"beat{n}.log", "w")  # noqa: SIM115 - closed below
        logs.append(log)
        beats.append(
            subprocess.Popen(
                [CELERY, "-A", "sinosure_portal", "beat", "--loglevel=INFO", "-s", str(tmp_path / f"s{n}")],
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        )
    try:
        # wait until the first beat holding the lock has sent the sweep once, then count a window
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not _sent(client, SWEEP):
            time.sleep(0.2)
        first = len(_sent(client, SWEEP))
        assert first >= 1, "no beat sent the sweep within 60 s"
        window = 5 * PERIOD
        started = time.monotonic()
        time.sleep(window)
        elapsed = time.monotonic() - started
        sent = len(_sent(client, SWEEP)) - first
        both_alive = [b.poll() is None for b in beats]
    finally:
        for beat in beats:
            beat.terminate()
        for beat in beats:
            try:
                beat.wait(timeout=20)
            except subprocess.TimeoutExpired:
                beat.kill()
        for log in logs:
            log.close()
    text = "\n".join((tmp_path / f"beat{n}.log").read_text() for n in (1, 2))
    assert both_alive == [True, True], text[-3000:]
    # once per period: never two sends of the sweep closer together than the period (two beats
    # without the lock would send in pairs), and no more than the window holds
    assert sent <= elapsed / PERIOD + 1, (sent, elapsed, text[-3000:])
    stamps = sorted(
        datetime.strptime(line[1:24], "%Y-%m-%d %H:%M:%S,%f")
        for line in text.splitlines()
        if f"Sending due task {SWEEP}" in line
    )
    assert len(stamps) >= 4, text[-3000:]
    gaps = [(b - a).total_seconds() for a, b in itertools.pairwise(stamps)]
    assert min(gaps) >= PERIOD - 0.5, (gaps, text[-3000:])
    # exactly one of the two holds the lock
    assert text.count("beat: Acquired lock") == 1, text[-3000:]
    client.flushdb()


def test_redelivery_waits_longer_than_the_longest_task():
    """Redis hands an unacknowledged message to another worker after the visibility timeout: it
    must exceed every task's hard time limit, or a task still running would run twice at once."""
    from celery import current_app

    current_app.loader.import_default_modules()
    limits = {
        name: task.time_limit
        for name, task in current_app.tasks.items()
        if not name.startswith("celery.") and task.time_limit
    }
    assert limits, "the portal's tasks declare their time limits"
    assert max(limits.values()) < settings.CELERY_VISIBILITY_TIMEOUT
    assert current_app.conf.task_acks_late is True
    assert current_app.conf.task_reject_on_worker_lost is True
    if settings.REDIS_URL:
        assert current_app.conf.broker_transport_options["visibility_timeout"] == (
            settings.CELERY_VISIBILITY_TIMEOUT
        )
        assert current_app.conf.beat_scheduler == "redbeat.RedBeatScheduler"
