"""Every write on declarations, split by subject; import from here."""

from declarations.services.bulk import (
    declaration_batch_process,
    declaration_batch_retry,
    declaration_batch_submit,
    declaration_batch_submit_rows,
)
from declarations.services.declare import (
    Assessment,
    DeclarationInput,
    declaration_check,
    declaration_create,
    declaring_policy,
)
from declarations.services.nil import NilInput, nil_declaration_report, nil_declarations_report_many
from declarations.services.receivables import (
    BulkPaymentLine,
    PaymentInput,
    PaymentResult,
    amendment_approve,
    amendment_reject,
    amendment_submit,
    amendment_withdraw,
    declarations_reopen,
    payment_record,
    payments_from_file,
    payments_record_bulk,
)

__all__ = [
    "BulkPaymentLine",
    "PaymentInput",
    "PaymentResult",
    "amendment_approve",
    "amendment_reject",
    "amendment_submit",
    "amendment_withdraw",
    "declarations_reopen",
    "payment_record",
    "payments_from_file",
    "payments_record_bulk",
    "Assessment",
    "DeclarationInput",
    "declaration_batch_process",
    "declaration_batch_retry",
    "declaration_batch_submit",
    "declaration_batch_submit_rows",
    "declaration_check",
    "declaration_create",
    "declaring_policy",
    "NilInput",
    "nil_declaration_report",
    "nil_declarations_report_many",
]
