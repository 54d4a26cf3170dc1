"""Bulk declarations: an uploaded CSV or XLSX file, or rows sent through the API, up to 100,000.

Set-based from end to end:

1. the file is read and every row checked in Python against facts fetched once (the policy's limits
   and their buyers, the exchange rates of every (currency, day) pair, the premium table, the
   buyers under a possible-loss notice);
2. the rows are then declared in chunks, each chunk in ONE transaction: the chunk's limits are
   locked (SELECT ... FOR UPDATE, in id order, the same lock the single declaration takes), the
   cover is allocated in row order with the same rules (``declarations.rules.cover_one`` over
   ``limits.rules``), and the declarations, their audit rows and the per-row report are written
   with COPY on PostgreSQL (bulk_create elsewhere), the limits' exposure with one UPDATE, the
   upload's progress with another.

A crash leaves whole chunks applied or not; running the upload again resumes after the last
committed chunk. Uploading the same file again declares nothing twice: the invoice number is unique
per policy, and a repeated row is reported as already declared.
"""

from __future__ import annotations

import hashlib
import io
import json
import logging
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from creditinfo.models import Country, normalise_name, registration_key
from declarations import rules
from declarations.models import DeclarationBatch, DeclarationBatchRow, ShipmentDeclaration
from declarations.reasons import reason_text
from declarations.rows import (
    BuyerFact,
    CheckedRow,
    FileProblem,
    RefusedRow,
    RowChecker,
    read_header,
    read_table,
    rows_to_csv,
)
from declarations.rows import file_kind as detect_kind
from declarations.selectors import buyers_with_loss_notice
from declarations.services.declare import declaring_policy
from declarations.workflow import batch_workflow
from limits import rules as limit_rules
from limits.models import CreditLimit, CreditLimitChange
from policies import rules as policy_rules
from policies.models import Policy, PremiumRate
from sinosure_portal.audit.services import audit_record, audit_record_many
from sinosure_portal.core.errors import DomainError
from sinosure_portal.money.currency import iso_currencies
from sinosure_portal.money.services import rates_to_usd
from sinosure_portal.notifications.services import notify
from sinosure_portal.workdays.calendar import today as shanghai_today

log = logging.getLogger(__name__)

CHUNK_ROWS = 5000
MAX_ROWS = 100_000
Outcome = DeclarationBatchRow.Outcome
S = ShipmentDeclaration.Status

FILE_PROBLEMS = {
    "missing_columns": _(
        "The file has no column for: %(columns)s. Download the template to see the columns."
    ),
    "empty": _("The file has no header row."),
    "unreadable": _("The file cannot be read as CSV or Excel (%(error)s)."),
    "too_many_rows": _("A file may hold at most %(max)s rows; this one has %(rows)s."),
}


def _file_problem(problem: FileProblem) -> DomainError:
    params = dict(problem.params)
    if "columns" in params:
        from declarations.reasons import column_label

        params["columns"] = ", ".join(column_label(c) for c in params["columns"])
    return DomainError(problem.code, FILE_PROBLEMS[problem.code], field="file", **params)


# --- submitting ---------------------------------------------------------------------------------------


def declaration_batch_submit(
    *, actor, policy_id: int, file_name: str, content: bytes, source: str | None = None
) -> DeclarationBatch:
    """Store an upload and queue it; the background worker declares its rows. The header is checked
    at once, so a file without the needed columns is refused before anything is queued."""
    policy = declaring_policy(actor, policy_id)
    if not content:
        raise DomainError("empty", FILE_PROBLEMS["empty"], field="file")
    kind = detect_kind(file_name, content)
    try:
        read_header(file_name, content)
    except FileProblem as problem:
        raise _file_problem(problem) from problem
    digest = hashlib.sha256(content).hexdigest()
    with transaction.atomic():
        batch = DeclarationBatch(
            policy=policy,
            organisation_id=policy.organisation_id,
            source=source or kind,
            file_name=(file_name or f"{source or kind}-upload")[:200],
            file_sha256=digest,
            created_by=actor if getattr(actor, "pk", None) else None,
        )
        batch.file.save(f"{digest[:16]}.{kind}", ContentFile(content), save=False)
        batch.save()
        audit_record(batch, action="declaration_batch.queued", actor=actor, to_state=batch.status)
        transaction.on_commit(lambda: batch_enqueue(batch.pk))
    return batch


def declaration_batch_submit_rows(*, actor, policy_id: int, rows: list[dict]) -> DeclarationBatch:
    """An API batch: the rows become a CSV with the API's keys and follow the upload's path."""
    if len(rows) > MAX_ROWS:
        raise DomainError(
            "too_many_rows", FILE_PROBLEMS["too_many_rows"], field="rows", max=MAX_ROWS, rows=len(rows)
        )
    return declaration_batch_submit(
        actor=actor,
        policy_id=policy_id,
        file_name=f"api-{timezone.now():%Y%m%d-%H%M%S}.csv",
        content=rows_to_csv(rows),
        source=DeclarationBatch.Source.API,
    )


