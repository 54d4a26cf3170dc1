"""Bulk limit actions: apply for, reduce, cancel or renew many limits from one CSV/XLSX file or an
API batch, with a per-row report, following the declaration upload's pattern (stored, queued for
the worker, a progress bar, a report per row, retry that resumes, a sweep for stuck batches).

Every row goes through the limit's own service and workflow (``limits.services``): the same checks,
audit rows and notices as one action on the page. Each row is one transaction with its report line
and the batch's progress, so a crash leaves whole rows done or not and running the batch again
resumes after the last one. The same client reference sent again answers with the first batch.

"Renew" is a new application for the same buyer on the same policy, with the limit's terms unless
the row gives others (an increase or a longer period is asked for this way).
"""

from __future__ import annotations

import csv
import io
import logging
from datetime import timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from declarations.files import FileRefused, read_table
from declarations.files import file_kind as detect_kind
from declarations.limit_columns import (
    LIMIT_COLUMN_LIST,
    LIMIT_COLUMNS,
    LIMIT_REQUIRED,
    action_of,
    limit_header_key,
)
from declarations.models import LimitBatch, LimitBatchRow
from declarations.services.limit_rows import _do, _Lookups, _text, problem_text, stored_problems
from declarations.workflow import limit_batch_workflow
from sinosure_portal.accounts.access import ensure_role
from sinosure_portal.accounts.models import Role
from sinosure_portal.audit.services import audit_record
from sinosure_portal.base.errors import DomainError, translate_integrity_error
from sinosure_portal.base.queue import enqueue
from sinosure_portal.notifications.services import notify
from sinosure_portal.texts import Text

log = logging.getLogger(__name__)

MAX_ROWS = 5000  # a batch is a portfolio's limits, not a declaration file
UPLOADERS = [Role.EXPORTER, Role.BANK, Role.UNDERWRITER]
Action = LimitBatchRow.Action

FILE_PROBLEMS = {
    "missing_columns": _(
        "The file has no column for: %(columns)s. Download the template to see the columns."
    ),
    "too_many_rows": _("A limit batch may hold at most %(max)s rows; this one has %(rows)s."),
    "empty": _("The file has no header row."),
}
# --- submitting -------------------------------------------------------------------------------------------


def _file_problem(problem: FileRefused) -> DomainError:
    if problem.code == "missing_columns":
        labels = ", ".join(str(LIMIT_COLUMNS[c].label) for c in problem.params.get("columns", []))
        return DomainError("missing_columns", FILE_PROBLEMS["missing_columns"], field="file", columns=labels)
    return problem


def _read(file_name: str, content: bytes):
    try:
        table = read_table(file_name, content, key_of=limit_header_key, required=LIMIT_REQUIRED)
    except FileRefused as problem:
        raise _file_problem(problem) from problem
    if len(table.rows) > MAX_ROWS:
        raise DomainError(
            "too_many_rows", FILE_PROBLEMS["too_many_rows"], field="file", max=MAX_ROWS, rows=len(table.rows)
        )
    return table


def limit_batch_submit(
    *, actor, file_name: str, content: bytes, source: str | None = None, client_reference: str = ""
) -> tuple[LimitBatch, bool]:
    """Store a batch and queue it; the header and the row count are checked at once. The same
    client reference sent again answers with the first batch (``created`` False), queued once."""
    ensure_role(actor, UPLOADERS, action=_("change credit limits in bulk"))
    reference = (client_reference or "").strip()[:64]
    if reference:
        existing = LimitBatch.objects.filter(
            organisation_id=actor.organisation_id, client_reference=reference
        ).first()
        if existing is not None:
            return existing, False
    if not content:
        raise DomainError("empty", FILE_PROBLEMS["empty"], field="file")
    kind = detect_kind(file_name, content)
    table = _read(file_name, content)
    try:
        with transaction.atomic():
            batch = LimitBatch(
                organisation_id=actor.organisation_id,
                client_reference=reference,
                source=source or kind,
                file_name=(file_name or f"{source or kind}-batch")[:200],
                total_rows=len(table.rows),
                created_by=actor,
            )
            batch.file.save(f"limits-{timezone.now():%Y%m%d%H%M%S}.{kind}", ContentFile(content), save=False)
            batch.save()
            audit_record(batch, action="limit_batch.queued", actor=actor, to_state=batch.status)
            enqueue("declarations.process_limit_batch", batch.pk)
    except IntegrityError:  # the same reference, sent twice at once: the first one stands
        return LimitBatch.objects.get(
            organisation_id=actor.organisation_id, client_reference=reference
        ), False
    return batch, True


