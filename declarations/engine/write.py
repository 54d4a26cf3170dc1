"""Writing what the cover decided, set-based: the declarations, one audit row each, and the upload's
per-row report of the rows that declared nothing.

On PostgreSQL the rows are COPied into a staging table (a TEMP table ``ON COMMIT DROP`` with the
real table's column types) and moved by one ``INSERT ... SELECT`` into the real table, with every
foreign key, unique index and check constraint in force; the audit rows are made from the rows
just written by one ``INSERT ... SELECT`` through the kernel's ``audit_record_many``. Elsewhere the
ORM's bulk_create writes the same values.
"""

from __future__ import annotations

import io
import json
from decimal import Decimal

from django.db import connection
from django.utils import timezone

from declarations.hooks import DECLARATIONS_WRITTEN
from declarations.models import DeclarationBatchRow, ShipmentDeclaration
from declarations.rows import CheckedRow
from limits.models import CreditLimit
from sinosure_portal.audit.services import audit_record_many
from sinosure_portal.base.hooks import hook_call

S = ShipmentDeclaration.Status

# the columns COPY writes, in order; tests check it names every column of the table
DECLARATION_COLUMNS = [
    "id",
    "policy_id",
    "organisation_id",
    "buyer_id",
    "limit_id",
    "batch_id",
    "batch_row",
    "client_reference",
    "invoice_number",
    "shipment_date",
    "currency",
    "amount",
    "rate_used",
    "amount_usd",
    "payment_term",
    "credit_days",
    "due_date",
    "hs_code",
    "description",
    "destination_id",
    "financing_intent",
    "covered_usd",
    "exposure_usd",
    "reason_code",
    "reason_params",
    "premium_rate",
    "premium_usd",
    "premium_billed_usd",
    "premium_invoice_id",
    "declared_on",
    "declaration_deadline",
    "late",
    "status",
    "paid_amount",
    "paid_usd",
    "settled_on",
    "overdue_since",
    "created_by_id",
    "created_at",
    "updated_at",
]
AUDIT_COLUMNS = [
    "content_type_id",
    "object_id",
    "object_repr",
    "action",
    "from_state",
    "to_state",
    "actor_id",
    "actor_organisation_id",
    "at",
    "reason",
    "reason_kind",
    "reason_params",
    "data",
]
REPORT_COLUMNS = [
    "batch_id",
    "row_number",
    "invoice_number",
    "buyer_text",
    "outcome",
    "reason_code",
    "reason_params",
    "late",
    "amount_usd",
    "covered_usd",
    "premium_usd",
]


def use_copy() -> bool:
    return connection.vendor == "postgresql"


def _esc(text: str) -> str:
    if not text:
        return ""
    if "\\" in text or "\t" in text or "\n" in text or "\r" in text:
        return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    return text


def _json(params: dict) -> str:
    return _esc(json.dumps(params, ensure_ascii=False)) if params else "{}"


def staged_insert(table: str, columns: list[str], text: str, returning: str = "") -> list[tuple]:
    """COPY ``text`` into a staging table shaped like ``table`` (its columns' types, no rows, dropped
    at commit), then move the rows into ``table`` with one INSERT ... SELECT: every constraint of
    the real table applies to every row. Returns the RETURNING rows."""
    names = ", ".join(f'"{c}"' for c in columns)
    stage = f"{table}_staging"
    with connection.cursor() as cursor, connection.wrap_database_errors:
        cursor.execute(f'DROP TABLE IF EXISTS pg_temp."{stage}"')
        cursor.execute(
            f'CREATE TEMP TABLE "{stage}" ON COMMIT DROP AS SELECT {names} FROM "{table}" WITH NO DATA'  # noqa: S608
        )
        cursor.cursor.copy_expert(f'COPY "{stage}" ({names}) FROM STDIN', io.StringIO(text))
        tail = f" RETURNING {returning}" if returning else ""
        cursor.execute(f'INSERT INTO "{table}" ({names}) SELECT {names} FROM "{stage}"{tail}')  # noqa: S608
        found = cursor.fetchall() if returning else []
        cursor.execute(f'DROP TABLE "{stage}"')
    return found