def batch_enqueue(batch_id: int) -> None:
    """Hand the batch to the worker (or run it here when tasks run eagerly, as in tests)."""
    if getattr(settings, "CELERY_TASK_ALWAYS_EAGER", False):
        declaration_batch_process(batch_id=batch_id)
        return
    from declarations.tasks import process_batch

    try:
        process_batch.delay(batch_id)
    except Exception:  # noqa: BLE001 - the broker may be down; the page offers to start it again
        log.exception("could not queue declaration batch %s", batch_id)


def declaration_batch_retry(*, actor, batch_id: int) -> DeclarationBatch:
    """The uploader starts a failed or stuck upload again; it resumes after its last committed chunk.
    A failed upload goes back to queued through the batch workflow (audited); a stuck one keeps its
    state and the retry is audited as an act on it."""
    with transaction.atomic():
        batch = DeclarationBatch.objects.select_for_update().get(pk=batch_id)
        if actor.organisation_id != batch.organisation_id:
            raise DomainError("batch_not_found", _("No such upload."))
        if batch.status == DeclarationBatch.Status.COMPLETED:
            raise DomainError("batch_completed", _("This upload is already complete."))
        if batch.status == DeclarationBatch.Status.RUNNING and not batch.stuck:
            raise DomainError("batch_in_progress", _("This upload is still in progress."))
        _requeue(batch, actor=actor, reason="retry")
    return batch


def _requeue(batch: DeclarationBatch, *, actor, reason: str) -> None:
    """Queue the upload again (inside the caller's transaction, the batch row locked)."""
    if batch.status == DeclarationBatch.Status.FAILED:
        batch_workflow.transition(batch, to=DeclarationBatch.Status.QUEUED, actor=actor, reason=reason)
    else:
        batch.save(update_fields=["updated_at"])  # not stuck again until the next N minutes pass
        audit_record(
            batch,
            action="declaration_batch.requeued",
            actor=actor,
            from_state=batch.status,
            to_state=batch.status,
            reason=reason,
            data={"processed_rows": batch.processed_rows},
        )
    transaction.on_commit(lambda: batch_enqueue(batch.pk))


def declaration_batches_requeue_stuck() -> int:
    """The 5-minute sweep: queue again every upload queued or running with no progress for
    DECLARATION_BATCH_STUCK_MINUTES (worker killed, message lost, broker down at upload). Each
    resumes after its last committed chunk, so nothing is declared twice."""
    since = timezone.now() - timedelta(minutes=settings.DECLARATION_BATCH_STUCK_MINUTES)
    ids = list(
        DeclarationBatch.objects.filter(
            status__in=[DeclarationBatch.Status.QUEUED, DeclarationBatch.Status.RUNNING], updated_at__lt=since
        )
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    done = 0
    for batch_id in ids:
        with transaction.atomic():
            batch = DeclarationBatch.objects.select_for_update(skip_locked=True).filter(pk=batch_id).first()
            if batch is None or not batch.stuck:
                continue  # a worker holds it or it moved on meanwhile
            _requeue(batch, actor=None, reason="stuck")
            done += 1
    return done


# --- processing ---------------------------------------------------------------------------------------


@dataclass
class _Context:
    batch: DeclarationBatch
    policy: Policy
    checker: RowChecker
    ct_id: int
    actor_id: int | None
    actor_org_id: int | None
    now_text: str
    now: object
    declared_on: date
    copy_end: str = ""
    terms_cache: dict = field(default_factory=dict)
    fingerprints: dict = field(default_factory=dict)


def _hook_after_chunk_write(batch_id: int, chunk_index: int) -> None:
    """Nothing; tests replace it to simulate a crash in the middle of a chunk's transaction."""


def declaration_batch_process(*, batch_id: int) -> DeclarationBatch:
    """Declare the rows of an upload, chunk by chunk; resumable and idempotent."""
    with transaction.atomic():
        batch = DeclarationBatch.objects.select_for_update().select_related("policy").get(pk=batch_id)
        if batch.status == DeclarationBatch.Status.COMPLETED:
            return batch
        batch.started_at = batch.started_at or timezone.now()
        batch.error = ""
        batch_workflow.transition(
            batch,
            to=DeclarationBatch.Status.RUNNING,
            actor=batch.created_by,
            update_fields=["started_at", "error"],
        )
    try:
        with batch.file.open("rb") as fh:
            content = fh.read()
        try:
            table = read_table(batch.file_name, content)
        except FileProblem as problem:
            raise _file_problem(problem) from problem
        raw_rows = table.rows
        if len(raw_rows) > MAX_ROWS:
            raise DomainError(
                "too_many_rows", FILE_PROBLEMS["too_many_rows"], max=MAX_ROWS, rows=len(raw_rows)
            )
        if batch.total_rows != len(raw_rows):
            batch.total_rows = len(raw_rows)
            DeclarationBatch.objects.filter(pk=batch.pk).update(total_rows=batch.total_rows)
        ctx = _context(batch, table)
        repeats = _repeats_in_file(table)
        offsets = list(range(batch.processed_rows, len(raw_rows), CHUNK_ROWS))

        postgres = _is_postgres()
        prepare = _copy_fragments(ctx) if postgres else None
        record = table.record
        planner = _Planner(ctx.copy_end if postgres else None)

        def check_chunk(offset: int) -> list:
            rows = _Chunk(
                repeats.get(i) or ctx.checker.check(raw_rows[i][0], record(raw_rows[i][1]))
                for i in range(offset, min(offset + CHUNK_ROWS, len(raw_rows)))
            )
            if postgres:
                prepare(rows)
                # which of these are declared already, asked on this thread's own connection while
                # the writer's is busy; a declaration made after this look is caught by the unique
                # index, and the chunk is then written again with the look made inside its transaction
                rows.declared_before = _declared_before(ctx.policy, rows)
                rows.plan = planner.plan(rows, rows.declared_before)
            return rows

        # two stages in step: while one chunk is written (the database works, this thread waits
        # with the GIL released), the next chunk's rows are checked in a second thread
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="declaration-check") as pool:
            try:
                pending = pool.submit(check_chunk, offsets[0]) if offsets else None
                for index, offset in enumerate(offsets):
                    checked = pending.result()
                    pending = (
                        pool.submit(check_chunk, offsets[index + 1]) if index + 1 < len(offsets) else None
                    )
                    _process_chunk(ctx, checked, offset, index)
            finally:
                if postgres:
                    # close the checking thread's own connection (looked up on that thread)
                    pool.submit(lambda: connection.close()).result()
    except _Superseded:
        # another worker took the same upload (a redelivered task) and is further on: leave it
        return DeclarationBatch.objects.get(pk=batch_id)
    except Exception as exc:
        _fail(batch_id, exc)
        raise
    with transaction.atomic():
        batch = DeclarationBatch.objects.select_for_update().get(pk=batch_id)
        batch.finished_at = timezone.now()
        batch_workflow.transition(
            batch, to=DeclarationBatch.Status.COMPLETED, actor=batch.created_by, update_fields=["finished_at"]
        )
        if batch.created_by_id:
            notify(
                [batch.created_by],
                kind="declaration_batch_completed",
                title=_(
                    "Upload %(name)s: %(covered)s covered, %(partly)s partly covered, %(refused)s refused,"
                    " %(duplicate)s already declared"
                )
                % {
                    "name": batch.file_name,
                    "covered": batch.covered_rows,
                    "partly": batch.partly_covered_rows,
                    "refused": batch.refused_rows,
                    "duplicate": batch.duplicate_rows,
                },
                url=reverse("declarations:batch-detail", args=[batch.pk]),
                email=False,
            )
    return batch