def limit_batch_submit_rows(
    *, actor, rows: list[dict], client_reference: str = ""
) -> tuple[LimitBatch, bool]:
    """An API batch: the rows become a CSV with the API's keys and follow the upload's path."""
    if len(rows) > MAX_ROWS:
        raise DomainError(
            "too_many_rows", FILE_PROBLEMS["too_many_rows"], field="rows", max=MAX_ROWS, rows=len(rows)
        )
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    keys = [c.key for c in LIMIT_COLUMN_LIST]
    writer.writerow(keys)
    for row in rows:
        writer.writerow(["" if row.get(k) is None else str(row.get(k)) for k in keys])
    return limit_batch_submit(
        actor=actor,
        file_name=f"api-{timezone.now():%Y%m%d-%H%M%S}.csv",
        content=buffer.getvalue().encode("utf-8"),
        source=LimitBatch.Source.API,
        client_reference=client_reference,
    )


def limit_batch_retry(*, actor, batch_id: int) -> LimitBatch:
    """Run a failed or stuck batch again: it resumes after its last row done."""
    with transaction.atomic():
        batch = LimitBatch.objects.select_for_update().get(pk=batch_id)
        if actor.organisation_id != batch.organisation_id:
            raise DomainError("batch_not_found", _("No such limit batch."))
        if batch.status == LimitBatch.Status.COMPLETED:
            raise DomainError("batch_completed", _("This limit batch is already complete."))
        if batch.status == LimitBatch.Status.RUNNING and not batch.stuck:
            raise DomainError("batch_in_progress", _("This limit batch is still in progress."))
        if batch.status == LimitBatch.Status.FAILED:
            limit_batch_workflow.transition(batch, to=LimitBatch.Status.QUEUED, actor=actor, reason="retry")
        else:
            batch.save(update_fields=["updated_at"])
            audit_record(
                batch,
                action="limit_batch.requeued",
                actor=actor,
                from_state=batch.status,
                to_state=batch.status,
            )
        enqueue("declarations.process_limit_batch", batch.pk)
    return batch


def limit_batches_sweep_stuck() -> int:
    """Every few minutes: a batch running with no progress for LIMIT_BATCH_STUCK_MINUTES lost its
    worker: it is marked failed, saying so (its uploader runs it again, and it resumes); one queued
    that long lost its message: it is queued again. Running the sweep twice changes nothing twice."""
    minutes = getattr(settings, "LIMIT_BATCH_STUCK_MINUTES", 30)
    since = timezone.now() - timedelta(minutes=minutes)
    ids = list(
        LimitBatch.objects.filter(
            status__in=[LimitBatch.Status.QUEUED, LimitBatch.Status.RUNNING], updated_at__lt=since
        ).values_list("pk", flat=True)
    )
    done = 0
    for batch_id in ids:
        with transaction.atomic():
            batch = LimitBatch.objects.select_for_update(skip_locked=True).filter(pk=batch_id).first()
            if batch is None or not batch.stuck:
                continue
            if batch.status == LimitBatch.Status.RUNNING:
                _mark_failed(batch, str(Text("declarations.limit_batch_stuck", {"minutes": minutes})))
            else:
                batch.save(update_fields=["updated_at"])
                audit_record(
                    batch,
                    action="limit_batch.requeued",
                    actor=None,
                    from_state=batch.status,
                    to_state=batch.status,
                    reason="stuck",
                )
                enqueue("declarations.process_limit_batch", batch.pk)
            done += 1
    return done


# --- processing: row by row through the limits' services ------------------------------------------------------


class _Superseded(Exception):
    """Another worker is further on with this batch."""


