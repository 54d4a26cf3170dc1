"""Allowed moves of declarations, uploads and amendments (data, tested as data).

A declaration is born covered or partly covered (a refused one is not stored). The claims and
financing issues add their moves from ``loss_notified`` on; the states already exist so that the
receivables pages can show them.
"""

from declarations.models import DeclarationAmendment, DeclarationBatch, ShipmentDeclaration
from sinosure_portal.core.workflow import Workflow

S = ShipmentDeclaration.Status
DECLARATION_TRANSITIONS = {
    # an approved amendment may change the cover either way; the sweep marks unpaid ones overdue
    S.COVERED: {S.PARTLY_COVERED, S.OVERDUE, S.SETTLED, S.LOSS_NOTIFIED},
    S.PARTLY_COVERED: {S.COVERED, S.OVERDUE, S.SETTLED, S.LOSS_NOTIFIED},
    # an amendment that moves the due date into the future puts an overdue receivable back
    S.OVERDUE: {S.COVERED, S.PARTLY_COVERED, S.SETTLED, S.LOSS_NOTIFIED},
    S.SETTLED: set(),
    # claims issue: a notice may end with the buyer paying after all, or in a claim
    S.LOSS_NOTIFIED: {S.SETTLED, S.CLAIMED},
    S.CLAIMED: {S.INDEMNIFIED},
    S.INDEMNIFIED: set(),
}
declaration_workflow = Workflow("shipment_declaration", DECLARATION_TRANSITIONS)

B = DeclarationBatch.Status
BATCH_TRANSITIONS = {
    B.QUEUED: {B.RUNNING, B.FAILED},
    B.RUNNING: {B.COMPLETED, B.FAILED},
    # running a failed upload again resumes after its last committed chunk
    B.FAILED: {B.RUNNING},
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
