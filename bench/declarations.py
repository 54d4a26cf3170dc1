"""Benchmark of bulk declarations on PostgreSQL (run with `make bench-declarations`).

Durable: synchronous_commit on and every foreign key of the declarations table in force (both read
from the database and reported as ``durable`` in the result).

Builds an exporter with a comprehensive policy, 200 buyers and a credit limit on each, writes a
100,000-row CSV, and declares it through the same code path the upload page uses
(``declaration_batch_submit`` -> ``declaration_batch_process``, synchronously), then does the same
with the rows as an XLSX file. In the same run it times a plain COPY of the same declaration rows
into the declarations table, prints the ratio, and counts the queries of the receivables list page
(50 rows on the page, and a page of 5 rows, to show the count does not grow with rows).

Ends with one line `RESULT {json}`. Not a test: it prints figures.

Environment: DATABASE_URL (default postgres://postgres@127.0.0.1:5432/sinosure_bench; the database
is created when missing), BENCH_ROWS (default 100000), BENCH_BUYERS (default 200).
"""

from __future__ import annotations

import io
import json
import os
import random
import sys
import tempfile
import time
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
import benchdb  # noqa: E402 - the scripts share it (bench/benchdb.py)

DATABASE_URL = os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/sinosure_bench")
ROWS = int(os.environ.get("BENCH_ROWS", "100000"))
BUYERS = int(os.environ.get("BENCH_BUYERS", "200"))
PREFIX = "BENCHDECL"  # policy and limit numbers of this benchmark start with it

os.environ["DJANGO_SETTINGS_MODULE"] = "sinosure_portal.settings"
# the upload path runs the batch right after the upload commits, here in this process
os.environ["CELERY_TASK_ALWAYS_EAGER"] = "1"
os.environ.setdefault("PORTAL_MEDIA_ROOT", tempfile.mkdtemp(prefix="bench-decl-media-"))
os.environ.setdefault("LOG_LEVEL", "WARNING")


def main() -> None:
    benchdb.ensure_database(DATABASE_URL)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    from django.urls import reverse

    reverse("declarations:upload")  # load the URL configuration, as a running web or worker process has
    cleanup()
    user, buyers, policies = build()
    rows = generate_rows(buyers)
    csv_bytes = to_csv(rows)
    xlsx_bytes = to_xlsx(rows)
    print(
        f"{len(rows)} rows, {len(buyers)} buyers; CSV {len(csv_bytes) / 1e6:.1f} MB, XLSX {len(xlsx_bytes) / 1e6:.1f} MB"
    )

    csv_batch, csv_seconds = declare(user, policies["csv"], "bench.csv", csv_bytes)
    report("CSV", csv_batch, csv_seconds)
    xlsx_batch, xlsx_seconds = declare(user, policies["xlsx"], "bench.xlsx", xlsx_bytes)
    report("XLSX", xlsx_batch, xlsx_seconds)

    copied, copy_seconds = plain_copy(csv_batch, policies["copy"])
    print(
        f"plain COPY of the same {copied} declaration rows: {copy_seconds:.2f} s = {copied / copy_seconds:,.0f} rows/s"
    )

    queries_50, queries_5 = receivables_queries(user)
    print(f"receivables list page: {queries_50} queries for 50 rows, {queries_5} for 1 row")

    rows_per_s = len(rows) / csv_seconds
    copy_rows_per_s = copied / copy_seconds
    result = {
        "rows": len(rows),
        "rows_per_s": round(rows_per_s),
        "csv_seconds": round(csv_seconds, 2),
        "xlsx_rows_per_s": round(len(rows) / xlsx_seconds),
        "xlsx_seconds": round(xlsx_seconds, 2),
        "copy_rows_per_s": round(copy_rows_per_s),
        "copy_rows": copied,
        "copy_over_pipeline_ratio": round(copy_rows_per_s / rows_per_s, 2),
        "outcomes": {
            "covered": csv_batch.covered_rows,
            "partly_covered": csv_batch.partly_covered_rows,
            "refused": csv_batch.refused_rows,
            "already_declared": csv_batch.duplicate_rows,
        },
        "receivables_page_queries_50_rows": queries_50,
        "receivables_page_queries_1_row": queries_5,
        "durable": durability(),
        "cores": os.cpu_count(),
        "cpu": CPU,
        "parameters": {
            "buyers": len(buyers),
            "chunk_rows": __import__("declarations.services.bulk", fromlist=["CHUNK_ROWS"]).CHUNK_ROWS,
            "database": urlparse(DATABASE_URL).path.lstrip("/"),
            "postgres": server_version(),
        },
    }
    print("RESULT " + json.dumps(result))


