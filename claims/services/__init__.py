"""Every write on losses and claims, split by subject; import from here."""

from claims.services.evidence import (
    claim_document_upload,
    document_request_answer,
    document_request_cancel,
    document_request_create,
)
from claims.services.filing import (
    DirectClaimInput,
    InvoiceLine,
    claim_file_direct,
    claim_file_from_notice,
)
from claims.services.handling import (
    claim_accept,
    claim_assess,
    claim_decide,
    claim_deduction_add,
    claim_deduction_remove,
    claim_investigate,
    claim_line_set_included,
    claim_note_add,
    claim_ratio_set,
    claim_withdraw,
    evidence_missing,
)
from claims.services.indemnity import (
    claim_close,
    claim_receipt_confirm,
    indemnity_notice_issue,
    indemnity_pay,
    indemnity_payment_approve,
    needs_second_approval,
    receipts_missing,
)
from claims.services.notices import (
    NoticeInput,
    possible_loss_notice_acknowledge,
    possible_loss_notice_check,
    possible_loss_notice_close,
    possible_loss_notice_submit,
    possible_loss_notice_withdraw,
)
from claims.services.recoveries import recovery_record, recovery_reverse

__all__ = [
    "DirectClaimInput",
    "InvoiceLine",
    "NoticeInput",
    "indemnity_payment_approve",
    "needs_second_approval",
    "claim_accept",
    "claim_assess",
    "claim_close",
    "claim_decide",
    "claim_deduction_add",
    "claim_deduction_remove",
    "claim_document_upload",
    "claim_file_direct",
    "claim_file_from_notice",
    "claim_investigate",
    "claim_line_set_included",
    "claim_note_add",
    "claim_ratio_set",
    "claim_receipt_confirm",
    "claim_withdraw",
    "document_request_answer",
    "document_request_cancel",
    "document_request_create",
    "evidence_missing",
    "indemnity_notice_issue",
    "indemnity_pay",
    "possible_loss_notice_acknowledge",
    "possible_loss_notice_check",
    "possible_loss_notice_close",
    "possible_loss_notice_submit",
    "possible_loss_notice_withdraw",
    "receipts_missing",
    "recovery_record",
    "recovery_reverse",
]
