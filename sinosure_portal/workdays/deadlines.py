"""Stored provisional deadlines follow the calendar once staff confirm a year.

The kernel imports no app: each app registers, in its ``AppConfig.ready``, a hook that recomputes
its own stored provisional deadlines for a confirmed year (``deadline_recompute_register``). A
hook selects its provisional rows once, computes each row's date from its basis with the app's
rule definitions (distinct bases computed once), and writes them in one set-based statement with
:func:`deadline_rows_update`, which returns only the rows whose date or flag changed. For each
moved date the hook calls :func:`deadline_moved_record`: an audit row ``deadline.recomputed``
with before and after, and one message to each party. Re-confirming moves nothing, so tells no one
twice.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from django.db import connection
from django.db.models import Model

from sinosure_portal.audit.services import audit_record
from sinosure_portal.notifications.services import notify
from sinosure_portal.texts import Text


@dataclass(frozen=True)
class DeadlineMove:
    pk: int
    before: date
    after: date


Hook = Callable[..., int]  # hook(*, year, actor) -> number of deadlines moved
_HOOKS: dict[str, Hook] = {}


def deadline_recompute_register(name: str, hook: Hook) -> None:
    """Apps call this from ``AppConfig.ready``; registering the same name again replaces it."""
    _HOOKS[name] = hook


def deadlines_recompute(*, year: int, actor) -> dict[str, int]:
    """Run every registered hook for ``year`` (inside the caller's transaction)."""
    return {name: hook(year=year, actor=actor) for name, hook in sorted(_HOOKS.items())}


def deadline_rows_update(
    model: type[Model],
    *,
    date_field: str,
    provisional_field: str,
    rows: Iterable[tuple[int, date, bool]],
) -> list[DeadlineMove]:
    """Set ``(pk, new date, still provisional)`` for each row in one UPDATE ... FROM (VALUES ...);
    return the rows whose date moved (a row that only loses its provisional flag is updated
    silently)."""
    rows = list(rows)
    if not rows:
        return []
    table = connection.ops.quote_name(model._meta.db_table)
    pk = connection.ops.quote_name(model._meta.pk.column)
    col = connection.ops.quote_name(model._meta.get_field(date_field).column)
    prov = connection.ops.quote_name(model._meta.get_field(provisional_field).column)
    values = ", ".join(["(%s::bigint, %s::date, %s::boolean)"] * len(rows))
    params = [p for row in rows for p in row]
    sql = (
        f"UPDATE {table} AS t SET {col} = v.new_date, {prov} = v.provisional "  # noqa: S608 (quoted names)
        f"FROM (VALUES {values}) AS v(id, new_date, provisional), {table} AS o "
        f"WHERE t.{pk} = v.id AND o.{pk} = t.{pk} "
        f"AND (t.{col} IS DISTINCT FROM v.new_date OR t.{prov} IS DISTINCT FROM v.provisional) "
        f"RETURNING t.{pk}, o.{col}, v.new_date"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        result = cursor.fetchall()
    moves = [DeadlineMove(pk, before, after) for pk, before, after in result if before != after]
    return sorted(moves, key=lambda m: m.pk)


def deadline_moved_record(
    obj: Model,
    *,
    move: DeadlineMove,
    what: str,
    rule: str,
    actor,
    year: int,
    parties: Iterable[Iterable],
    title,
    url: str = "",
) -> None:
    """The audit row and one message per party (each party a set of users) for one moved date."""
    audit_record(
        obj,
        action="deadline.recomputed",
        actor=actor,
        from_state=move.before.isoformat(),
        to_state=move.after.isoformat(),
        reason=Text("workdays.calendar_confirmed", {"year": year}),
        data={"deadline": what, "rule": rule, "before": move.before, "after": move.after, "year": year},
        changes={"deadline": (move.before, move.after)},
    )
    users = {}
    for party in parties:
        for user in party:
            users.setdefault(user.pk, user)
    if users:
        if isinstance(title, Text):
            notify(users.values(), kind=title.kind, params=title.params, url=url, level="warning")
        else:
            notify(users.values(), kind="deadline_recomputed", title=title, url=url, level="warning")
