"""A real Celery worker and beat, with Redis, run the password-age sweep against the test database.

Beat fires the sweep every two seconds (SWEEP_EVERY_SECONDS) so it runs several times during the
test; the reminder must still exist once and reach the inbox once.
"""

import os
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone

from sinosure_portal.notifications.models import Notification, Reminder, SweepRun
from tests.factories import ExporterFactory

ROOT = Path(__file__).resolve().parents[2]
CELERY = str(Path(sys.executable).with_name("celery"))

pytestmark = [pytest.mark.celery_live, pytest.mark.django_db(transaction=True)]


def _database_url() -> str:
    db = settings.DATABASES["default"]
    if db["ENGINE"] != "django.db.backends.postgresql":
        pytest.skip("the live Celery test needs PostgreSQL (make test provides it)")
    return (
        f"postgres://{db['USER'] or 'postgres'}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    )


@pytest.fixture
def celery_processes(tmp_path):
    redis_url = settings.REDIS_URL
    if not redis_url:
        pytest.skip("the live Celery test needs REDIS_URL (make test provides it)")
    import redis

    redis.Redis.from_url(redis_url).flushdb()  # the test suite's own Redis database
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "REDIS_URL": redis_url,
        "SWEEP_EVERY_SECONDS": "2",
        # the test process runs tasks inline; the real worker and beat must not
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "PORTAL_VAR_DIR": str(tmp_path),
        "PORTAL_MEDIA_ROOT": str(tmp_path / "media"),
    }
    logs = {name: open(tmp_path / f"{name}.log", "w") for name in ("worker", "beat")}  # noqa: SIM115
    procs = [
        subprocess.Popen(
            [
                CELERY,
                "-A",
                "sinosure_portal",
                "worker",
                "--pool=solo",
                "--loglevel=INFO",
                "--without-gossip",
                "--without-mingle",
                "-n",
                "test-worker@%h",
            ],
            cwd=ROOT,
            env=env,
            stdout=logs["worker"],
            stderr=subprocess.STDOUT,
        ),
        subprocess.Popen(
            [
                CELERY,
                "-A",
                "sinosure_portal",
                "beat",
                "--loglevel=INFO",
                "--max-interval=1",
                "-s",
                str(tmp_path / "beat-schedule"),
            ],
            cwd=ROOT,
            env=env,
            stdout=logs["beat"],
            stderr=subprocess.STDOUT,
        ),
    ]
    yield tmp_path
    for proc in procs:
        proc.terminate()
    for proc in procs:
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
    for fh in logs.values():
        fh.close()


def test_worker_and_beat_run_the_sweep_repeatedly_without_duplicate_reminders(celery_processes):
    stale = ExporterFactory(username="stale")
    stale.password_changed_at = timezone.now() - timedelta(days=settings.PASSWORD_MAX_AGE_DAYS + 10)
    stale.save()
    fresh = ExporterFactory(username="fresh")

    deadline = time.monotonic() + 90
    runs = 0
    while time.monotonic() < deadline:
        runs = SweepRun.objects.filter(
            name="accounts.remind_old_passwords", finished_at__isnull=False
        ).count()
        if runs >= 3:
            break
        time.sleep(0.5)
    logs = "\n".join(p.read_text() for p in celery_processes.glob("*.log"))
    assert runs >= 3, f"the sweep ran {runs} times in 90 s\n{logs[-4000:]}"

    assert Reminder.objects.filter(kind="password_age", user=stale).count() == 1
    assert Notification.objects.filter(kind="password_age", user=stale).count() == 1
    assert not Reminder.objects.filter(user=fresh).exists()
    assert "accounts.remind_old_passwords" in logs and "succeeded" in logs