def durability() -> dict:
    """Read from the database, not assumed: synchronous_commit as the upload's connection sees it,
    and the foreign keys in force on the declarations and upload-row tables."""
    from django.db import connection

    from declarations.models import DeclarationBatchRow, ShipmentDeclaration

    with connection.cursor() as cur:
        cur.execute("SHOW synchronous_commit")
        sync = cur.fetchone()[0]
        cur.execute(
            "SELECT conrelid::regclass::text, count(*) FROM pg_constraint "
            "WHERE contype = 'f' AND conrelid = ANY(%s::regclass[]) GROUP BY 1",
            [[ShipmentDeclaration._meta.db_table, DeclarationBatchRow._meta.db_table]],
        )
        fks = dict(cur.fetchall())
    fields = [f for f in ShipmentDeclaration._meta.concrete_fields if f.is_relation]
    expected = len(fields)
    found = fks.get(ShipmentDeclaration._meta.db_table, 0)
    return {
        "synchronous_commit": sync,
        "declaration_foreign_keys": found,
        "declaration_references": expected,
        "batch_row_foreign_keys": fks.get(DeclarationBatchRow._meta.db_table, 0),
        "ok": sync == "on" and found == expected,
    }


def server_version() -> str:
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("SHOW server_version")
        return cur.fetchone()[0]


# --- data -------------------------------------------------------------------------------------------


