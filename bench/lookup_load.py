"""The traffic-light look-up under load, through gunicorn (issue 16 item 8).

    make bench-lookup        (or: .venv/bin/python bench/lookup_load.py --buyers 1000000)

Uses the buyers of ``bench/creditinfo_lookup.py`` (1,000,000 by default, loaded on first use in
DATABASE_URL, default .../sinosure_bench), starts gunicorn on 127.0.0.1 against that database
and a Redis database of its own, then runs a bounded load generator on the same machine: 1, 8
and 32 clients (threads, each with its own keep-alive connection and the bench exporter's API
key), each level for ``--seconds`` after a short warm-up. The queries are what people type (a name
with a typo, the first words, the Chinese name, a registration number) drawn from a pool of
``--distinct`` different queries, so repeated look-ups happen as they do in a working day. Every
answer is checked (200, JSON with a ``match``). Printed per level: requests/s, p50/p95/p99 in
milliseconds and errors; the last line is ``RESULT {json}``.

The per-user request limit is raised for the bench's server only (PORTAL_THROTTLE_READ): the
limit is still checked on every request, one client simply asks more than a person would.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sinosure_portal.settings")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/sinosure_bench")
os.environ.setdefault("DJANGO_SECRET_KEY", "bench-" + secrets.token_urlsafe(40))
os.environ.setdefault("PORTAL_HTTPS", "false")
os.environ.setdefault("LOG_LEVEL", "WARNING")


def prepare(args) -> tuple[str, list[str]]:
    """The bench buyers (loaded if missing), an API key, and the pool of query URLs."""
    import creditinfo_lookup as loader

    loader.ARGS = argparse.Namespace(reload=False)
    loader.ensure_database(os.environ["DATABASE_URL"])
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    countries = loader.ensure_reference_data()
    rng = random.Random(args.seed)
    sample, _seconds, reused = loader.load_buyers(args.buyers, countries, rng)
    from creditinfo.models import NameWordFrequency
    from creditinfo.services import name_words_refresh

    if not reused or not NameWordFrequency.objects.exists():
        name_words_refresh()
    token = loader.bench_user()
    qrng = random.Random(args.seed + 1)
    names = [q for q, _ in loader.name_queries(qrng, sample, args.distinct * 3 // 4)]
    regnos = [qrng.choice(sample)["regno"] for _ in range(args.distinct - len(names))]
    pool = ["/api/v1/creditinfo/lookup/?" + urlencode({"q": q}) for q in names + regnos]
    return token, pool


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(args, port: int) -> subprocess.Popen:
    env = {
        **os.environ,
        "REDIS_URL": args.redis_url,
        "PORTAL_THROTTLE_READ": "10000000/min",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_CONN_MAX_AGE": "600",  # a gthread worker keeps its connection, as production does
    }
    proc = subprocess.Popen(
        [str(Path(sys.executable).with_name("gunicorn")), "sinosure_portal.wsgi:application"]
        + ["--bind", f"127.0.0.1:{port}", "--workers", str(args.workers), "--threads", str(args.threads)]
        + ["--worker-class", "gthread", "--keep-alive", "30", "--log-level", "warning"],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            c.request("GET", "/healthz")
            if c.getresponse().status == 200:
                return proc
        except OSError:
            time.sleep(0.3)
    os.killpg(proc.pid, signal.SIGTERM)
    raise SystemExit("gunicorn did not start")


def run_level(port: int, token: str, pool: list[str], clients: int, seconds: float, warmup: float) -> dict:
    latencies: list[list[float]] = [[] for _ in range(clients)]
    errors = [0] * clients
    start_at = time.monotonic() + 0.5
    measure_from = start_at + warmup
    stop_at = measure_from + seconds

    def client(i: int):
        rng = random.Random(i)
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        headers = {"Authorization": f"Bearer {token}", "Accept": "application/json"}
        while time.monotonic() < start_at:
            time.sleep(0.01)
        while True:
            now = time.monotonic()
            if now >= stop_at:
                break
            url = rng.choice(pool)
            t0 = time.perf_counter()
            try:
                conn.request("GET", url, headers=headers)
                response = conn.getresponse()
                body = response.read()
                ok = response.status == 200 and b'"match"' in body
            except (OSError, http.client.HTTPException):
                ok = False
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            elapsed = (time.perf_counter() - t0) * 1000
            if now >= measure_from:
                latencies[i].append(elapsed)
                if not ok:
                    errors[i] += 1
        conn.close()

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    samples = sorted(x for per in latencies for x in per)

    def pct(p: float) -> float:
        return round(samples[min(len(samples) - 1, int(len(samples) * p))], 1) if samples else 0.0

    return {
        "clients": clients,
        "requests": len(samples),
        "requests_per_second": round(len(samples) / seconds, 1),
        "p50_ms": round(statistics.median(samples), 1) if samples else 0.0,
        "p95_ms": pct(0.95),
        "p99_ms": pct(0.99),
        "errors": sum(errors),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--buyers", type=int, default=1_000_000)
    parser.add_argument("--levels", default="1,8,32")
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--warmup", type=float, default=3.0)
    parser.add_argument("--distinct", type=int, default=2000, help="different queries in the pool")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--redis-url", default=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/14"))
    args = parser.parse_args()
    token, pool = prepare(args)
    port = free_port()
    server = start_server(args, port)
    levels = []
    try:
        for clients in (int(c) for c in args.levels.split(",")):
            level = run_level(port, token, pool, clients, args.seconds, args.warmup)
            levels.append(level)
            print(
                f"{clients:>3} clients: {level['requests_per_second']:>7} req/s  p50 {level['p50_ms']} ms  "
                f"p95 {level['p95_ms']} ms  p99 {level['p99_ms']} ms  errors {level['errors']}",
                flush=True,
            )
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(30)
    top = levels[-1]
    result = {
        "levels": levels,
        "bar": {"requests_per_second": 300, "p95_ms": 150, "clients": 32},
        "bar_met": top["clients"] == 32 and top["requests_per_second"] >= 300 and top["p95_ms"] < 150,
        "cores": os.cpu_count(),
        "buyers": args.buyers,
        "seconds_per_level": args.seconds,
        "distinct_queries": args.distinct,
        "gunicorn": {"workers": args.workers, "threads": args.threads, "worker_class": "gthread"},
    }
    print("RESULT " + json.dumps(result))


if __name__ == "__main__":
    main()
