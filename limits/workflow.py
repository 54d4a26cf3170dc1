"""Allowed moves of credit limit applications and credit limits (data, tested as data)."""

from limits.models import CreditLimit, CreditLimitApplication
from sinosure_portal.base.workflow import Workflow

A = CreditLimitApplication.Status
APPLICATION_TRANSITIONS = {
    # decided at once by an automatic rule, or taken from the queue by an underwriter
    A.SUBMITTED: {A.UNDER_REVIEW, A.APPROVED, A.PARTLY_APPROVED, A.REJECTED, A.WITHDRAWN},
    A.UNDER_REVIEW: {A.SUBMITTED, A.APPROVED, A.PARTLY_APPROVED, A.REJECTED, A.WITHDRAWN},
    A.APPROVED: set(),
    A.PARTLY_APPROVED: set(),
    A.REJECTED: set(),
    A.WITHDRAWN: set(),
}
application_workflow = Workflow("limit_application", APPLICATION_TRANSITIONS)

L = CreditLimit.Status
LIMIT_TRANSITIONS = {
    L.ACTIVE: {L.REDUCED, L.CANCELLED, L.REVOKED},
    # a later approval (increase) puts a reduced limit back in full force
    L.REDUCED: {L.ACTIVE, L.CANCELLED, L.REVOKED},
    L.CANCELLED: set(),
    L.REVOKED: set(),
}
limit_workflow = Workflow("credit_limit", LIMIT_TRANSITIONS)
