"""Benchmark of the bank's pages at scale: the dashboard and the bank's receivables list (and its
API) with 1,000,000 declarations on 1,000 policies, of which the bank holds indemnity assignments
on 20 whole policies and one buyer-scoped agreement, a receivable transfer of 500 declarations
elsewhere and loans against 200 more.

    make bench-bank      (database: DATABASE_URL_BANK, default .../sinosure_bench_bank)

Declarations are generated set-based in SQL from one template made with the factories (every
constraint in force). Each page is requested through Django's test client as the bank's officer,
warm (5 untimed requests first), BENCH_REPEAT times; p50/p95 in milliseconds are printed with the
plan PostgreSQL chose for the receivables count. The last line is ``RESULT {json}``.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
import benchdb  # noqa: E402 - the scripts share it (bench/benchdb.py)

URL = os.environ.get("DATABASE_URL_BANK", "postgres://postgres@127.0.0.1:5432/sinosure_bench_bank")
os.environ["DATABASE_URL"] = URL
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sinosure_portal.settings_test")
os.environ.setdefault("PORTAL_MEDIA_ROOT", tempfile.mkdtemp(prefix="bench-bank-media-"))
os.environ["CELERY_TASK_ALWAYS_EAGER"] = "1"
os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.dummy.EmailBackend")
DECLARATIONS = int(os.environ.get("BENCH_DECLARATIONS", "1000000"))
POLICIES = int(os.environ.get("BENCH_POLICIES", "1000"))
REPEAT = int(os.environ.get("BENCH_REPEAT", "30"))
BANK_POLICIES = 20


def build():
    from datetime import timedelta
    from decimal import Decimal

    from django.db import connection

    from declarations.models import ShipmentDeclaration
    from financing.models import Loan, LoanReceivable, ReceivableAssignment, ReceivableAssignmentItem
    from policies.models import Policy
    from sinosure_portal.workdays.calendar import today
    from tests.factories import BuyerFactory
    from tests.factories.declarations import ShipmentDeclarationFactory
    from tests.factories.financing import IndemnityAssignmentFactory, financing_setup

    setup = financing_setup()
    template = ShipmentDeclarationFactory(limit=setup.limit, invoice_number="BB-TEMPLATE")
    on = today()
    pcols, pexprs = benchdb.copy_sql(Policy, {"number": "'BBK' || g"})
    dcols, dexprs = benchdb.copy_sql(
        ShipmentDeclaration,
        {
            "policy_id": "ids[1 + g %% cardinality(ids)]",
            "invoice_number": "'BB' || g",
            "client_reference": "''",
            "due_date": f"DATE '{on.isoformat()}' - 120 + (g %% 271)",
            "status": "CASE WHEN g %% 271 < 90 THEN 'overdue' WHEN g %% 7 = 0 THEN 'settled' ELSE 'covered' END",
            "overdue_since": f"CASE WHEN g %% 271 < 90 THEN DATE '{on.isoformat()}' - 120 + (g %% 271) + 1 END",
            "exposure_usd": "0",
        },
    )
    with connection.cursor() as cur:
        cur.execute(
            f"INSERT INTO {Policy._meta.db_table} ({pcols}) SELECT {pexprs} "  # noqa: S608
            f"FROM {Policy._meta.db_table} t, generate_series(1, %s) g WHERE t.id = %s",
            [POLICIES - 1, setup.policy.pk],
        )
        cur.execute(
            f"WITH p AS (SELECT array_agg(id) ids FROM {Policy._meta.db_table} WHERE id = %s OR number LIKE 'BBK%%') "  # noqa: S608
            f"INSERT INTO {ShipmentDeclaration._meta.db_table} ({dcols}) SELECT {dexprs} "
            f"FROM {ShipmentDeclaration._meta.db_table} t, p, generate_series(1, %s) g WHERE t.id = %s",
            [setup.policy.pk, DECLARATIONS - 1, template.pk],
        )
    others = list(Policy.objects.filter(number__startswith="BBK").order_by("pk").values_list("pk", flat=True))
    for pk in others[: BANK_POLICIES - 1]:  # the setup's agreement is the 20th whole-policy one
        IndemnityAssignmentFactory(policy_id=pk, bank=setup.bank, organisation=setup.exporter.organisation)
    scoped = IndemnityAssignmentFactory(
        policy_id=others[BANK_POLICIES],
        bank=setup.bank,
        organisation=setup.exporter.organisation,
        scope="buyers",
    )
    scoped.buyers.add(setup.limit.buyer_id, BuyerFactory().pk)
    far = others[BANK_POLICIES + 1 :]
    transfer = ReceivableAssignment.objects.create(
        organisation=setup.exporter.organisation, bank=setup.bank, status="accepted", number="RA-BENCH"
    )
    moved = list(
        ShipmentDeclaration.objects.filter(policy_id__in=far[:50]).values_list("pk", flat=True)[:500]
    )
    ReceivableAssignmentItem.objects.bulk_create(
        ReceivableAssignmentItem(assignment=transfer, declaration_id=pk, active=True) for pk in moved
    )
    loan = Loan.objects.create(
        number="LN-BENCH",
        bank=setup.bank,
        organisation=setup.exporter.organisation,
        currency="USD",
        amount=Decimal("20000"),
        rate_used=Decimal("1"),
        amount_usd=Decimal("20000"),
        financeable_usd=Decimal("20000"),
        loan_date=on - timedelta(days=10),
        maturity_date=on + timedelta(days=80),
    )
    lent = list(
        ShipmentDeclaration.objects.filter(policy_id__in=far[50:100]).values_list("pk", flat=True)[:200]
    )
    LoanReceivable.objects.bulk_create(
        LoanReceivable(
            loan=loan,
            declaration_id=pk,
            open=True,
            covered_usd=Decimal("100"),
            financing_ratio=Decimal("0.8"),
            financeable_usd=Decimal("80"),
        )
        for pk in lent
    )
    with connection.cursor() as cur:
        cur.execute("ANALYZE")
    return setup


def _time(client, url: str) -> dict:
    for _ in range(5):
        assert client.get(url).status_code == 200, url
    samples = []
    for _ in range(REPEAT):
        started = time.perf_counter()
        response = client.get(url)
        samples.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, url
    samples.sort()
    return {
        "p50_ms": round(statistics.median(samples), 1),
        "p95_ms": round(samples[max(0, int(len(samples) * 0.95) - 1)], 1),
    }


def main() -> None:
    benchdb.ensure_database(URL)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from financing import selectors
    from sinosure_portal.workdays.calendar import today

    call_command("migrate", verbosity=0)
    with connection.cursor() as cur:
        cur.execute("SELECT count(*) FROM declarations_shipmentdeclaration")
        if cur.fetchone()[0]:
            call_command("flush", interactive=False, verbosity=0)
    started = time.perf_counter()
    setup = build()
    print(
        f"built {DECLARATIONS} declarations on {POLICIES} policies in {time.perf_counter() - started:.1f} s",
        flush=True,
    )
    officer = setup.bank_officer
    visible = selectors.bank_receivables(officer, today())
    count = visible.count()
    sql, params = visible.order_by().values("pk").query.sql_with_params()
    with connection.cursor() as cur:
        cur.execute("SET jit = off")
        cur.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) SELECT count(*) FROM ({sql}) q", params)  # noqa: S608
        plan = cur.fetchone()[0][0]
    kinds = sorted(set(_node_types(plan["Plan"])))
    print(
        f"the bank sees {count} receivables; plan nodes: {', '.join(kinds)}; "
        f"{plan['Execution Time']:.1f} ms to count",
        flush=True,
    )
    client = Client()
    client.force_login(officer)
    figures = {}
    for name, url in (
        ("dashboard", "/"),
        ("receivables_page", "/financing/receivables/"),
        ("receivables_api", "/api/v1/financing/receivables/"),
    ):
        figures[name] = _time(client, url)
        print(f"  {name}: p50 {figures[name]['p50_ms']} ms, p95 {figures[name]['p95_ms']} ms", flush=True)
    result = {
        "pages": figures,
        "bank_receivables": count,
        "seq_scan_on_declarations": "Seq Scan" in kinds and _seq_scans(plan["Plan"]),
        "plan_nodes": kinds,
        "cores": os.cpu_count(),
        "declarations": DECLARATIONS,
        "policies": POLICIES,
        "repeat": REPEAT,
    }
    print("RESULT " + json.dumps(result))


def _node_types(node: dict):
    yield node["Node Type"]
    for child in node.get("Plans", []):
        yield from _node_types(child)


def _seq_scans(node: dict) -> bool:
    if node["Node Type"] == "Seq Scan" and node.get("Relation Name") == "declarations_shipmentdeclaration":
        return True
    return any(_seq_scans(c) for c in node.get("Plans", []))


if __name__ == "__main__":
    main()
