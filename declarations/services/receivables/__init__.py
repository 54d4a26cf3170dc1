"""Receivables: payments received (收汇), one by one or in bulk, and amendments of declarations.

A payment lowers what the receivable holds on its limit to min(covered, still unpaid), so the limit
revolves; a fully paid shipment is settled and holds nothing. Amendments go through a workflow
(submitted -> applied / rejected / withdrawn): the underwriter applies one under the limit's lock,
and the cover is worked out again for the corrected facts."""

from declarations.services.receivables._common import (  # noqa: F401
    RECORDER_ROLES,
    S,
)
from declarations.services.receivables.amendments import (  # noqa: F401
    _check_amendment,
    _ensure_amendable,
    _lock_amendment,
    _snapshot,
    amendment_approve,
    amendment_reject,
    amendment_submit,
    amendment_withdraw,
    payments_from_file,
)
from declarations.services.receivables.payments import (  # noqa: F401
    BulkPaymentLine,
    PaymentInput,
    PaymentResult,
    _apply_payment,
    _check_payable,
    _own_open,
    _payment_record,
    _repeat,
    payment_record,
    payments_record_bulk,
)
from declarations.services.receivables.reopen import (  # noqa: F401
    declarations_reopen,
    open_status,
)
