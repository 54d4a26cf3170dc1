"""Bulk declarations: an uploaded CSV or XLSX file, or rows sent through the API, up to 100,000.

This module only orchestrates uploads: it stores and queues them, starts them again (retry, the
stuck-batch sweep), reads the file and feeds its rows chunk by chunk to the declaration engine
(``declarations.engine``), the same code a single declaration goes through. Each chunk is one
transaction there (declarations, audit rows, report, exposure and the upload's progress together):
a crash leaves whole chunks applied or not, and running the upload again resumes after the last
committed chunk. Uploading the same file again declares nothing twice: the invoice number is unique
per policy, and a repeated row is reported as already declared.
"""

from __future__ import annotations

import hashlib
import logging
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from declarations.engine import checks, write
from declarations.engine import run as run_module
from declarations.engine.checks import declaring_policy
from declarations.engine.run import Chunk, Engine
from declarations.models import DeclarationBatch, DeclarationBatchRow
from declarations.reasons import reason_text
from declarations.rows import FileProblem, read_header, read_table, rows_to_csv
from declarations.rows import file_kind as detect_kind
from declarations.workflow import batch_workflow
from policies.models import Policy
from sinosure_portal.audit.services import audit_record
from sinosure_portal.base.errors import DomainError
from sinosure_portal.base.queue import enqueue
from sinosure_portal.notifications.services import notify
from sinosure_portal.webhooks.emit import webhook_emit
from sinosure_portal.workdays.calendar import today as shanghai_today

log = logging.getLogger(__name__)

CHUNK_ROWS = 5000
MAX_ROWS = 100_000
Outcome = DeclarationBatchRow.Outcome

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
        enqueue("declarations.process_batch", batch.pk)
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
    enqueue("declarations.process_batch", batch.pk)


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


# --- processing: chunk by chunk through the declaration engine -------------------------------------------


def declaration_batch_process(*, batch_id: int) -> DeclarationBatch:
    """Declare the rows of an upload, chunk by chunk; resumable and idempotent."""
    batch = _start(batch_id)
    if batch.status == DeclarationBatch.Status.COMPLETED:
        return batch
    try:
        _declare_rows(batch)
    except run_module.Superseded:
        # another worker took the same upload (a redelivered task) and is further on: leave it
        return DeclarationBatch.objects.get(pk=batch_id)
    except Exception as exc:
        _fail(batch_id, exc)
        raise
    return _complete(batch_id)


def _start(batch_id: int) -> DeclarationBatch:
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
    return batch


def _read(batch: DeclarationBatch):
    with batch.file.open("rb") as fh:
        content = fh.read()
    try:
        table = read_table(batch.file_name, content)
    except FileProblem as problem:
        raise _file_problem(problem) from problem
    if len(table.rows) > MAX_ROWS:
        raise DomainError("too_many_rows", FILE_PROBLEMS["too_many_rows"], max=MAX_ROWS, rows=len(table.rows))
    if batch.total_rows != len(table.rows):
        batch.total_rows = len(table.rows)
        DeclarationBatch.objects.filter(pk=batch.pk).update(total_rows=batch.total_rows)
    return table


def _engine(batch: DeclarationBatch, table) -> Engine:
    policy = Policy.objects.select_related("organisation").get(pk=batch.policy_id)
    pairs = checks.rate_pairs(table.column("currency"), table.column("shipment_date"))
    checker = checks.row_checker(policy, checks.LimitTable(policy), pairs, today=shanghai_today())
    return Engine(policy, batch.created_by, checker, batch=batch, plan=write.use_copy())


def _declare_rows(batch: DeclarationBatch) -> None:
    table = _read(batch)
    engine = _engine(batch, table)
    raw_rows = table.rows
    numbers = [number for number, _cells in raw_rows]
    repeats = checks.repeats(
        numbers, table.column("invoice_number"), table.column("client_reference"), table.column("buyer")
    )
    record = table.record
    check = engine.checker.check
    offsets = list(range(batch.processed_rows, len(raw_rows), CHUNK_ROWS))

    def check_chunk(offset: int) -> Chunk:
        end = min(offset + CHUNK_ROWS, len(raw_rows))
        rows = Chunk(
            repeats.get(i) or check(raw_rows[i][0], record(raw_rows[i][1])) for i in range(offset, end)
        )
        return engine.ready(rows)

    # two stages in step: while one chunk is written (the database works, this thread waits with the
    # GIL released), the next chunk's rows are checked in a second thread on its own connection
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="declaration-check") as pool:
        try:
            pending = pool.submit(check_chunk, offsets[0]) if offsets else None
            for index, offset in enumerate(offsets):
                checked = pending.result()
                pending = pool.submit(check_chunk, offsets[index + 1]) if index + 1 < len(offsets) else None
                _process_chunk(engine, checked, offset, index)
        finally:
            # close the checking thread's own connection (looked up on that thread)
            pool.submit(lambda: connection.close()).result()


def _process_chunk(engine: Engine, rows: Chunk, offset: int, index: int) -> None:
    engine.commit(rows, offset, index)


def _complete(batch_id: int) -> DeclarationBatch:
    with transaction.atomic():
        batch = DeclarationBatch.objects.select_for_update().get(pk=batch_id)
        batch.finished_at = timezone.now()
        batch_workflow.transition(
            batch, to=DeclarationBatch.Status.COMPLETED, actor=batch.created_by, update_fields=["finished_at"]
        )
        refused = batch.rows.filter(outcome=DeclarationBatchRow.Outcome.REFUSED).values_list("pk", flat=True)
        webhook_emit("declaration.refused", DeclarationBatchRow, dict.fromkeys(refused, batch.pk))
        if batch.created_by_id:
            _notify_completed(batch)
    return batch


def _notify_completed(batch: DeclarationBatch) -> None:
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


# --- the report ---------------------------------------------------------------------------------------


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