def _fail(batch_id: int, exc: Exception) -> None:
    message = exc.message if isinstance(exc, DomainError) else f"{type(exc).__name__}: {exc}"
    with transaction.atomic():
        batch = DeclarationBatch.objects.select_for_update().get(pk=batch_id)
        if batch.status in (DeclarationBatch.Status.COMPLETED, DeclarationBatch.Status.FAILED):
            return
        batch.error = str(message)[:2000]
        batch.finished_at = timezone.now()
        batch_workflow.transition(
            batch,
            to=DeclarationBatch.Status.FAILED,
            actor=batch.created_by,
            reason=batch.error,
            update_fields=["error", "finished_at"],
        )


def _repeats_in_file(table) -> dict[int, RefusedRow]:
    """A row whose invoice number (or reference) appeared earlier in the file is a repeat: the
    first one is declared, the others are reported (by index in the file)."""
    from declarations.rows import _text

    seen: dict[str, int] = {}
    refs: dict[str, int] = {}
    repeats: dict[int, RefusedRow] = {}
    numbers = [number for number, _cells in table.rows]
    for i, (raw_invoice, raw_reference) in enumerate(
        zip(table.column("invoice_number"), table.column("client_reference"), strict=True)
    ):
        invoice = _text(raw_invoice)
        reference = _text(raw_reference)
        number = numbers[i]
        if invoice and invoice in seen:
            repeats[i] = RefusedRow(
                number,
                invoice,
                reference,
                _text(table.rows[i][1][table.columns["buyer"]]),
                "duplicate_in_file",
                {"invoice": invoice, "row": seen[invoice]},
                "repeat",
            )
            continue
        if invoice:
            seen[invoice] = number
        if reference and reference in refs:
            repeats[i] = RefusedRow(
                number,
                invoice,
                reference,
                _text(table.rows[i][1][table.columns["buyer"]]),
                "reference_used",
                {"reference": reference},
                "repeat",
            )
            continue
        if reference:
            refs[reference] = number
    return repeats


