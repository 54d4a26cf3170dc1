"""Allowed moves of declarations, uploads and amendments (data, tested as data).

A declaration is born covered or partly covered (a refused one is not stored). The claims app
moves it to ``loss_notified``, ``claimed`` and ``indemnified``, and back to an open state when a
notice or claim ends without an indemnity (``declarations_reopen``).
"""

from django.utils.translation import gettext_lazy as _

from declarations.models import (
    DeclarationAmendment,
    DeclarationBatch,
    LimitBatch,
    PlannedOrder,
    ShipmentDeclaration,
)
from sinosure_portal.audit.labels import register_action_labels
from sinosure_portal.base.workflow import Workflow

S = ShipmentDeclaration.Status
DECLARATION_TRANSITIONS = {
    # an approved amendment may change the cover either way; the sweep marks unpaid ones overdue
    S.COVERED: {S.PARTLY_COVERED, S.OVERDUE, S.SETTLED, S.LOSS_NOTIFIED},
    S.PARTLY_COVERED: {S.COVERED, S.OVERDUE, S.SETTLED, S.LOSS_NOTIFIED},
    # an amendment that moves the due date into the future puts an overdue receivable back
    S.OVERDUE: {S.COVERED, S.PARTLY_COVERED, S.SETTLED, S.LOSS_NOTIFIED},
    S.SETTLED: set(),
    # a notice may end with the buyer paying after all, or in a claim; withdrawn or closed without
    # one, its shipments are open receivables again
    S.LOSS_NOTIFIED: {S.SETTLED, S.CLAIMED, S.OVERDUE, S.COVERED, S.PARTLY_COVERED},
    # a claim withdrawn or denied, or an invoice it excluded, puts the receivable back on the book
    S.CLAIMED: {S.INDEMNIFIED, S.OVERDUE, S.COVERED, S.PARTLY_COVERED},
    S.INDEMNIFIED: set(),
}
declaration_workflow = Workflow("shipment_declaration", DECLARATION_TRANSITIONS)

B = DeclarationBatch.Status
BATCH_TRANSITIONS = {
    B.QUEUED: {B.RUNNING, B.FAILED},
    B.RUNNING: {B.COMPLETED, B.FAILED},
    # running a failed upload again resumes after its last committed chunk
    B.FAILED: {B.RUNNING, B.QUEUED},
    B.COMPLETED: set(),
}
batch_workflow = Workflow("declaration_batch", BATCH_TRANSITIONS)

A = DeclarationAmendment.Status
AMENDMENT_TRANSITIONS = {
    A.SUBMITTED: {A.APPROVED, A.REJECTED, A.WITHDRAWN},
    A.APPROVED: set(),
    A.REJECTED: set(),
    A.WITHDRAWN: set(),
}
amendment_workflow = Workflow("declaration_amendment", AMENDMENT_TRANSITIONS)

P = PlannedOrder.Status
PLANNED_ORDER_TRANSITIONS = {
    P.PLANNED: {P.DROPPED},  # shipped and declared, or not going to ship
    P.DROPPED: set(),
}
planned_order_workflow = Workflow("planned_order", PLANNED_ORDER_TRANSITIONS)

LB = LimitBatch.Status
LIMIT_BATCH_TRANSITIONS = {
    LB.QUEUED: {LB.RUNNING, LB.FAILED},
    LB.RUNNING: {LB.COMPLETED, LB.FAILED},
    # running a failed batch again resumes after its last row done
    LB.FAILED: {LB.RUNNING, LB.QUEUED},
    LB.COMPLETED: set(),
}
limit_batch_workflow = Workflow("limit_batch", LIMIT_BATCH_TRANSITIONS)

# acts on a declaration that are not moves, as the history shows them
register_action_labels(
    {
        "shipment_declaration.payment": _("Payment recorded"),
        "shipment_declaration.amendment_requested": _("Amendment requested"),
        "shipment_declaration.amended": _("Amendment applied"),
        "declaration_batch.requeued": _("Upload queued again"),
        "limit_batch.queued": _("Limit batch queued"),
        "limit_batch.requeued": _("Limit batch queued again"),
    }
)