# --- declarations ---------------------------------------------------------------------------------------


def copy_fragments(engine):
    """Build, where rows are checked, the parts of each row's COPY line that do not depend on its
    cover, so that the writer (holding the limits' locks) only adds the cover and the status."""
    policy = engine.policy
    head = f"{policy.pk}\t{policy.organisation_id}\t"
    batch_part = f"\t{engine.batch.pk}\t" if engine.batch else "\t\\N\t"
    billed = "\t0.00\t\\N\t" + engine.declared_on.isoformat() + "\t"
    who = f"{engine.actor_id}" if engine.actor_id else "\\N"
    engine.copy_end = f"\t0.00\t0.00\t\\N\t\\N\t{who}\t{engine.now_text}\t{engine.now_text}\n"
    numbered = engine.batch is not None

    def prepare(rows: list) -> None:
        for row in rows:
            if row.__class__ is not CheckedRow:
                continue
            number = row.row_number if numbered else "\\N"
            row.copy_head = (
                f"{head}{row.buyer.id}\t{row.limit_id}{batch_part}{number}\t{_esc(row.client_reference)}\t"
                f"{_esc(row.invoice_number)}\t{row.shipment_date.isoformat()}\t{row.currency}\t{row.amount}\t"
                f"{row.rate}\t{row.amount_usd}\t{row.payment_term}\t{row.credit_days}\t{row.due_date.isoformat()}\t"
                f"{row.hs_code}\t{_esc(row.description)}\t{row.destination}\t{'t' if row.financing else 'f'}\t"
            )
            row.copy_tail = f"{row.premium_rate}\t{row.premium_usd}{billed}{row.deadline.isoformat()}\t{'t' if row.late else 'f'}\t"

    return prepare


def copy_text(declared: list, copy_end: str) -> str:
    """The COPY text of the declared rows, from the fragments built when they were checked."""
    return "".join(
        [
            f"{row.copy_head}{covered}\t{covered}\t{code}\t{_json(params) if code else '{}'}\t{row.copy_tail}"
            f"{'partly_covered' if code else 'covered'}{copy_end}"
            for row, covered, code, params in declared
        ]
    )


def insert_declarations(engine, declared: list, text: str | None = None) -> dict[str, int]:
    """Write the declarations; returns their ids by invoice number (unique per policy)."""
    if not declared:
        return {}
    if use_copy():
        text = text if text is not None else copy_text(declared, engine.copy_end)
        found = staged_insert(
            ShipmentDeclaration._meta.db_table, DECLARATION_COLUMNS[1:], text, returning="invoice_number, id"
        )
        return dict(found)
    objs = [_declaration(engine, *item) for item in declared]
    ShipmentDeclaration.objects.bulk_create(objs, batch_size=1000)
    return {o.invoice_number: o.pk for o in objs}


def _declaration(engine, row, covered, code, params) -> ShipmentDeclaration:
    policy = engine.policy
    return ShipmentDeclaration(
        policy_id=policy.pk,
        organisation_id=policy.organisation_id,
        buyer_id=row.buyer.id,
        limit_id=row.limit_id,
        batch_id=engine.batch.pk if engine.batch else None,
        batch_row=row.row_number if engine.batch else None,
        client_reference=row.client_reference,
        invoice_number=row.invoice_number,
        shipment_date=row.shipment_date,
        currency=row.currency,
        amount=row.amount,
        rate_used=row.rate,
        amount_usd=row.amount_usd,
        payment_term=row.payment_term,
        credit_days=row.credit_days,
        due_date=row.due_date,
        hs_code=row.hs_code,
        description=row.description,
        destination_id=row.destination,
        financing_intent=row.financing,
        covered_usd=covered,
        exposure_usd=covered,
        reason_code=code,
        reason_params=params if code else {},
        premium_rate=row.premium_rate,
        premium_usd=row.premium_usd,
        declared_on=engine.declared_on,
        declaration_deadline=row.deadline,
        late=row.late,
        status=S.PARTLY_COVERED if code else S.COVERED,
        created_by_id=engine.actor_id,
        created_at=engine.now,
        updated_at=engine.now,
    )


