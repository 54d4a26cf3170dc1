"""State machines as data.

Each lifecycle app declares its allowed moves as a dict from state to the states it may go to,
wraps it in a :class:`Workflow`, and changes state only through :meth:`Workflow.transition`:
the move is checked against the table, saved, and written to the audit trail, inside the
caller's transaction. A move to the state the object is already in is a no-op.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.db import transaction
from django.db.models import Model
from django.utils.translation import gettext_lazy as _

from sinosure_portal.audit.services import audit_record
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


def _label(obj: Model, field: str, value: str) -> str:
    choices = dict(obj._meta.get_field(field).flatchoices)
    return str(choices.get(value, value))