def _context(batch: DeclarationBatch, table) -> _Context:
    policy = Policy.objects.select_related("organisation").get(pk=batch.policy_id)
    limits = list(
        CreditLimit.objects.filter(policy=policy).values(
            "pk",
            "status",
            "effective_date",
            "buyer_id",
            "buyer__name",
            "buyer__name_en",
            "buyer__name_zh",
            "buyer__registration_key",
            "buyer__country_id",
            "buyer__country__risk_class",
        )
    )
    ended_from: dict[int, date] = {}
    for limit_id, applies_from in CreditLimitChange.objects.filter(
        limit__policy=policy, kind__in=[CreditLimitChange.Kind.CANCELLED, CreditLimitChange.Kind.REVOKED]
    ).values_list("limit_id", "applies_from"):
        ended_from[limit_id] = min(applies_from, ended_from.get(limit_id, applies_from))
    by_key: dict[str, BuyerFact] = {}
    by_buyer: dict[int, list[dict]] = {}
    for row in limits:
        fact = BuyerFact(row["buyer_id"], row["buyer__country_id"], row["buyer__country__risk_class"])
        by_buyer.setdefault(fact.id, []).append(row)
        keys = [str(fact.id), "id:" + str(fact.id)]
        if row["buyer__registration_key"]:
            keys.append("reg:" + row["buyer__registration_key"])
        for name in (row["buyer__name"], row["buyer__name_en"], row["buyer__name_zh"]):
            if name:
                keys.append("name:" + normalise_name(name))
        for key in keys:
            by_key.setdefault(key, fact)

    def resolve_buyer(text: str) -> BuyerFact | None:
        text = text.strip()
        if text.isdigit() and text in by_key:
            return by_key[text]
        reg = registration_key(text)
        return (
            by_key.get("reg:" + reg)
            if reg and "reg:" + reg in by_key
            else by_key.get("name:" + normalise_name(text))
        )

    live = set(CreditLimit.LIVE)

    def limit_for(buyer_id: int, shipped: date) -> int | None:
        """limits.selectors.limit_for_shipment, in memory: the live limit, else the latest ended one
        whose end applies after the shipment (earlier shipments keep their cover)."""
        candidates = by_buyer.get(buyer_id, ())
        for row in candidates:
            if row["status"] in live:
                return row["pk"]
        ended = [
            r
            for r in candidates
            if r["effective_date"] <= shipped and ended_from.get(r["pk"]) and ended_from[r["pk"]] > shipped
        ]
        if not ended:
            return None
        return max(ended, key=lambda r: (r["effective_date"], r["pk"]))["pk"]

    pairs = set()
    dates_cache: dict = {}
    for raw_currency, value in zip(table.column("currency"), table.column("shipment_date"), strict=True):
        currency = str(raw_currency or "").strip().upper()
        if value in dates_cache:
            day = dates_cache[value]
        else:
            try:
                day = _probe_date(value)
            except (ValueError, TypeError):
                day = None
            if isinstance(value, str):
                dates_cache[value] = day
        if currency and day:
            pairs.add((currency, day))
    rates = rates_to_usd(pairs)

    table = [
        policy_rules.RateRow(
            r.country_class_from,
            r.country_class_to,
            r.payment_term,
            r.credit_days_from,
            r.credit_days_to,
            r.rate,
        )
        for r in PremiumRate.objects.filter(policy=policy)
    ]

    def premium_rate(risk_class: int, term: str, days: int) -> Decimal | None:
        return policy_rules.premium_rate(table, country_class=risk_class, payment_term=term, credit_days=days)

    from sinosure_portal.money.currency import quantize

    def places(currency: str) -> int:
        return -quantize(Decimal("1"), currency).as_tuple().exponent

    today = shanghai_today()
    checker = RowChecker(
        policy_number=policy.number or str(policy.pk),
        period=(policy.period_start, policy.period_end)
        if policy.status != Policy.Status.CANCELLED
        else (date.max, date.min),
        policy_max_days=policy.max_credit_period_days,
        deadline_days=policy.declaration_deadline_days,
        today=today,
        currencies=iso_currencies(),
        currency_places=places,
        countries=frozenset(Country.objects.values_list("code", flat=True)),
        resolve_buyer=resolve_buyer,
        limit_for=limit_for,
        rates=rates,
        premium_rate=premium_rate,
        buyers_with_notice=buyers_with_loss_notice(policy.pk, by_buyer.keys()),
    )
    actor = batch.created_by
    now = timezone.now()
    return _Context(
        batch=batch,
        policy=policy,
        checker=checker,
        ct_id=ContentType.objects.get_for_model(ShipmentDeclaration).pk,
        actor_id=actor.pk if actor else None,
        actor_org_id=actor.organisation_id if actor else None,
        now_text=now.isoformat(),
        now=now,
        declared_on=today,
    )


def _probe_date(value) -> date | None:
    from datetime import datetime

    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value or "").strip().replace("/", "-").replace(".", "-")
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        parts = text.split("-")
        if len(parts) == 3 and all(p.isdigit() for p in parts):
            return date(int(parts[0]), int(parts[1]), int(parts[2]))
        return None


# --- one chunk, one transaction -------------------------------------------------------------------------


class _Chunk(list):
    """A chunk's checked rows, with what was already declared when they were checked."""

    declared_before: tuple[set, set] | None = None
    plan = None


