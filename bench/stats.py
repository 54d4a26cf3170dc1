"""Benchmark of the statistics page and its API at 1,000,000 declarations (issue 17 item 1).

    make bench-stats      (database: DATABASE_URL_BANK, the data of bench/bank_dashboard.py, built if missing)

As the insured who declared every shipment, as an underwriter (who sees everything) and as the
bank, GET /stats/ (every section of the role: its queries, charts and tables) and each section's
/api/v1/stats/<key>/, with no filter and with a year's date range and one policy, through Django's
test client (session auth, the real middleware and DRF), warm, BENCH_REPEAT times each. Prints
p50/p95 in milliseconds; the last line is ``RESULT {json}``.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
import bank_dashboard as data  # noqa: E402 - sets the bench database's environment first

REPEAT = int(os.environ.get("BENCH_REPEAT", "10"))


def _measure(client, url: str, params: dict) -> dict:
    def once() -> float:
        started = time.perf_counter()
        response = client.get(url, params)
        elapsed = (time.perf_counter() - started) * 1000
        assert response.status_code == 200, (url, response.status_code, response.content[:300])
        return elapsed

    once()  # warm
    samples = sorted(once() for _ in range(REPEAT))
    return {
        "p50_ms": round(statistics.median(samples), 1),
        "p95_ms": round(samples[max(0, int(len(samples) * 0.95) - 1)], 1),
    }


def _underwriter():
    from sinosure_portal.accounts import uscc
    from sinosure_portal.accounts.models import Organisation, Role, User

    found = User.objects.filter(role=Role.UNDERWRITER).order_by("id").first()
    if found:
        return found
    insurer, _ = Organisation.objects.get_or_create(
        uscc=uscc.complete("91110000MA3BENCH2"),
        defaults={
            "kind": Organisation.Kind.INSURER,
            "name_zh": "中国出口信用保险公司",
            "name_en": "Sinosure",
        },
    )
    return User.objects.create(username="bench-underwriter", role=Role.UNDERWRITER, organisation=insurer)


def main() -> None:
    data.benchdb.ensure_database(data.URL)
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client

    from declarations.models import ShipmentDeclaration
    from sinosure_portal.accounts.models import Role, User
    from sinosure_portal.core import stats
    from sinosure_portal.workdays.calendar import today

    call_command("migrate", verbosity=0)
    if ShipmentDeclaration.objects.count() < data.DECLARATIONS:
        call_command("flush", interactive=False, verbosity=0)
        data.build()
    exporter = User.objects.filter(role=Role.EXPORTER).order_by("id").first()
    bank = User.objects.filter(role=Role.BANK).order_by("id").first()
    policy = (
        ShipmentDeclaration.objects.filter(organisation=exporter.organisation).values("policy_id").first()
    )
    on = today()
    filtered = {"date_from": on.replace(year=on.year - 1).isoformat(), "date_to": on.isoformat()}
    figures: dict[str, dict] = {}
    worst_page = 0.0
    for name, reader in (("exporter", exporter), ("underwriter", _underwriter()), ("bank", bank)):
        client = Client()
        client.force_login(reader)
        sets = {"all": {}, "year": filtered}
        if name == "exporter":
            sets["year_policy"] = {**filtered, "policy": policy["policy_id"]}
        for label, params in sets.items():
            page = _measure(client, "/stats/", params)
            figures[f"{name}.page.{label}"] = page
            worst_page = max(worst_page, page["p95_ms"])
            print(
                f"  {name:<11} /stats/ {label:<12} p50 {page['p50_ms']:8.1f} ms  p95 {page['p95_ms']:8.1f} ms",
                flush=True,
            )
        for section in stats.sections_for(reader):
            api = _measure(client, f"/api/v1/stats/{section.key}/", {})
            figures[f"{name}.api.{section.key}"] = api
            print(
                f"  {name:<11} {section.key:<28} p50 {api['p50_ms']:8.1f} ms  p95 {api['p95_ms']:8.1f} ms",
                flush=True,
            )
    result = {
        "figures": figures,
        "worst_page_p95_ms": round(worst_page, 1),
        "declarations": ShipmentDeclaration.objects.count(),
        "cores": os.cpu_count(),
        "repeat": REPEAT,
    }
    print("RESULT " + json.dumps(result))


if __name__ == "__main__":
    main()
