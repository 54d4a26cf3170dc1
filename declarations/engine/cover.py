"""The cover: the limits' terms and exposure, locked in id order (the order every path takes them in,
so no two declarers deadlock), and the rows covered in order by ``declarations.rules.cover_one``
over ``limits.rules`` (the only copy of the coverage rules).

``Planner`` works a chunk's cover out ahead on the checking thread from the limits as this upload
left them; the writer uses that plan only when, under the locks, every limit is exactly as the plan
assumed (same exposure, same changes), so a plan saves time and never decides anything on its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db import connection
from django.utils import timezone

from declarations import rules
from declarations.models import DeclarationBatchRow
from declarations.rows import CheckedRow, RefusedRow
from limits import rules as limit_rules
from limits.models import CreditLimit, CreditLimitChange
from limits.services.exposure import limit_exposure_peaks_record
from sinosure_portal.ledger.errors import LedgerDrift

Outcome = DeclarationBatchRow.Outcome
ZERO = Decimal("0.00")


def limit_ids_of(rows: list) -> list[int]:
    return sorted({r.limit_id for r in rows if r.__class__ is CheckedRow})


def change_facts(limit_ids) -> dict[int, list]:
    """The terms history of these limits (``limits.rules.ChangeFact``), in the order applied."""
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


def lock_limits(limit_ids: list[int]) -> tuple[dict, dict]:
    """Lock the limits (SELECT ... FOR UPDATE, id order) for the caller's transaction; their exposure
    and the ids of their changes, read under the lock."""
    if not limit_ids:
        return {}, {}
    locked = dict(
        CreditLimit.objects.select_for_update()
        .filter(pk__in=limit_ids)
        .order_by("pk")
        .values_list("pk", "exposure_usd")
    )
    return locked, _fingerprints(limit_ids)


def read_limits(limit_ids: list[int]) -> dict:
    """The limits' exposure now, without a lock (a check that declares nothing)."""
    return dict(CreditLimit.objects.filter(pk__in=limit_ids).values_list("pk", "exposure_usd"))


def _fingerprints(limit_ids) -> dict:
    seen: dict[int, list] = {pk: [] for pk in limit_ids}
    for limit_id, change_id in (
        CreditLimitChange.objects.filter(limit_id__in=limit_ids)
        .order_by("created_at", "id")
        .values_list("limit_id", "id")
    ):
        seen[limit_id].append(change_id)
    return {pk: tuple(ids) for pk, ids in seen.items()}


def states_of(exposures: dict, changes: dict) -> dict[int, rules.LimitState]:
    return {pk: rules.LimitState(pk, changes[pk], exposure) for pk, exposure in exposures.items()}


@dataclass
class Allocation:
    """The cover of a chunk's rows, in row order, and what it does to the limits."""

    declared: list  # (row, covered, reason code, params) of the rows declared
    # per row: (row number, invoice, buyer text, outcome, code, params, late, amount, covered,
    # premium, index in ``declared`` or None, available before)
    report: list
    counts: dict
    covered_total: Decimal
    premium_total: Decimal
    exposures: dict  # limit id -> exposure after the chunk, for the limits it used
    copy_text: str | None = None  # the declared rows' COPY text, when planned ahead