def _declared_before(policy: Policy, rows: list) -> tuple[set, set]:
    candidates = [r for r in rows if not (r.__class__ is RefusedRow and r.stage in ("parse", "repeat"))]
    invoices = [r.invoice_number for r in candidates if r.invoice_number]
    refs = [r.client_reference for r in rows if r.client_reference]
    return (
        _existing("invoice_number", "policy_id", policy.pk, invoices),
        _existing("client_reference", "organisation_id", policy.organisation_id, refs),
    )


def _process_chunk(ctx: _Context, rows: list, offset: int, index: int) -> None:
    hint = getattr(rows, "declared_before", None)
    for attempt in range(3):
        try:
            with transaction.atomic():
                _write_chunk(ctx, rows, offset, index, declared_before=hint)
            return
        except IntegrityError:
            # a single declaration of one of these invoices committed meanwhile: look again inside
            # the transaction, and write the chunk again
            hint = None
            if attempt == 2:
                raise


class _Superseded(Exception):
    """The upload's progress is not where this worker left it: another worker is on it."""


@dataclass
class _Allocation:
    """The cover of a chunk's rows, in row order, and what it does to the limits."""

    declared: list  # (row, covered, reason code, params) of the rows declared
    report: (
        list  # (row number, invoice, buyer text, outcome, code, params, late, amount, covered, premium, i)
    )
    counts: dict
    covered_total: Decimal
    premium_total: Decimal
    exposures: dict  # limit id -> exposure after the chunk, for the limits it used
    copy_text: str | None = None  # the declared rows' COPY text, when planned ahead


def _allocate(rows: list, states: dict, terms_cache: dict, taken: set, refs_taken: set) -> _Allocation:
    """Cover the chunk's rows in order against the limits' states (``rules.cover_one``, the same
    rules as the single declaration), skipping the rows refused already or declared before."""
    declared: list = []
    report: list = []
    counts = {"covered": 0, "partly": 0, "refused": 0, "duplicate": 0}
    covered_total = Decimal("0.00")
    premium_total = Decimal("0.00")
    append = report.append
    for row in rows:
        if row.__class__ is RefusedRow and row.stage in ("parse", "repeat"):
            repeat = row.stage == "repeat"
            counts["duplicate" if repeat else "refused"] += 1
            append(
                (row.row_number, row.invoice_number, row.buyer_text)
                + (Outcome.DUPLICATE if repeat else Outcome.REFUSED, row.code, row.params, row.late)
                + (row.amount_usd, None, None, None)
            )
            continue
        if row.invoice_number in taken or (row.client_reference and row.client_reference in refs_taken):
            counts["duplicate"] += 1
            code, params = (
                ("already_declared", {"invoice": row.invoice_number})
                if row.invoice_number in taken
                else ("reference_used", {"reference": row.client_reference})
            )
            append(
                (row.row_number, row.invoice_number, row.buyer_text, Outcome.DUPLICATE, code, params, False)
                + (row.amount_usd, None, None, None)
            )
            continue
        if row.__class__ is RefusedRow:
            counts["refused"] += 1
            append(
                (row.row_number, row.invoice_number, row.buyer_text, Outcome.REFUSED, row.code, row.params)
                + (row.late, row.amount_usd, None, None, None)
            )
            continue
        cover = rules.cover_one(
            states.get(row.limit_id),
            rules.CoverRequest(
                row.limit_id, row.amount_usd, row.shipment_date, row.payment_term, row.credit_days
            ),
            terms_cache,
        )
        covered = cover.covered_usd
        if covered <= 0:
            counts["refused"] += 1
            append(
                (
                    row.row_number,
                    row.invoice_number,
                    row.buyer_text,
                    Outcome.REFUSED,
                    cover.reason,
                    cover.params,
                )
                + (row.late, row.amount_usd, None, None, None)
            )
            continue
        full = cover.reason is None
        counts["covered" if full else "partly"] += 1
        covered_total += covered
        premium_total += row.premium_usd
        append(
            (row.row_number, row.invoice_number, row.buyer_text)
            + (
                Outcome.COVERED if full else Outcome.PARTLY_COVERED,
                cover.reason or "",
                cover.params,
                row.late,
            )
            + (row.amount_usd, covered, row.premium_usd, len(declared))
        )
        declared.append((row, covered, cover.reason or "", cover.params))
    exposures = {pk: state.exposure_usd for pk, state in states.items() if state.used}
    return _Allocation(declared, report, counts, covered_total, premium_total, exposures)


def _change_facts(limit_ids) -> dict[int, list]:
    changes: dict[int, list] = {pk: [] for pk in limit_ids}
    for change in CreditLimitChange.objects.filter(limit_id__in=limit_ids).order_by("created_at", "id"):
        changes[change.limit_id].append(
            limit_rules.ChangeFact(
                applies_from=change.applies_from,
                amount_after_usd=change.amount_after_usd,
                payment_terms_after=tuple(change.payment_terms_after),
                max_credit_period_after=change.max_credit_period_after,
                kind=change.kind,
                change_id=change.pk,
            )
        )
    return changes