def cleanup() -> None:
    """Remove the previous run's policies and everything declared under them (raw SQL: the ORM
    would load every row to delete it)."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection, transaction

    from declarations.models import DeclarationBatch, DeclarationBatchRow, ShipmentDeclaration
    from limits.models import CreditLimit, CreditLimitChange
    from policies.models import Policy, PremiumRate
    from sinosure_portal.audit.models import AuditEvent

    ids = list(Policy.objects.filter(number__startswith=PREFIX).values_list("pk", flat=True))
    if not ids:
        return
    decl = ShipmentDeclaration._meta.db_table
    ct = ContentType.objects.get_for_model(ShipmentDeclaration).pk
    batch_ct = ContentType.objects.get_for_model(DeclarationBatch).pk
    with transaction.atomic(), connection.cursor() as cur:
        cur.execute(
            f'DELETE FROM "{AuditEvent._meta.db_table}" a USING "{decl}" d '
            "WHERE a.content_type_id = %s AND a.object_id = d.id::text AND d.policy_id = ANY(%s)",
            [ct, ids],
        )
        cur.execute(
            f'DELETE FROM "{DeclarationBatchRow._meta.db_table}" r USING "{DeclarationBatch._meta.db_table}" b '
            "WHERE r.batch_id = b.id AND b.policy_id = ANY(%s)",
            [ids],
        )
        cur.execute(f'DELETE FROM "{decl}" WHERE policy_id = ANY(%s)', [ids])
        batch_ids = list(DeclarationBatch.objects.filter(policy_id__in=ids).values_list("pk", flat=True))
        AuditEvent.objects.filter(
            content_type_id=batch_ct, object_id__in=[str(b) for b in batch_ids]
        ).delete()
        DeclarationBatch.objects.filter(pk__in=batch_ids).delete()
        CreditLimitChange.objects.filter(limit__policy_id__in=ids).delete()
        CreditLimit.objects.filter(policy_id__in=ids).delete()
        PremiumRate.objects.filter(policy_id__in=ids).delete()
        Policy.objects.filter(pk__in=ids).delete()
    connection.ensure_connection()
    old = connection.connection.autocommit
    connection.connection.autocommit = True
    with connection.cursor() as cur:
        for model in (ShipmentDeclaration, DeclarationBatchRow, AuditEvent, CreditLimit):
            cur.execute(f'VACUUM ANALYZE "{model._meta.db_table}"')
    connection.connection.autocommit = old


def build():
    from creditinfo.models import Buyer, Country, IndustryGroup
    from limits.models import CreditLimit, CreditLimitChange
    from policies import rules
    from policies.models import Policy, PremiumRate, Product
    from sinosure_portal.accounts import uscc
    from sinosure_portal.accounts.models import Organisation, Role, User
    from sinosure_portal.money.models import ExchangeRate
    from sinosure_portal.workdays.calendar import today

    on = today()
    exporter, _ = Organisation.objects.get_or_create(
        uscc=uscc.complete("91370200MA3BENCH1"),
        defaults={
            "kind": Organisation.Kind.EXPORTER,
            "name_zh": "基准测试出口有限公司",
            "name_en": "Bench Exporter Ltd",
        },
    )
    user, created = User.objects.get_or_create(
        username="bench-exporter", defaults={"role": Role.EXPORTER, "organisation": exporter}
    )
    if created:
        user.set_password("bench-pass-2026")
        user.save()
    countries = [
        ("DE", "德国", "Germany", 1),
        ("US", "美国", "United States", 2),
        ("TR", "土耳其", "Türkiye", 6),
    ]
    for code, zh, en, risk in countries:
        Country.objects.get_or_create(code=code, defaults={"name_zh": zh, "name_en": en, "risk_class": risk})
    IndustryGroup.objects.get_or_create(
        code="G", defaults={"name_zh": "批发和零售业", "name_en": "Wholesale and retail trade"}
    )
    buyers = []
    for i in range(BUYERS):
        buyer = Buyer.objects.filter(registration_number=f"BENCH-{i:04d}").first()
        if buyer is None:
            buyer = Buyer.objects.create(
                name=f"Bench Buyer {i:04d} GmbH",
                name_en=f"Bench Buyer {i:04d} GmbH",
                country_id=countries[i % 3][0],
                registration_number=f"BENCH-{i:04d}",
                industry_id="G",
            )
        buyers.append(buyer)
    ExchangeRate.objects.bulk_create(
        [
            ExchangeRate(
                currency="EUR", date=on - timedelta(days=d), usd_per_unit=Decimal("1.0850"), source="bench"
            )
            for d in range(0, 30)
        ],
        ignore_conflicts=True,
    )
    policies = {}
    for key in ("csv", "xlsx", "copy"):
        policy = Policy.objects.create(
            number=f"{PREFIX}{key[:2].upper()}{int(time.time()) % 10**8}",
            organisation=exporter,
            product=Product.COMPREHENSIVE,
            period_start=on - timedelta(days=60),
            period_end=rules.default_period_end(on - timedelta(days=60)),
            indemnity_ratio=Decimal("0.90"),
            max_liability_usd=Decimal("900000000"),
        )
        PremiumRate.objects.bulk_create(
            [
                PremiumRate(
                    policy=policy,
                    country_class_from=r.country_class_from,
                    country_class_to=r.country_class_to,
                    payment_term=r.payment_term,
                    credit_days_from=r.credit_days_from,
                    credit_days_to=r.credit_days_to,
                    rate=r.rate,
                )
                for r in rules.default_rate_table(Decimal("0.003"))
            ]
        )
        for i, buyer in enumerate(buyers):
            # most limits are ample, one in ten is small (partial cover, then refusals), one in
            # twenty allows only L/C and O/A (a D/A row is refused)
            # ample for the ~500 shipments of ~USD 10,000 each a buyer gets, except one in ten
            amount = Decimal("2000000") if i % 10 == 0 else Decimal("8000000")
            terms = ["LC", "OA"] if i % 20 == 5 else ["LC", "DP", "DA", "OA"]
            limit = CreditLimit.objects.create(
                number=f"{PREFIX}{key[:2].upper()}{i:04d}",
                policy=policy,
                organisation=exporter,
                buyer=buyer,
                amount_usd=amount,
                payment_terms=terms,
                max_credit_period_days=180,
                effective_date=on - timedelta(days=60),
            )
            CreditLimitChange.objects.create(
                limit=limit,
                kind=CreditLimitChange.Kind.APPROVED,
                notice_date=limit.effective_date,
                applies_from=limit.effective_date,
                amount_after_usd=amount,
                payment_terms_after=terms,
                max_credit_period_after=180,
            )
        policies[key] = policy
    return user, buyers, policies


def generate_rows(buyers) -> list[list[str]]:
    from sinosure_portal.workdays.calendar import today

    rng = random.Random(20261010)
    on = today()
    terms = ["OA"] * 6 + ["DA", "DP", "LC"]
    rows = []
    for i in range(ROWS):
        buyer = buyers[rng.randrange(len(buyers))]
        currency = "EUR" if i % 10 == 3 else "USD"
        amount = Decimal(rng.randrange(50_000, 2_000_000)) / 100
        rows.append(
            [
                f"BX{i:07d}",
                buyer.registration_number if i % 3 else buyer.name,
                (on - timedelta(days=rng.randrange(0, 12))).isoformat(),
                currency,
                str(amount),
                rng.choice(terms),
                str(rng.choice([30, 60, 90, 120])),
                "940360" if i % 7 else "",
                "wooden furniture" if i % 7 else "engineering services",
            ]
        )
    return rows


HEADER = [
    "发票号",
    "买方",
    "出运日期",
    "币种",
    "发票金额",
    "支付方式",
    "信用期限（天）",
    "商品编码",
    "货物或服务描述",
]


def to_csv(rows) -> bytes:
    import csv

    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADER)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def to_xlsx(rows) -> bytes:
    from datetime import date

    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet()
    ws.append(HEADER)
    for r in rows:
        ws.append([r[0], r[1], date.fromisoformat(r[2]), r[3], float(r[4]), r[5], int(r[6]), r[7], r[8]])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


# --- timing ------------------------------------------------------------------------------------------


def backend_cpu() -> float:
    """CPU seconds used so far by this connection's PostgreSQL backend (same machine), so that the
    work can be told apart from the waiting when the machine is busy with other things."""
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("SELECT pg_backend_pid()")
        pid = cur.fetchone()[0]
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return float("nan")


CPU: dict[str, dict] = {}


def declare(user, policy, name, content):
    from declarations.models import DeclarationBatch
    from declarations.services import declaration_batch_submit

    pg_before, py_before = backend_cpu(), time.process_time()
    started = time.perf_counter()
    batch = declaration_batch_submit(actor=user, policy_id=policy.pk, file_name=name, content=content)
    seconds = time.perf_counter() - started
    CPU[name] = {
        "python_cpu_s": round(time.process_time() - py_before, 2),
        "postgres_cpu_s": round(backend_cpu() - pg_before, 2),
        "load_average_1m": round(os.getloadavg()[0], 2),
    }
    batch = DeclarationBatch.objects.get(pk=batch.pk)
    assert batch.status == DeclarationBatch.Status.COMPLETED, (batch.status, batch.error)
    assert batch.processed_rows == batch.total_rows == ROWS
    return batch, seconds


def report(label, batch, seconds) -> None:
    from limits.models import CreditLimit

    over = CreditLimit.objects.filter(
        policy_id=batch.policy_id,
        exposure_usd__gt=__import__("django.db.models", fromlist=["F"]).F("amount_usd"),
    ).count()
    cpu = CPU.get(batch.file_name, {})
    print(
        f"{label}: CPU used: Python {cpu.get('python_cpu_s')} s, PostgreSQL {cpu.get('postgres_cpu_s')} s "
        f"(1-minute load average {cpu.get('load_average_1m')} on {os.cpu_count()} cores)"
    )
    print(
        f"{label}: {batch.total_rows} rows in {seconds:.2f} s = {batch.total_rows / seconds:,.0f} rows/s end to end "
        f"(covered {batch.covered_rows}, partly {batch.partly_covered_rows}, refused {batch.refused_rows}, "
        f"already declared {batch.duplicate_rows}; limits over-committed: {over})"
    )


def plain_copy(batch, policy) -> tuple[int, float]:
    """COPY the declaration rows the CSV run wrote (same values, under another policy so the
    invoice numbers stay unique) into the declarations table, and time only that COPY + commit."""
    from django.db import connection, transaction

    from declarations.engine.write import DECLARATION_COLUMNS
    from declarations.models import ShipmentDeclaration

    table = ShipmentDeclaration._meta.db_table
    cols = [c for c in DECLARATION_COLUMNS if c != "id"]
    select = ", ".join(f"{policy.pk}" if c == "policy_id" else f'"{c}"' for c in cols)
    buffer = io.StringIO()
    with connection.cursor() as cur:
        cur.cursor.copy_expert(
            f'COPY (SELECT {select} FROM "{table}" WHERE batch_id = {batch.pk}) TO STDOUT', buffer
        )
    text = buffer.getvalue()
    n = text.count("\n")
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cur:
        cur.cursor.copy_expert(
            f'COPY "{table}" ({", ".join(chr(34) + c + chr(34) for c in cols)}) FROM STDIN', io.StringIO(text)
        )
    return n, time.perf_counter() - started


def receivables_queries(user) -> tuple[int, int]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    client.force_login(user)
    client.get("/declarations/receivables/")  # warm caches (content types, session)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/declarations/receivables/")
    assert response.status_code == 200 and response.content.count(b'href="/declarations/') >= 50
    fifty = len(ctx.captured_queries)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/declarations/receivables/", {"invoice_number": "BX0000012"})
    assert response.status_code == 200
    return fifty, len(ctx.captured_queries)


if __name__ == "__main__":
    main()
