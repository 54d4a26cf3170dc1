"""Allowed moves of possible-loss notices, claims and document requests (data, tested as data)."""

from claims.models import Claim, DocumentRequest, PossibleLossNotice
from sinosure_portal.base.workflow import Workflow

N = PossibleLossNotice.Status
NOTICE_TRANSITIONS = {
    N.SUBMITTED: {N.ACKNOWLEDGED, N.CLAIMED, N.WITHDRAWN},
    N.ACKNOWLEDGED: {N.CLAIMED, N.CLOSED, N.WITHDRAWN},
    N.CLAIMED: set(),
    N.CLOSED: set(),
    N.WITHDRAWN: set(),
}
notice_workflow = Workflow("possible_loss_notice", NOTICE_TRANSITIONS)

C = Claim.Status
CLAIM_TRANSITIONS = {
    C.SUBMITTED: {C.ACCEPTED, C.WITHDRAWN},
    # a simple case may be assessed without an investigation
    C.ACCEPTED: {C.INVESTIGATING, C.ASSESSED, C.WITHDRAWN},
    C.INVESTIGATING: {C.ASSESSED, C.WITHDRAWN},
    # an assessment may send the case back to investigation; withdrawal is possible until decided
    C.ASSESSED: {C.INVESTIGATING, C.APPROVED, C.PARTLY_APPROVED, C.DENIED, C.WITHDRAWN},
    C.APPROVED: {C.NOTICE_ISSUED},
    C.PARTLY_APPROVED: {C.NOTICE_ISSUED},
    C.DENIED: {C.CLOSED},
    C.NOTICE_ISSUED: {C.RECEIPT_RETURNED},
    # a large indemnity needs a second officer's approval before it is paid (services.indemnity)
    C.RECEIPT_RETURNED: {C.PAID, C.PAYMENT_APPROVED},
    C.PAYMENT_APPROVED: {C.PAID},
    C.PAID: {C.CLOSED},
    C.CLOSED: set(),
    C.WITHDRAWN: set(),
}
claim_workflow = Workflow("claim", CLAIM_TRANSITIONS)

R = DocumentRequest.Status
REQUEST_TRANSITIONS = {
    R.OPEN: {R.ANSWERED, R.CANCELLED},
    R.ANSWERED: set(),
    R.CANCELLED: set(),
}
request_workflow = Workflow("claim_document_request", REQUEST_TRANSITIONS)
