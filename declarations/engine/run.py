"""The entry of the engine: ``run(policy, rows, actor, mode="write"|"check", batch=None)``.

One declaration is a run of one row; the upload (``declarations.services.bulk``) runs its rows
chunk by chunk through the same ``Engine``: each chunk in ONE transaction takes the upload's row
lock (two workers never write one chunk), locks the chunk's limits in id order, allocates the cover
in row order, writes the declarations, their audit rows and the report, the limits' exposure and
the upload's progress, all committed together (durably: synchronous commit stays on).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from declarations.engine import checks, cover, nil, write
from declarations.models import DeclarationBatch, DeclarationBatchRow
from declarations.rows import CheckedRow, RefusedRow

Kind = DeclarationBatchRow.Outcome


def _hook_after_chunk_write(batch_id: int | None, chunk_index: int) -> None:
    """Nothing; tests replace it to act in the middle of a chunk's transaction (a crash, a change)."""


class Superseded(Exception):
    """The upload's progress is not where this worker left it: another worker is on it."""


class Chunk(list):
    """Checked rows, with what was already declared when they were checked and the planned cover."""

    declared_before: tuple[set, set] | None = None
    plan = None


@dataclass
class Outcome:
    """What became of one row."""

    row: CheckedRow | RefusedRow
    outcome: str  # covered / partly_covered / refused / duplicate
    reason_code: str
    reason_params: dict
    covered_usd: Decimal | None
    available_before_usd: Decimal | None
    declaration_id: int | None = None

    def error(self):
        """The refusal as the form and the API raise it."""
        stage = (
            self.row.stage if self.row.__class__ is RefusedRow and self.outcome == Kind.REFUSED else "rule"
        )
        return checks.refusal_error(stage, self.reason_code, self.reason_params)


class Engine:
    """Declares rows of one policy for one actor (an upload's rows: ``batch``)."""

    def __init__(self, policy, actor, checker, *, batch: DeclarationBatch | None = None, plan: bool = False):
        self.policy = policy
        self.batch = batch
        self.checker = checker
        real = actor if getattr(actor, "is_authenticated", False) else None
        self.actor_id = real.pk if real else None
        self.actor_org_id = real.organisation_id if real else None
        self.now, self.now_text = write.now_text()
        self.declared_on = checker.today
        self.terms_cache: dict = {}
        self.fingerprints: dict = {}
        self.copy_end = ""
        self.copying = write.use_copy()
        self.prepare = write.copy_fragments(self) if self.copying else None
        text_of = (lambda declared: write.copy_text(declared, self.copy_end)) if self.copying else None
        self.planner = cover.Planner(text_of) if plan else None

    def check(self, numbered: list[tuple[int, dict]], repeats: dict | None = None) -> Chunk:
        """Check rows given as (row number, cells); ``repeats``: the rows refused as repeats, by index."""
        repeats = repeats if repeats is not None else _repeats(numbered)
        check = self.checker.check
        return self.ready(Chunk(repeats.get(i) or check(n, raw) for i, (n, raw) in enumerate(numbered)))

    def ready(self, rows: Chunk) -> Chunk:
        """Everything about checked rows that needs no lock: their COPY fragments, which of them are
        declared already (a declaration made after this look is caught by the unique index, and the
        rows are then written again with the look made inside the transaction), the planned cover."""
        if self.prepare is not None:
            self.prepare(rows)
        rows.declared_before = checks.declared_before(self.policy, rows)
        if self.planner is not None:
            rows.plan = self.planner.plan(rows, rows.declared_before)
        return rows

    def assess(self, rows: Chunk) -> cover.Allocation:
        """The cover the rows would get now, without a lock and without writing anything."""
        limit_ids = cover.limit_ids_of(rows)
        states = cover.states_of(cover.read_limits(limit_ids), cover.change_facts(limit_ids))
        return cover.allocate(
            rows, states, {}, *(rows.declared_before or checks.declared_before(self.policy, rows))
        )

    def commit(self, rows: Chunk, offset: int = 0, index: int = 0) -> tuple[cover.Allocation, dict]:
        """Declare the rows in one transaction; a race on the unique index writes them again."""
        hint = rows.declared_before
        for attempt in range(3):
            try:
                with transaction.atomic():
                    return self._write(rows, offset, index, hint)
            except IntegrityError:
                # a declaration of one of these invoices committed meanwhile: look again inside the
                # transaction, and write the rows again
                hint = None
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    def _write(self, rows: Chunk, offset: int, index: int, hint) -> tuple[cover.Allocation, dict]:
        batch_id = self.batch.pk if self.batch else None
        if batch_id is not None and _lock_progress(batch_id) != offset:
            raise Superseded
        limit_ids = cover.limit_ids_of(rows)
        locked, fingerprints = cover.lock_limits(limit_ids)
        plan = rows.plan if hint is not None else None
        if cover.plan_holds(plan, limit_ids, locked, fingerprints):
            allocation = plan.allocation
        else:
            taken, refs_taken = hint or checks.declared_before(self.policy, rows)
            states = cover.states_of(locked, cover.change_facts(limit_ids))
            # terms on a shipment date are kept from chunk to chunk while a limit's changes stay the same
            if any(self.fingerprints.get(pk, fp) != fp for pk, fp in fingerprints.items()):
                self.terms_cache.clear()
            self.fingerprints.update(fingerprints)
            allocation = cover.allocate(rows, states, self.terms_cache, taken, refs_taken)
        ids = write.insert_declarations(self, allocation.declared, allocation.copy_text)
        write.insert_audit(self, sorted(ids.values()))
        nil.withdraw_nil_months(
            policy_id=self.policy.pk,
            declaration_ids=sorted(ids.values()),
            actor_id=self.actor_id,
            actor_org_id=self.actor_org_id,
            at=self.now,
        )
        write.announce(sorted(ids.values()))
        if batch_id is not None:
            write.insert_report(
                batch_id, [r for r in allocation.report if r[3] in (Kind.REFUSED, Kind.DUPLICATE)]
            )
        cover.update_exposure(allocation.exposures)
        _hook_after_chunk_write(batch_id, index)
        if batch_id is not None:
            _record_progress(batch_id, offset + len(rows), allocation)
        return allocation, ids