@dataclass
class _Plan:
    allocation: _Allocation
    start: dict  # limit id -> (exposure before the chunk, ids of the limit's changes)


class _Planner:
    """Works out a chunk's cover ahead, on the checking thread, from the limits as this upload
    left them. The writer uses the plan only when, under the limits' locks, every limit is exactly
    as the plan assumed (same exposure, same changes); otherwise it works the cover out again
    there. So the plan saves time and never decides anything on its own."""

    def __init__(self, copy_end: str | None = None):
        self.copy_end = copy_end
        self.states: dict[int, rules.LimitState] = {}
        self.terms_cache: dict = {}
        self.broken = False

    def plan(self, rows: list, declared_before: tuple) -> _Plan | None:
        if self.broken:
            return None
        limit_ids = sorted({r.limit_id for r in rows if r.__class__ is CheckedRow})
        new = [pk for pk in limit_ids if pk not in self.states]
        if new:
            exposure = dict(CreditLimit.objects.filter(pk__in=new).values_list("pk", "exposure_usd"))
            if len(exposure) != len(new):
                self.broken = True  # those limits cannot be seen from here: the writer decides
                return None
            for pk, changes in _change_facts(new).items():
                self.states[pk] = rules.LimitState(pk, changes, exposure[pk])
        states = {pk: self.states[pk] for pk in limit_ids}
        start = {}
        for pk, state in states.items():
            state.used = False
            start[pk] = (state.exposure_usd, tuple(c.change_id for c in state.changes))
        allocation = _allocate(rows, states, self.terms_cache, *declared_before)
        if self.copy_end is not None:  # the writer then only sends the text
            allocation.copy_text = _declaration_copy_text(allocation.declared, self.copy_end)
        return _Plan(allocation, start)


def _write_chunk(ctx: _Context, rows: list, offset: int, index: int, declared_before=None) -> None:
    policy = ctx.policy
    batch_id = ctx.batch.pk
    # the upload's row is locked for the chunk: two workers never write the same chunk
    if _lock_progress(batch_id) != offset:
        raise _Superseded

    # lock the chunk's limits in id order (the order every path uses, so no deadlock) and read
    # their exposure and the ids of their changes under the lock
    limit_ids = sorted({r.limit_id for r in rows if r.__class__ is CheckedRow})
    locked: dict = {}
    fingerprints: dict = {}
    if limit_ids:
        locked = dict(
            CreditLimit.objects.select_for_update()
            .filter(pk__in=limit_ids)
            .order_by("pk")
            .values_list("pk", "exposure_usd")
        )
        seen: dict[int, list] = {pk: [] for pk in limit_ids}
        for limit_id, change_id in (
            CreditLimitChange.objects.filter(limit_id__in=limit_ids)
            .order_by("created_at", "id")
            .values_list("limit_id", "id")
        ):
            seen[limit_id].append(change_id)
        fingerprints = {pk: tuple(ids) for pk, ids in seen.items()}

    plan = rows.plan if declared_before is not None and getattr(rows, "plan", None) else None
    if plan is not None and all(plan.start.get(pk) == (locked.get(pk), fingerprints[pk]) for pk in limit_ids):
        allocation = plan.allocation
    else:
        taken, refs_taken = declared_before or _declared_before(policy, rows)
        changes = _change_facts(limit_ids)
        states = {pk: rules.LimitState(pk, changes[pk], exposure) for pk, exposure in locked.items()}
        # terms on a shipment date are kept from chunk to chunk while a limit's changes stay the same
        if any(ctx.fingerprints.get(pk, fp) != fp for pk, fp in fingerprints.items()):
            ctx.terms_cache.clear()
        ctx.fingerprints.update(fingerprints)
        allocation = _allocate(rows, states, ctx.terms_cache, taken, refs_taken)

    ids = _insert_declarations(ctx, allocation.declared, allocation.copy_text)
    _insert_audit(ctx, allocation.declared, ids)
    # declared rows are in the report as the declarations themselves; store the others
    _insert_report(batch_id, [r for r in allocation.report if r[3] in (Outcome.REFUSED, Outcome.DUPLICATE)])
    _update_exposure(allocation.exposures)
    _hook_after_chunk_write(batch_id, index)
    counts = allocation.counts
    DeclarationBatch.objects.filter(pk=batch_id).update(
        processed_rows=offset + len(rows),
        covered_rows=F("covered_rows") + counts["covered"],
        partly_covered_rows=F("partly_covered_rows") + counts["partly"],
        refused_rows=F("refused_rows") + counts["refused"],
        duplicate_rows=F("duplicate_rows") + counts["duplicate"],
        covered_usd=F("covered_usd") + allocation.covered_total,
        premium_usd=F("premium_usd") + allocation.premium_total,
        updated_at=timezone.now(),
    )


# --- writing: COPY on PostgreSQL, bulk_create elsewhere ------------------------------------------------


