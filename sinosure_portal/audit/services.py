"""The one way to leave an audit row. Every workflow calls :func:`audit_record`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Model

from sinosure_portal.audit.models import AuditEvent
from sinosure_portal.texts import Text

# Listeners told of every audit row as it is written, in its transaction (the webhooks raise their
# events here, so that every workflow move can raise one). A listener is registered with the test
# ``interested(model)``; rows of other models never reach it, and a bulk write made in SQL returns
# its rows only when someone listens.
_LISTENERS: list[tuple[Callable[[type[Model], list[AuditRow]], None], Callable[[type[Model]], bool]]] = []


@dataclass(frozen=True)
class AuditRow:
    object_id: str
    action: str
    from_state: str
    to_state: str
    at: datetime


def audit_listener_register(
    func: Callable[[type[Model], list[AuditRow]], None], *, interested: Callable[[type[Model]], bool]
) -> None:
    key = (func.__module__, func.__qualname__)
    if all((f.__module__, f.__qualname__) != key for f, _i in _LISTENERS):
        _LISTENERS.append((func, interested))


def _listeners(model: type[Model]) -> list:
    return [func for func, interested in _LISTENERS if interested(model)]


def _tell(model: type[Model], rows: list[AuditRow]) -> None:
    if rows:
        for func in _listeners(model):
            func(model, rows)


def audit_record(
    obj: Model,
    *,
    action: str,
    actor=None,
    from_state: str = "",
    to_state: str = "",
    reason: str | Text = "",
    data: dict[str, Any] | None = None,
    changes: dict[str, tuple[Any, Any]] | None = None,
) -> AuditEvent:
    """``changes`` maps a field to its (before, after) values; stored as data["changes"]. A
    ``reason`` the system writes is a :class:`~sinosure_portal.texts.Text`, stored as its kind
    and parameters and rendered for each reader; a person's reason is plain text."""
    actor_obj = actor if getattr(actor, "is_authenticated", False) else None
    if changes:
        data = {**(data or {}), "changes": {field: list(pair) for field, pair in changes.items()}}
    event = AuditEvent.objects.create(
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=True),
        object_id=str(obj.pk),
        object_repr=str(obj)[:200],
        action=action,
        from_state=str(from_state or ""),
        to_state=str(to_state or ""),
        actor=actor_obj,
        actor_organisation_id=getattr(actor_obj, "organisation_id", None),
        **_reason_columns(reason),
        data=_jsonable(data or {}),
    )
    model = type(obj)._meta.concrete_model
    if _listeners(model):
        _tell(model, [AuditRow(event.object_id, event.action, event.from_state, event.to_state, event.at)])
    return event


def _reason_columns(reason) -> dict[str, Any]:
    if isinstance(reason, Text):
        return {"reason": "", "reason_kind": reason.kind, "reason_params": _jsonable(reason.params)}
    return {"reason": str(reason or "")}


SET_COLUMNS = ("object_id", "object_repr", "action", "from_state", "to_state", "reason", "data")


def audit_record_many(
    model: type[Model],
    *,
    actor_id: int | None,
    actor_organisation_id: int | None,
    at,
    rows: list[dict] | None = None,
    select: str | None = None,
    params: list | tuple = (),
) -> int:
    """Audit rows for many objects of ``model`` at once, same shape as :func:`audit_record` (who,
    when, from, to, why). Either ``rows`` (dicts keyed by SET_COLUMNS, bulk-created), or ``select``:
    SQL whose columns are SET_COLUMNS in that order, turned into one ``INSERT ... SELECT`` so the rows
    are made in the database (``data`` as jsonb). Returns the number of rows written."""
    ct_id = ContentType.objects.get_for_model(model, for_concrete_model=True).pk
    model = model._meta.concrete_model
    listening = bool(_listeners(model))
    if rows is not None:
        AuditEvent.objects.bulk_create(
            [
                AuditEvent(
                    content_type_id=ct_id,
                    object_id=str(r["object_id"]),
                    object_repr=str(r.get("object_repr", ""))[:200],
                    action=r["action"],
                    from_state=str(r.get("from_state") or ""),
                    to_state=str(r.get("to_state") or ""),
                    actor_id=actor_id,
                    actor_organisation_id=actor_organisation_id,
                    at=at,
                    **_reason_columns(r.get("reason")),
                    data=_jsonable(r.get("data") or {}),
                )
                for r in rows
            ],
            batch_size=1000,
        )
        if listening:
            _tell(
                model,
                [
                    AuditRow(
                        str(r["object_id"]),
                        r["action"],
                        str(r.get("from_state") or ""),
                        str(r.get("to_state") or ""),
                        at,
                    )
                    for r in rows
                ],
            )
        return len(rows)
    from django.db import connection

    table = AuditEvent._meta.db_table
    columns = ", ".join(
        f'"{c}"'
        for c in ("content_type_id", *SET_COLUMNS[:6], "actor_id", "actor_organisation_id", "at", "data")
    )
    outer = ", ".join(f"s.{c}" for c in SET_COLUMNS[:6])
    sql = (
        f'INSERT INTO "{table}" ({columns}) '  # noqa: S608 - names from the model, values are placeholders
        f"SELECT %s, {outer}, %s, %s, %s, s.data FROM ({select}) AS s ({', '.join(SET_COLUMNS)})"
    )
    if listening:  # the rows written, for the listeners (only then: a large bulk write reads none back)
        sql += ' RETURNING "object_id", "action", "from_state", "to_state"'
    with connection.cursor() as cursor:
        cursor.execute(sql, [ct_id, actor_id, actor_organisation_id, at, *params])
        written = cursor.rowcount
        if listening:
            _tell(model, [AuditRow(*row, at) for row in cursor.fetchall()])
        return written


def audit_history(obj: Model):
    return (
        AuditEvent.objects.filter(
            content_type=ContentType.objects.get_for_model(obj, for_concrete_model=True),
            object_id=str(obj.pk),
        )
        .select_related("actor", "actor_organisation")
        .order_by("at", "id")
    )


def _jsonable(value):
    from datetime import date, datetime
    from decimal import Decimal

    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, date | datetime):
        return value.isoformat()
    return value
