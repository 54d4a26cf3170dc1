"""What the benchmark scripts share: their PostgreSQL database, created when missing, and the SQL
that copies a template row many times with some columns overridden (set-based generation)."""

from __future__ import annotations


def ensure_database(url: str) -> None:
    """Create the PostgreSQL database ``url`` names unless it exists."""
    import dj_database_url
    import psycopg2

    cfg = dj_database_url.parse(url)
    if cfg["ENGINE"] != "django.db.backends.postgresql":
        raise SystemExit("the benchmark needs PostgreSQL (DATABASE_URL=postgres://...)")
    conn = psycopg2.connect(
        dbname="postgres",
        user=cfg["USER"] or "postgres",
        password=cfg["PASSWORD"] or None,
        host=cfg["HOST"] or "127.0.0.1",
        port=cfg["PORT"] or 5432,
    )
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", [cfg["NAME"]])
        if cur.fetchone() is None:
            cur.execute(f'CREATE DATABASE "{cfg["NAME"]}"')
    conn.close()


def copy_sql(model, overrides: dict[str, str]) -> tuple[str, str]:
    """(column list, expression list) copying a row ``t`` of ``model`` with ``overrides`` applied."""
    cols, exprs = [], []
    for f in model._meta.concrete_fields:
        if f.primary_key:
            continue
        cols.append(f'"{f.column}"')
        exprs.append(overrides.get(f.column, f't."{f.column}"'))
    return ", ".join(cols), ", ".join(exprs)
