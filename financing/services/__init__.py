"""Every write of policy financing, split by subject; import from here."""

from financing.services.agreements import (
    AssignmentInput,
    indemnity_assignment_approve,
    indemnity_assignment_bank_sign,
    indemnity_assignment_keep,
    indemnity_assignment_propose,
    indemnity_assignment_reject,
    indemnity_assignment_request_termination,
    indemnity_assignment_terminate,
    indemnity_assignment_withdraw,
)
from financing.services.data import data_authorisation_grant, data_authorisation_revoke
from financing.services.loans import LoanInput, loan_register, repayment_register
from financing.services.notices import coverage_notices_deliver, coverage_notices_issue
from financing.services.receivables import (
    receivable_assignment_accept,
    receivable_assignment_decline,
    receivable_assignment_propose,
    receivable_assignment_withdraw,
)

__all__ = [
    "AssignmentInput",
    "LoanInput",
    "coverage_notices_deliver",
    "coverage_notices_issue",
    "data_authorisation_grant",
    "data_authorisation_revoke",
    "indemnity_assignment_approve",
    "indemnity_assignment_bank_sign",
    "indemnity_assignment_keep",
    "indemnity_assignment_propose",
    "indemnity_assignment_reject",
    "indemnity_assignment_request_termination",
    "indemnity_assignment_terminate",
    "indemnity_assignment_withdraw",
    "loan_register",
    "receivable_assignment_accept",
    "receivable_assignment_decline",
    "receivable_assignment_propose",
    "receivable_assignment_withdraw",
    "repayment_register",
]