def limit_batch_process(*, batch_id: int) -> LimitBatch:
    """Do the batch's rows, one transaction each; resumable. An unexpected error stops the batch as
    failed, with the error, instead of leaving it running."""
    batch = _start(batch_id)
    if batch.status != LimitBatch.Status.RUNNING:
        return batch
    try:
        with batch.file.open("rb") as fh:
            table = _read(batch.file_name, fh.read())
        actor = batch.created_by
        lookups = _Lookups(actor)
        for offset in range(batch.processed_rows, len(table.rows)):
            number, cells = table.rows[offset]
            _process_row(batch.pk, offset, number, table.record(cells), actor, lookups)
    except _Superseded:
        return LimitBatch.objects.get(pk=batch_id)
    except Exception as exc:  # noqa: BLE001 - whatever it was, the batch must not stay "running"
        log.exception("limit batch %s failed", batch_id)
        with transaction.atomic():
            batch = LimitBatch.objects.select_for_update().get(pk=batch_id)
            message = exc.message if isinstance(exc, DomainError) else f"{type(exc).__name__}: {exc}"
            _mark_failed(batch, str(message))
        return LimitBatch.objects.get(pk=batch_id)
    return _complete(batch_id)


def _start(batch_id: int) -> LimitBatch:
    with transaction.atomic():
        batch = LimitBatch.objects.select_for_update().get(pk=batch_id)
        if batch.status in (LimitBatch.Status.COMPLETED,):
            return batch
        batch.started_at = batch.started_at or timezone.now()
        batch.error = ""
        limit_batch_workflow.transition(
            batch, to=LimitBatch.Status.RUNNING, actor=batch.created_by, update_fields=["started_at", "error"]
        )
    return batch


def _mark_failed(batch: LimitBatch, message: str) -> None:
    if batch.status in (LimitBatch.Status.COMPLETED, LimitBatch.Status.FAILED):
        return
    batch.error = message[:2000]
    batch.finished_at = timezone.now()
    limit_batch_workflow.transition(
        batch,
        to=LimitBatch.Status.FAILED,
        actor=batch.created_by,
        reason=batch.error,
        update_fields=["error", "finished_at"],
    )


def _complete(batch_id: int) -> LimitBatch:
    with transaction.atomic():
        batch = LimitBatch.objects.select_for_update().get(pk=batch_id)
        if batch.status != LimitBatch.Status.RUNNING:
            return batch
        batch.finished_at = timezone.now()
        limit_batch_workflow.transition(
            batch, to=LimitBatch.Status.COMPLETED, actor=batch.created_by, update_fields=["finished_at"]
        )
        if batch.created_by_id:
            notify(
                [batch.created_by],
                kind="declarations.limit_batch_completed",
                params={"name": batch.file_name, "done": batch.done_rows, "refused": batch.refused_rows},
                url=reverse("limit_batches:batch-detail", args=[batch.pk]),
                email=False,
            )
    return batch


def _process_row(batch_id: int, offset: int, number: int, cells: dict, actor, lookups) -> None:
    with transaction.atomic():
        processed = (
            LimitBatch.objects.select_for_update().values_list("processed_rows", flat=True).get(pk=batch_id)
        )
        if processed != offset:
            raise _Superseded
        action = action_of(cells.get("action")) or ""
        subject = _text(cells.get("limit")) or _text(cells.get("buyer"))
        line = LimitBatchRow(batch_id=batch_id, row_number=number, action=action, subject=subject[:255])
        try:
            with transaction.atomic():
                application, limit, amount = _do(actor, lookups, cells)
        except (DomainError, IntegrityError) as error:
            if isinstance(error, IntegrityError):
                error = translate_integrity_error(error)
            line.outcome, line.problems = LimitBatchRow.Outcome.REFUSED, stored_problems(error)
        else:
            line.outcome, line.application, line.limit, line.amount_usd = (
                LimitBatchRow.Outcome.DONE,
                application,
                limit,
                amount,
            )
        line.save()
        done = line.outcome == LimitBatchRow.Outcome.DONE
        LimitBatch.objects.filter(pk=batch_id).update(
            processed_rows=F("processed_rows") + 1,
            done_rows=F("done_rows") + (1 if done else 0),
            refused_rows=F("refused_rows") + (0 if done else 1),
            updated_at=timezone.now(),
        )


# --- the report ---------------------------------------------------------------------------------------


def report_rows_for_export(batch: LimitBatch):
    """(row, action, limit or buyer, outcome, what it made, amount, problems) in the active language."""
    labels = dict(Action.choices)
    for row in batch.rows.select_related("application", "limit").order_by("row_number"):
        made = " ".join(
            x
            for x in (
                row.application.number if row.application else "",
                row.limit.number if row.limit else "",
            )
            if x
        )
        yield (
            row.row_number,
            str(labels.get(row.action, row.action)),
            row.subject,
            row.get_outcome_display(),
            made,
            row.amount_usd,
            "; ".join(problem_text(p) for p in row.problems),
        )