def allocate(rows: list, states: dict, terms_cache: dict, taken: set, refs_taken: set) -> Allocation:
    """Cover the rows in order against the limits' states (``rules.cover_one``), skipping the rows
    refused already or declared before."""
    declared: list = []
    report: list = []
    counts = {"covered": 0, "partly": 0, "refused": 0, "duplicate": 0}
    covered_total = premium_total = ZERO
    append = report.append
    for row in rows:
        if row.__class__ is RefusedRow and row.stage in ("parse", "repeat"):
            repeat = row.stage == "repeat"
            counts["duplicate" if repeat else "refused"] += 1
            kind = Outcome.DUPLICATE if repeat else Outcome.REFUSED
            append(_refused(row, kind, row.code, row.params, row.late))
            continue
        if row.invoice_number in taken or (row.client_reference and row.client_reference in refs_taken):
            counts["duplicate"] += 1
            if row.invoice_number in taken:
                code, params = "already_declared", {"invoice": row.invoice_number}
            else:
                code, params = "reference_used", {"reference": row.client_reference}
            append(_refused(row, Outcome.DUPLICATE, code, params, False))
            continue
        if row.__class__ is RefusedRow:
            counts["refused"] += 1
            append(_refused(row, Outcome.REFUSED, row.code, row.params, row.late))
            continue
        request = rules.CoverRequest(
            row.limit_id, row.amount_usd, row.shipment_date, row.payment_term, row.credit_days
        )
        cover = rules.cover_one(states.get(row.limit_id), request, terms_cache)
        covered = cover.covered_usd
        if covered <= 0:
            counts["refused"] += 1
            append(
                _refused(
                    row, Outcome.REFUSED, cover.reason, cover.params, row.late, cover.available_before_usd
                )
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
            + (row.amount_usd, covered, row.premium_usd, len(declared), cover.available_before_usd)
        )
        declared.append((row, covered, cover.reason or "", cover.params))
    exposures = {pk: state.exposure_usd for pk, state in states.items() if state.used}
    return Allocation(declared, report, counts, covered_total, premium_total, exposures)


def _refused(row, outcome: str, code, params, late: bool, available=None) -> tuple:
    return (
        row.row_number,
        row.invoice_number,
        row.buyer_text,
        outcome,
        code,
        params,
        late,
        row.amount_usd,
    ) + (
        None,
        None,
        None,
        available,
    )


@dataclass
class Plan:
    allocation: Allocation
    start: dict  # limit id -> (exposure before the chunk, ids of the limit's changes)


class Planner:
    """Works out chunks' cover ahead from the limits as this upload left them (see the module)."""

    def __init__(self, text_of=None):
        self.text_of = text_of  # the declared rows' COPY text, built here too when given
        self.states: dict[int, rules.LimitState] = {}
        self.terms_cache: dict = {}
        self.broken = False

    def plan(self, rows: list, declared_before: tuple) -> Plan | None:
        if self.broken:
            return None
        limit_ids = limit_ids_of(rows)
        new = [pk for pk in limit_ids if pk not in self.states]
        if new:
            exposure = read_limits(new)
            if len(exposure) != len(new):
                self.broken = True  # those limits cannot be seen from here: the writer decides
                return None
            self.states.update(states_of(exposure, change_facts(new)))
        states = {pk: self.states[pk] for pk in limit_ids}
        start = {}
        for pk, state in states.items():
            state.used = False
            start[pk] = (state.exposure_usd, tuple(c.change_id for c in state.changes))
        allocation = allocate(rows, states, self.terms_cache, *declared_before)
        if self.text_of is not None:  # the writer then only sends the text
            allocation.copy_text = self.text_of(allocation.declared)
        return Plan(allocation, start)


def plan_holds(plan: Plan | None, limit_ids: list[int], locked: dict, fingerprints: dict) -> bool:
    return plan is not None and all(
        plan.start.get(pk) == (locked.get(pk), fingerprints[pk]) for pk in limit_ids
    )


def cover_again(
    limit_id: int, *, holds_usd: Decimal, request: rules.CoverRequest
) -> tuple[rules.Cover, rules.LimitState]:
    """A declared shipment covered again (an approved amendment), under the limit's lock: what it
    held is freed first, then ``rules.cover_one`` decides as for any row. The caller writes the
    state's exposure with ``update_exposure`` once it keeps the cover."""
    locked, _fingerprints = lock_limits([limit_id])
    exposure_without = locked[limit_id] - holds_usd
    if exposure_without < 0:  # the limit holds less than this declaration: drift, never clamped
        raise LedgerDrift(str(limit_id), limit_id=limit_id)
    state = rules.LimitState(limit_id, change_facts([limit_id])[limit_id], exposure_without)
    return rules.cover_one(state, request), state


def update_exposure(exposures: dict) -> None:
    """Write the new exposure of the limits used (locked by the caller) in one statement."""
    if not exposures:
        return
    now = timezone.now()
    # a new high of a limit's exposure goes into its history (limits' exposure peaks)
    limit_exposure_peaks_record(exposures=exposures, at=now)
    if connection.vendor != "postgresql":
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