def _existing(column: str, scope: str, scope_id: int, values: list[str]) -> set[str]:
    """Which of these invoice numbers (or references) are already declared: one query through the
    unique index, the values passed as one array."""
    if not values:
        return set()
    if not _is_postgres():
        return set(
            ShipmentDeclaration.objects.filter(**{scope: scope_id, f"{column}__in": values}).values_list(
                column, flat=True
            )
        )
    table = ShipmentDeclaration._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f'SELECT "{column}" FROM "{table}" WHERE "{scope}" = %s AND "{column}" = ANY(%s)',  # noqa: S608
            [scope_id, values],
        )
        return {r[0] for r in cursor.fetchall()}


def _lock_progress(batch_id: int) -> int:
    """Lock the upload's row for the chunk's transaction and read how far it got. The chunk's rows
    and the upload's progress commit together (durably): a crash loses no committed chunk and a
    resumed upload continues after the last one."""
    return (
        DeclarationBatch.objects.select_for_update().values_list("processed_rows", flat=True).get(pk=batch_id)
    )


def _update_exposure(exposures: dict) -> None:
    """Write the new exposure of the chunk's limits (locked above) in one statement."""
    if not exposures:
        return
    now = timezone.now()
    if not _is_postgres():
        CreditLimit.objects.bulk_update(
            [
                CreditLimit(pk=pk, exposure_usd=value, last_used_at=now, updated_at=now)
                for pk, value in exposures.items()
            ],
            ["exposure_usd", "last_used_at", "updated_at"],
        )
        return
    table = CreditLimit._meta.db_table
    values = ", ".join(["(%s, %s::numeric)"] * len(exposures))
    params = [p for pk, value in exposures.items() for p in (pk, value)]
    with connection.cursor() as cursor:
        # the table name comes from the model; every value is a placeholder
        head = f'UPDATE "{table}" AS l SET exposure_usd = v.exposure, last_used_at = %s, updated_at = %s '  # noqa: S608
        sql = head + f"FROM (VALUES {values}) AS v(id, exposure) WHERE l.id = v.id"
        cursor.execute(sql, [now, now, *params])


def _is_postgres() -> bool:
    return connection.vendor == "postgresql"


def _esc(text: str) -> str:
    if not text:
        return ""
    if "\\" in text or "\t" in text or "\n" in text or "\r" in text:
        return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    return text


def _json(params: dict) -> str:
    return _esc(json.dumps(params, ensure_ascii=False)) if params else "{}"


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


def _copy(table: str, columns: list[str], text: str) -> None:
    sql = f'COPY "{table}" ({", ".join(chr(34) + c + chr(34) for c in columns)}) FROM STDIN'
    with connection.cursor() as cursor, connection.wrap_database_errors:
        cursor.cursor.copy_expert(sql, io.StringIO(text))


def _copy_fragments(ctx: _Context):
    """Build, in the checking thread, the parts of each checked row's COPY line that do not depend
    on its cover, so that the writing thread (which holds the limits' locks) only adds the id, the
    cover and the status."""
    policy = ctx.policy
    head = f"{policy.pk}\t{policy.organisation_id}\t"
    batch_part = f"\t{ctx.batch.pk}\t"
    billed = "\t0.00\t\\N\t" + ctx.declared_on.isoformat() + "\t"
    who = f"{ctx.actor_id}" if ctx.actor_id else "\\N"
    ctx.copy_end = f"\t0.00\t0.00\t\\N\t\\N\t{who}\t{ctx.now_text}\t{ctx.now_text}\n"

    def prepare(rows: list) -> None:
        for row in rows:
            if row.__class__ is not CheckedRow:
                continue
            row.copy_head = (
                f"{head}{row.buyer.id}\t{row.limit_id}{batch_part}{row.row_number}\t{_esc(row.client_reference)}\t"
                f"{_esc(row.invoice_number)}\t{row.shipment_date.isoformat()}\t{row.currency}\t{row.amount}\t"
                f"{row.rate}\t{row.amount_usd}\t{row.payment_term}\t{row.credit_days}\t{row.due_date.isoformat()}\t"
                f"{row.hs_code}\t{_esc(row.description)}\t{row.destination}\t{'t' if row.financing else 'f'}\t"
            )
            row.copy_tail = f"{row.premium_rate}\t{row.premium_usd}{billed}{row.deadline.isoformat()}\t{'t' if row.late else 'f'}\t"

    return prepare


def _insert_declarations(ctx: _Context, declared: list, copy_text: str | None = None) -> list[int] | None:
    """Write the chunk's declarations; returns their ids in the same order where the database
    hands them back (bulk_create), None on PostgreSQL (COPY)."""
    if not declared:
        return []
    policy = ctx.policy
    if not _is_postgres():
        objs = [
            ShipmentDeclaration(
                policy_id=policy.pk,
                organisation_id=policy.organisation_id,
                buyer_id=row.buyer.id,
                limit_id=row.limit_id,
                batch_id=ctx.batch.pk,
                batch_row=row.row_number,
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
                reason_params=params,
                premium_rate=row.premium_rate,
                premium_usd=row.premium_usd,
                declared_on=ctx.declared_on,
                declaration_deadline=row.deadline,
                late=row.late,
                status=S.COVERED if not code else S.PARTLY_COVERED,
                created_by_id=ctx.actor_id,
            )
            for row, covered, code, params in declared
        ]
        ShipmentDeclaration.objects.bulk_create(objs, batch_size=1000)
        return [o.pk for o in objs]
    # the ids come from the table's identity column; the audit rows find the rows by upload row
    text = copy_text if copy_text is not None else _declaration_copy_text(declared, ctx.copy_end)
    _copy(ShipmentDeclaration._meta.db_table, DECLARATION_COLUMNS[1:], text)
    return None


