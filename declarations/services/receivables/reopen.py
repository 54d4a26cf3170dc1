"""Reopen."""

from __future__ import annotations

from datetime import date

from declarations.models import ShipmentDeclaration
from declarations.services.receivables._common import RECORDER_ROLES, S  # noqa: F401
from declarations.workflow import declaration_workflow
from sinosure_portal.workdays.calendar import today as shanghai_today

# --- back from a loss notice or a claim -----------------------------------------------------------------


def open_status(declaration: ShipmentDeclaration, today: date) -> str:
    """Where an unpaid receivable stands on its own: overdue past its due date, else covered or partly."""
    if declaration.due_date < today:
        return S.OVERDUE
    return S.COVERED if declaration.covered_usd >= declaration.amount_usd else S.PARTLY_COVERED


def declarations_reopen(*, actor, declarations, reason: str) -> list[ShipmentDeclaration]:
    """Put shipments back on the receivables book when what held them ends without an indemnity.

    A possible-loss notice withdrawn or closed, or a claim withdrawn, denied or excluding the
    invoice, leaves the buyer still owing: the shipment is overdue again (or covered when its due
    date was moved into the future), takes payments, and may be named by a later notice. The caller
    holds the rows' locks inside its transaction; rows in other states are left alone.
    """
    today = shanghai_today()
    moved = []
    for declaration in declarations:
        if declaration.status not in (S.LOSS_NOTIFIED, S.CLAIMED):
            continue
        to = open_status(declaration, today)
        declaration.overdue_since = (declaration.overdue_since or today) if to == S.OVERDUE else None
        declaration_workflow.transition(
            declaration, to=to, actor=actor, reason=str(reason), update_fields=["overdue_since"]
        )
        moved.append(declaration)
    return moved
