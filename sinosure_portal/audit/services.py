"""The one way to leave an audit row. Every workflow calls :func:`audit_record`."""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Model

from sinosure_portal.audit.models import AuditEvent


def audit_record(
    obj: Model,
    *,
    action: str,
    actor=None,
    from_state: str = "",
    to_state: str = "",
    reason: str = "",
    data: dict[str, Any] | None = None,
) -> AuditEvent:
    actor_obj = actor if getattr(actor, "is_authenticated", False) else None
    return AuditEvent.objects.create(
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=True),
        object_id=str(obj.pk),
        object_repr=str(obj)[:200],
        action=action,
        from_state=str(from_state or ""),
        to_state=str(to_state or ""),
        actor=actor_obj,
        actor_organisation_id=getattr(actor_obj, "organisation_id", None),
        reason=reason or "",
        data=_jsonable(data or {}),
    )


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