def _declaration_copy_text(declared: list, copy_end: str) -> str:
    """The COPY text of the declared rows, from the fragments the checking thread built."""
    return "".join(
        [
            f"{row.copy_head}{covered}\t{covered}\t{code}\t{_json(params) if code else '{}'}\t{row.copy_tail}"
            f"{'partly_covered' if code else 'covered'}{copy_end}"
            for row, covered, code, params in declared
        ]
    )


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
    "data",
]


def _insert_audit(ctx: _Context, declared: list, ids: list[int] | None) -> None:
    """One audit row per declaration (every state change leaves one), written in bulk through the
    kernel's audit_record_many."""
    if not declared:
        return
    batch_id = ctx.batch.pk
    who = {"actor_id": ctx.actor_id, "actor_organisation_id": ctx.actor_org_id}
    if not _is_postgres():
        audit_record_many(
            ShipmentDeclaration,
            **who,
            at=timezone.now(),
            rows=[
                {
                    "object_id": pk,
                    "object_repr": row.invoice_number,
                    "action": f"shipment_declaration.{S.PARTLY_COVERED if code else S.COVERED}",
                    "to_state": S.PARTLY_COVERED if code else S.COVERED,
                    "data": {"batch": batch_id, "row": row.row_number},
                }
                for pk, (row, _c, code, _p) in zip(ids, declared, strict=True)
            ],
        )
        return
    # on PostgreSQL the audit rows are made from the declarations just written, in the database:
    # one INSERT ... SELECT over the chunk's rows of the upload (the (batch, batch_row) index)
    table = ShipmentDeclaration._meta.db_table
    select = (
        "SELECT d.id::text, left(d.invoice_number, 200), 'shipment_declaration.' || d.status, '', d.status, '', "  # noqa: S608
        f"jsonb_build_object('batch', d.batch_id, 'row', d.batch_row) FROM \"{table}\" d "
        "WHERE d.batch_id = %s AND d.batch_row BETWEEN %s AND %s"
    )
    rows = [row.row_number for row, *_rest in declared]
    written = audit_record_many(
        ShipmentDeclaration, **who, at=ctx.now, select=select, params=[batch_id, min(rows), max(rows)]
    )
    if written != len(declared):
        raise RuntimeError(f"audit rows: {written} written for {len(declared)} declarations")


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


def _insert_report(batch_id: int, report: list[tuple]) -> None:
    """The rows that declared nothing (refused, already declared), with their reasons."""
    if not report:
        return
    if not _is_postgres():
        DeclarationBatchRow.objects.bulk_create(
            [
                DeclarationBatchRow(
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
                for number, invoice, buyer, outcome, code, params, late, amount, covered, premium, k in report
            ],
            batch_size=2000,
        )
        return
    null = "\\N"
    lines = [
        f"{batch_id}\t{number}\t{_esc(invoice[:64])}\t{_esc(buyer[:255])}\t{outcome}\t{code or ''}\t"
        f"{_json(params) if params else '{}'}\t{'t' if late else 'f'}\t"
        f"{amount if amount is not None else null}\t{covered if covered is not None else '0.00'}\t"
        f"{premium if premium is not None else '0.00'}\n"
        for number, invoice, buyer, outcome, code, params, late, amount, covered, premium, k in report
    ]
    _copy(DeclarationBatchRow._meta.db_table, REPORT_COLUMNS, "".join(lines))


def report_rows_for_export(batch: DeclarationBatch):
    """(row, invoice, buyer, outcome, reason, late, amount USD, covered USD, premium USD) in the
    active language, streamed for the XLSX download."""
    from declarations.selectors import batch_report

    for r in batch_report(batch).iterator(chunk_size=5000):
        row = ReportRow(r)
        yield (
            row.row_number,
            row.invoice_number,
            row.buyer_text,
            row.get_outcome_display(),
            row.reason_message,
            row.late,
            row.amount_usd,
            row.covered_usd,
            row.premium_usd,
        )


class ReportRow:
    """One row of an upload's report, from either half of the union (declared or not)."""

    labels = dict(Outcome.choices)

    def __init__(self, values: dict):
        self.__dict__.update(values)

    def get_outcome_display(self) -> str:
        return str(self.labels.get(self.outcome, self.outcome))

    @property
    def reason_message(self) -> str:
        return reason_text(self.reason_code, self.reason_params) if self.reason_code else ""
