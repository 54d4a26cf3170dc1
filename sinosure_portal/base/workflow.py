"""State machines as data.

Each lifecycle app declares its allowed moves as a dict from state to the states it may go to,
wraps it in a :class:`Workflow`, and changes state only through :meth:`Workflow.transition`:
the move is checked against the table, saved, and written to the audit trail, inside the
caller's transaction. A move to the state the object is already in is a no-op.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.db import transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sinosure_portal.audit.services import audit_record, audit_record_many
from sinosure_portal.base.errors import TransitionNotAllowed
from sinosure_portal.texts import Text


class Workflow:
    def __init__(
        self, name: str, transitions: Mapping[str, set[str] | frozenset[str]], *, field: str = "status"
    ):
        self.name = name
        self.transitions = {str(k): frozenset(str(v) for v in vs) for k, vs in transitions.items()}
        self.field = field
        unknown = {t for vs in self.transitions.values() for t in vs} - set(self.transitions)
        if unknown:
            raise ValueError(f"{name}: targets without an entry of their own: {sorted(unknown)}")

    def allowed(self, state: str) -> frozenset[str]:
        return self.transitions.get(str(state), frozenset())

    def can(self, obj: Model, to: str) -> bool:
        return str(to) in self.allowed(getattr(obj, self.field))

    def transition(
        self,
        obj: Model,
        *,
        to: str,
        actor=None,
        reason: str | Text = "",
        data: dict | None = None,
        update_fields: list[str] | None = None,
        changes: dict | None = None,
    ) -> bool:
        """Move ``obj`` to ``to``; return False when it already was there (nothing written).
        ``changes`` ({field: (before, after)}) are the values the move changed beside the state."""
        current = str(getattr(obj, self.field))
        to = str(to)
        if current == to:
            return False
        if to not in self.allowed(current):
            raise TransitionNotAllowed(
                "transition_not_allowed",
                _("%(object)s cannot go from %(from)s to %(to)s."),
                field=self.field,
                object=str(obj),
                **{"from": _label(obj, self.field, current), "to": _label(obj, self.field, to)},
            )
        if not transaction.get_connection().in_atomic_block:
            raise RuntimeError(f"{self.name}: transitions must run inside a transaction")
        setattr(obj, self.field, to)
        fields = [self.field, *(update_fields or [])]
        if hasattr(obj, "updated_at"):
            fields.append("updated_at")
        obj.save(update_fields=sorted(set(fields)))
        audit_record(
            obj,
            action=f"{self.name}.{to}",
            actor=actor,
            from_state=current,
            to_state=to,
            reason=reason,
            data=data,
            changes=changes,
        )
        return True

    def transition_many(
        self,
        model: type[Model],
        ids: Iterable[int],
        *,
        to: str,
        from_states: Iterable[str] | None = None,
        actor=None,
        reason: str | Text = "",
        set_fields: dict | None = None,
        chunk: int = 5000,
    ) -> list[int]:
        """Move many rows of ``model`` to ``to`` at once: rows locked in id order, one UPDATE per
        chunk guarded by the states the table allows (or ``from_states``, each of which must allow
        the move), and one audit row each, written in bulk. Rows in another state are left alone.
        ``set_fields`` are other columns the move sets. Returns the ids that moved."""
        to = str(to)
        if from_states is None:
            sources = [state for state in self.transitions if to in self.transitions[state]]
        else:
            sources = [str(state) for state in from_states]
            wrong = [state for state in sources if to not in self.allowed(state)]
            if wrong:
                raise ValueError(f"{self.name}: {wrong} -> {to} is not in the table")
        if not transaction.get_connection().in_atomic_block:
            raise RuntimeError(f"{self.name}: transitions must run inside a transaction")
        ids = sorted(set(ids))
        moved: list[int] = []
        now = timezone.now()
        columns = {self.field: to, **(set_fields or {})}
        if any(f.name == "updated_at" for f in model._meta.concrete_fields):
            columns["updated_at"] = now
        actor_obj = actor if getattr(actor, "is_authenticated", False) else None
        for start in range(0, len(ids), chunk):
            rows = list(
                model.objects.select_for_update()
                .filter(pk__in=ids[start : start + chunk], **{f"{self.field}__in": sources})
                .order_by("pk")
            )
            if not rows:
                continue
            model.objects.filter(pk__in=[r.pk for r in rows]).update(**columns)
            audit_record_many(
                model,
                actor_id=getattr(actor_obj, "pk", None),
                actor_organisation_id=getattr(actor_obj, "organisation_id", None),
                at=now,
                rows=[
                    {
                        "object_id": r.pk,
                        "object_repr": str(r),
                        "action": f"{self.name}.{to}",
                        "from_state": getattr(r, self.field),
                        "to_state": to,
                        "reason": reason,
                    }
                    for r in rows
                ],
            )
            moved.extend(r.pk for r in rows)
        return moved


def _label(obj: Model, field: str, value: str) -> str:
    choices = dict(obj._meta.get_field(field).flatchoices)
    return str(choices.get(value, value))
