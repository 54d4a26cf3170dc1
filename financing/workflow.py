"""Allowed moves of financing agreements, receivable assignments, loans and data authorisations
(data, tested as data)."""

from financing.models import DataAuthorisation, IndemnityAssignment, Loan, ReceivableAssignment
from sinosure_portal.base.workflow import Workflow

IA = IndemnityAssignment.Status
INDEMNITY_ASSIGNMENT_TRANSITIONS = {
    # the exporter signs when proposing; the bank signs or declines; the exporter may withdraw
    IA.PROPOSED: {IA.BANK_SIGNED, IA.REJECTED, IA.WITHDRAWN},
    # the insurer approves (in force) or rejects; the exporter may still withdraw
    IA.BANK_SIGNED: {IA.IN_FORCE, IA.REJECTED, IA.WITHDRAWN},
    # either party asks to terminate; the agreement binds until the insurer confirms
    IA.IN_FORCE: {IA.TERMINATION_REQUESTED},
    IA.TERMINATION_REQUESTED: {IA.TERMINATED, IA.IN_FORCE},
    IA.TERMINATED: set(),
    IA.REJECTED: set(),
    IA.WITHDRAWN: set(),
}
indemnity_assignment_workflow = Workflow("indemnity_assignment", INDEMNITY_ASSIGNMENT_TRANSITIONS)

RA = ReceivableAssignment.Status
RECEIVABLE_ASSIGNMENT_TRANSITIONS = {
    RA.PROPOSED: {RA.ACCEPTED, RA.DECLINED, RA.WITHDRAWN},
    RA.ACCEPTED: set(),
    RA.DECLINED: set(),
    RA.WITHDRAWN: set(),
}
receivable_assignment_workflow = Workflow("receivable_assignment", RECEIVABLE_ASSIGNMENT_TRANSITIONS)

L = Loan.Status
LOAN_TRANSITIONS = {
    L.OPEN: {L.REPAID},
    L.REPAID: set(),
}
loan_workflow = Workflow("loan", LOAN_TRANSITIONS)

D = DataAuthorisation.Status
DATA_AUTHORISATION_TRANSITIONS = {
    D.ACTIVE: {D.REVOKED},
    D.REVOKED: set(),
}
data_authorisation_workflow = Workflow("data_authorisation", DATA_AUTHORISATION_TRANSITIONS)