# --- audit rows -------------------------------------------------------------------------------------------


def insert_audit(engine, ids: list[int]) -> None:
    """One audit row per declaration (who, when, to which state, the amounts and the reason), made
    by the kernel's audit_record_many."""
    if not ids:
        return
    who = {"actor_id": engine.actor_id, "actor_organisation_id": engine.actor_org_id, "at": engine.now}
    if use_copy():
        table = ShipmentDeclaration._meta.db_table
        limits = CreditLimit._meta.db_table
        select = (
            "SELECT d.id::text, left(d.invoice_number, 200), 'shipment_declaration.' || d.status, '', d.status, '', "  # noqa: S608
            "jsonb_build_object('amount_usd', d.amount_usd::text, 'covered_usd', d.covered_usd::text, "
            "'limit', l.number, 'late', d.late, 'reason', d.reason_code, 'batch', d.batch_id, 'row', d.batch_row) "
            f'FROM "{table}" d JOIN "{limits}" l ON l.id = d.limit_id WHERE d.id = ANY(%s) ORDER BY d.id'
        )
        written = audit_record_many(ShipmentDeclaration, **who, select=select, params=[ids])
    else:
        rows = ShipmentDeclaration.objects.filter(pk__in=ids).select_related("limit").order_by("pk")
        written = audit_record_many(ShipmentDeclaration, **who, rows=[_audit_row(d) for d in rows])
    if written != len(ids):
        raise RuntimeError(f"audit rows: {written} written for {len(ids)} declarations")


def _audit_row(d: ShipmentDeclaration) -> dict:
    return {
        "object_id": d.pk,
        "object_repr": d.invoice_number,
        "action": f"shipment_declaration.{d.status}",
        "to_state": d.status,
        "data": {
            "amount_usd": str(d.amount_usd),
            "covered_usd": str(d.covered_usd),
            "limit": d.limit.number,
            "late": d.late,
            "reason": d.reason_code,
            "batch": d.batch_id,
            "row": d.batch_row,
        },
    }


# --- the upload's report ------------------------------------------------------------------------------------


def insert_report(batch_id: int, report: list[tuple]) -> None:
    """The rows of an upload that declared nothing (refused, already declared), with their reasons
    (the declared ones are in the report as the declarations themselves)."""
    if not report:
        return
    if not use_copy():
        DeclarationBatchRow.objects.bulk_create([_report_row(batch_id, r) for r in report], batch_size=2000)
        return
    null = "\\N"
    lines = [
        f"{batch_id}\t{number}\t{_esc(invoice[:64])}\t{_esc(buyer[:255])}\t{outcome}\t{code or ''}\t"
        f"{_json(params) if params else '{}'}\t{'t' if late else 'f'}\t"
        f"{amount if amount is not None else null}\t{covered if covered is not None else '0.00'}\t"
        f"{premium if premium is not None else '0.00'}\n"
        for number, invoice, buyer, outcome, code, params, late, amount, covered, premium, *_rest in report
    ]
    staged_insert(DeclarationBatchRow._meta.db_table, REPORT_COLUMNS, "".join(lines))


def _report_row(batch_id: int, r: tuple) -> DeclarationBatchRow:
    number, invoice, buyer, outcome, code, params, late, amount, covered, premium, *_rest = r
    return DeclarationBatchRow(
        batch_id=batch_id,
        row_number=number,
        invoice_number=invoice[:64],
        buyer_text=buyer[:255],
        outcome=outcome,
        reason_code=code or "",
        reason_params=params or {},
        late=late,
        amount_usd=amount,
        covered_usd=covered or Decimal("0.00"),
        premium_usd=premium or Decimal("0.00"),
    )


def announce(ids: list[int]) -> None:
    """Announce the declarations just written, once, in their transaction (single declarations and
    upload chunks alike): the apps subscribed to DECLARATIONS_WRITTEN (financing's coverage notices)
    record their reactions in the outbox, delivered after commit and dropped with a rollback."""
    if ids:
        hook_call(DECLARATIONS_WRITTEN, declaration_ids=sorted(ids))


def now_text() -> tuple:
    now = timezone.now()
    return now, now.isoformat()
