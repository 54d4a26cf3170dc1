"""Benchmark of the daily receivable sweeps on 1,000,000 open receivables across 10,000 policies.

    make bench-sweeps      (database: DATABASE_URL_SWEEPS, default .../sinosure_bench_sweeps)

The receivables are generated set-based in SQL from one template declaration made with the
factories (every constraint in force). Due dates are spread from 120 days ago to 150 days ahead:
those more than 30 days past due are already overdue, the rest covered. Then the daily sweeps run
end to end (receivable due, overdue marking, loss notice due), each timed, and run again: the
second run must create no reminder. The last line is ``RESULT {json}``.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
import benchdb  # noqa: E402 - the scripts share it (bench/benchdb.py)

URL = os.environ.get("DATABASE_URL_SWEEPS", "postgres://postgres@127.0.0.1:5432/sinosure_bench_sweeps")
os.environ["DATABASE_URL"] = URL
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sinosure_portal.settings_test")
os.environ.setdefault("PORTAL_MEDIA_ROOT", tempfile.mkdtemp(prefix="bench-sweeps-media-"))
os.environ.setdefault("LOG_LEVEL", "WARNING")
os.environ["CELERY_TASK_ALWAYS_EAGER"] = "1"
os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.dummy.EmailBackend")
RECEIVABLES = int(os.environ.get("BENCH_RECEIVABLES", "1000000"))
POLICIES = int(os.environ.get("BENCH_POLICIES", "10000"))


def build() -> dict:
    from django.db import connection

    from declarations.models import ShipmentDeclaration
    from policies.models import Policy
    from sinosure_portal.workdays.calendar import today
    from tests.factories.declarations import ShipmentDeclarationFactory, declaring_setup

    for table in ("notifications_notification", "notifications_reminder", "notifications_sweeprun"):
        with connection.cursor() as cur:
            cur.execute(f"TRUNCATE {table} CASCADE")  # noqa: S608
    user, policy, limit = declaring_setup()
    # e-mails are a worker's job after commit, not the sweep's: the bench's insured reads the inbox only
    type(user).objects.filter(pk=user.pk).update(email_notifications=False)
    template = ShipmentDeclarationFactory(limit=limit, invoice_number="SW-TEMPLATE")
    on = today()
    pcols, pexprs = benchdb.copy_sql(Policy, {"number": "'BSW' || g"})
    dcols, dexprs = benchdb.copy_sql(
        ShipmentDeclaration,
        {
            "policy_id": "ids[1 + g %% cardinality(ids)]",
            "invoice_number": "'SW' || g",
            "client_reference": "''",
            "due_date": f"DATE '{on.isoformat()}' - 120 + (g %% 271)",
            "status": "CASE WHEN g %% 271 < 90 THEN 'overdue' ELSE 'covered' END",
            "overdue_since": f"CASE WHEN g %% 271 < 90 THEN DATE '{on.isoformat()}' - 120 + (g %% 271) + 1 END",
            "paid_amount": "0",
        },
    )
    with connection.cursor() as cur:
        cur.execute(
            f"INSERT INTO {Policy._meta.db_table} ({pcols}) SELECT {pexprs} "  # noqa: S608
            f"FROM {Policy._meta.db_table} t, generate_series(1, %s) g WHERE t.id = %s",
            [POLICIES - 1, policy.pk],
        )
        cur.execute(
            f"WITH p AS (SELECT array_agg(id) ids FROM {Policy._meta.db_table} WHERE id = %s OR number LIKE 'BSW%%') "  # noqa: S608
            f"INSERT INTO {ShipmentDeclaration._meta.db_table} ({dcols}) SELECT {dexprs} "
            f"FROM {ShipmentDeclaration._meta.db_table} t, p, generate_series(1, %s) g WHERE t.id = %s",
            [policy.pk, RECEIVABLES - 1, template.pk],
        )
        cur.execute(f"ANALYZE {ShipmentDeclaration._meta.db_table}")
    return {"today": on}


def run_sweeps(on) -> tuple[dict, int]:
    from declarations.services.sweeps import (
        loss_notices_remind,
        receivables_mark_overdue,
        receivables_remind_due,
    )
    from sinosure_portal.notifications.models import Reminder

    seconds = {}
    before = Reminder.objects.count()
    for name, fn in (
        ("receivable_due", receivables_remind_due),
        ("mark_overdue", receivables_mark_overdue),
        ("loss_notice_due", loss_notices_remind),
    ):
        started = time.perf_counter()
        fn(today=on)
        seconds[name] = round(time.perf_counter() - started, 2)
        print(
            f"  {name}: {seconds[name]} s, reminders so far {Reminder.objects.count() - before}", flush=True
        )
    return seconds, Reminder.objects.count() - before


def main() -> None:
    benchdb.ensure_database(URL)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    with connection.cursor() as cur:
        cur.execute("SELECT count(*) FROM declarations_shipmentdeclaration")
        if cur.fetchone()[0]:
            call_command("flush", interactive=False, verbosity=0)
    started = time.perf_counter()
    facts = build()
    print(
        f"built {RECEIVABLES} receivables on {POLICIES} policies in {time.perf_counter() - started:.1f} s",
        flush=True,
    )
    print("first run:")
    seconds, reminders = run_sweeps(facts["today"])
    print("second run:")
    _again, second = run_sweeps(facts["today"])
    total = round(sum(seconds.values()), 2)
    print(f"total {total} s, reminders {reminders}, second run {second}")
    result = {
        "seconds": seconds,
        "total_seconds": total,
        "reminders": reminders,
        "second_run_reminders": second,
        "cores": os.cpu_count(),
        "receivables": RECEIVABLES,
        "policies": POLICIES,
        "target_seconds": 60,
    }
    print("RESULT " + json.dumps(result))


if __name__ == "__main__":
    main()