def _lock_progress(batch_id: int) -> int:
    """Lock the upload's row for the chunk's transaction and read how far it got."""
    return (
        DeclarationBatch.objects.select_for_update().values_list("processed_rows", flat=True).get(pk=batch_id)
    )


def _record_progress(batch_id: int, processed: int, allocation: cover.Allocation) -> None:
    counts = allocation.counts
    DeclarationBatch.objects.filter(pk=batch_id).update(
        processed_rows=processed,
        covered_rows=F("covered_rows") + counts["covered"],
        partly_covered_rows=F("partly_covered_rows") + counts["partly"],
        refused_rows=F("refused_rows") + counts["refused"],
        duplicate_rows=F("duplicate_rows") + counts["duplicate"],
        covered_usd=F("covered_usd") + allocation.covered_total,
        premium_usd=F("premium_usd") + allocation.premium_total,
        updated_at=timezone.now(),
    )


def _repeats(numbered: list[tuple[int, dict]]) -> dict:
    cells = [raw for _n, raw in numbered]
    return checks.repeats(
        [n for n, _raw in numbered],
        [c.get("invoice_number") for c in cells],
        [c.get("client_reference") for c in cells],
        [c.get("buyer") for c in cells],
    )


def outcomes(rows: Chunk, allocation: cover.Allocation, ids: dict) -> list[Outcome]:
    return [
        Outcome(
            row,
            r[3],
            r[4] or "",
            r[5] or {},
            r[8],
            r[11],
            ids.get(row.invoice_number) if r[3] in (Kind.COVERED, Kind.PARTLY_COVERED) else None,
        )
        for row, r in zip(rows, allocation.report, strict=True)
    ]


def run(
    policy,
    rows: list[dict],
    actor,
    mode: str = "write",
    batch: DeclarationBatch | None = None,
    *,
    planned: bool = False,
) -> list[Outcome]:
    """Declare ``rows`` (dicts keyed by the columns of ``declarations.columns``, numbered from 1) on
    ``policy`` for ``actor``, or with ``mode="check"`` only say what they would get, writing
    nothing. ``planned=True`` (check only): orders not shipped yet, valued at the latest known rate,
    with no invoice number; the rows are covered in order, so a quote put after the planned orders
    learns what is left after them. The caller checked that the actor may declare on the policy."""
    if mode not in ("write", "check") or (planned and mode != "check"):
        raise ValueError(mode)
    checker = checks.checker_for_rows(policy, rows, planned=planned)
    engine = Engine(policy, actor, checker, batch=batch)
    chunk = engine.check(list(enumerate(rows, start=1)))
    if mode == "check":
        return outcomes(chunk, engine.assess(chunk), {})
    allocation, ids = engine.commit(chunk, offset=batch.processed_rows if batch else 0)
    return outcomes(chunk, allocation, ids)
