"""Error codes of losses and claims, with the message each shows (translated, in the reader's
language). A key ``code/situation`` gives one code its own words in one situation; the code the API
answers with is the part before the slash."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from sinosure_portal.base.errors import DomainError, NotAllowed, register_constraint
from sinosure_portal.money.currency import scale_message

MESSAGES = {
    "above_buyer_cap": _("Paying USD %(amount)s would pass the cap on this buyer (USD %(left)s left)."),
    "above_max_liability": _(
        "Paying USD %(amount)s would pass the policy's maximum liability (USD %(left)s left): assess again."
    ),
    "already_paid": _("The indemnity of claim %(n)s was paid already."),
    "amount_above_outstanding": _(
        "The amount at risk (USD %(amount)s) is more than the shipments' unpaid amount (USD %(outstanding)s)."
    ),
    "amount_invalid": _("The invoice amount must be positive and more than what was paid."),
    "amount_not_positive/at_risk": _("The amount at risk must be greater than zero."),
    "amount_not_positive/deduction": _("Enter the deduction as a positive amount."),
    "amount_not_positive/recovery": _("The amount recovered must be greater than zero."),
    "answer_required": _("Write an answer, or upload the document."),
    "approval_is_partial": _("Part of the claim was excluded, reduced or capped: approve it in part."),
    "buyer_not_found": _("No such buyer."),
    "cause_invalid": _("Choose the cause of the loss."),
    "claim_closed_to_uploads": _("Documents cannot be added to a claim that is %(status)s."),
    "claim_deadline_passed": _("The claim deadline of this notice was %(date)s."),
    "claim_decided": _("A claim can be withdrawn only before it is decided (it is %(status)s)."),
    "claim_not_found": _("No such claim."),
    "claim_wrong_status/approve_payment": _(
        "Only an indemnity ready to be paid can be approved (the claim is %(status)s)."
    ),
    "claim_wrong_status/ask_documents": _(
        "Documents are asked for while the claim is investigated (it is %(status)s)."
    ),
    "claim_wrong_status/assess": _("Only a claim being handled can be assessed (it is %(status)s)."),
    "claim_wrong_status/close": _("Only a paid or denied claim can be closed (it is %(status)s)."),
    "claim_wrong_status/confirm_receipt": _("No receipt is expected on this claim (it is %(status)s)."),
    "claim_wrong_status/decide": _("Assess the loss before deciding (the claim is %(status)s)."),
    "claim_wrong_status/issue_notice": _(
        "Only an approved claim gets an indemnity notice (it is %(status)s)."
    ),
    "claim_wrong_status/working": _(
        "The loss can be changed only while the claim is being handled (it is %(status)s)."
    ),
    "claim_wrong_status/pay": _("The signed receipts must be in before paying (the claim is %(status)s)."),
    "client_reference_reused": _(
        "Reference %(reference)s was already used for another recovery on this claim."
    ),
    "costs_negative": _("Collection costs cannot be negative."),
    "currency_invalid": _("%(currency)s is not an ISO 4217 currency code."),
    "decision_invalid": _("Approve, approve in part, or deny."),
    "deduction_above_unpaid": _(
        "The deductions against invoice %(invoice)s would exceed what is unpaid on it (%(unpaid)s USD)."
    ),
    "deduction_not_found": _("No such deduction."),
    "description_required": _("Describe what happened."),
    "documents_outstanding": _(
        "Documents asked for are still outstanding: answer or cancel the requests first."
    ),
    "due_before_shipment": _("The due date is before the shipment date."),
    "due_in_past": _("The answer date cannot be in the past."),
    "event_date_required": _("Give the date of the event."),
    "event_in_future": _("The event date cannot be in the future."),
    "evidence_missing": _("The claim still lacks: %(kinds)s."),
    "invoice_claimed": _("Invoice %(invoice)s is claimed already."),
    "invoice_claimed/one_of_them": _("An invoice of this claim is claimed already."),
    "invoice_number_required": _("Give the invoice number."),
    "invoices_required": _("List the unpaid invoices you claim for."),
    "kind_invalid": _("Choose what the document is."),
    "kind_invalid/deduction": _("Choose the kind of deduction."),
    "line_invalid": _("Choose one of this claim's included shipments."),
    "line_not_found": _("No such invoice in the claim."),
    "message_required": _("Say what is needed."),
    "no_limit": _("There is no credit limit on this buyer under policy %(policy)s."),
    "not_yet_due": _(
        "Invoice %(invoice)s is due on %(date)s: a default begins once the due date has passed unpaid."
    ),
    "not_your_case": _("This case belongs to another insured."),
    "nothing_reduced": _(
        "Nothing was excluded, reduced or capped: approve the claim in full, or exclude what is not covered."
    ),
    "nothing_to_claim": _("Every shipment of this notice was paid or claimed: nothing is left to claim."),
    "nothing_to_pay": _("The assessed indemnity is zero: deny the claim, or change the assessment."),
    "notice_first": _("Under a %(product)s policy a claim is filed from a possible-loss notice."),
    "notice_not_found": _("No such possible-loss notice."),
    "notice_not_live": _("A claim cannot be filed from this notice: it is %(status)s."),
    "notice_not_needed": _("%(product)s policies need no possible-loss notice: file the claim directly."),
    "outside_policy_period": _("Invoice %(invoice)s was shipped on %(date)s, outside the policy period."),
    "paid_in_future": _("The payment date cannot be in the future."),
    "policy_not_found": _("No such policy."),
    "ratio_invalid": _("The ratio may only be lowered, below the policy's %(ratio)s and above zero."),
    "reason_required": _("Say why."),
    "reason_required/reasons": _("Give the reasons."),
    "reason_required/reversal": _("Say why the recovery is reversed (e.g. entered twice)."),
    "receipt_not_expected": _("The signed receipts are returned once the indemnity notice is issued."),
    "receipts_missing": _("Still to be returned: %(kinds)s."),
    "received_in_future": _("The date received cannot be in the future."),
    "recovery_above_owed": _("Recoveries would exceed what the buyer owed at payment (USD %(owed)s)."),
    "recovery_already_reversed": _("This recovery was already reversed on %(on)s."),
    "recovery_in_decided_indemnity": _(
        "This recovery reduced the loss of an indemnity already decided (%(status)s): it cannot be reversed any more."
    ),
    "recovery_wait_for_payment": _(
        "The claim is decided and not yet paid (%(status)s): record the recovery once the indemnity is paid, when it is shared."
    ),
    "request_not_found": _("No such document request."),
    "second_approval_not_needed": _(
        "An indemnity of USD %(amount)s needs no second approval (only above USD %(limit)s)."
    ),
    "second_approval_required": _(
        "An indemnity above USD %(limit)s is paid only after a second claims officer, "
        "not the one who decided, has approved it."
    ),
    "second_approver_is_decider": _("You decided this claim: another claims officer must approve paying it."),
    "shipment_not_covered": _("Invoice %(invoice)s has no cover."),
    "shipment_not_found": _("Some of the shipments are not declared under this policy on this buyer."),
    "shipment_not_notifiable": _("Invoice %(invoice)s cannot be named in a notice: it is %(status)s."),
    "shipments_required": _("Choose the covered shipments the loss affects."),
    # an upload refused by claims.rules.check_upload: upload_<problem>
    "upload_empty_file": _("The file is empty."),
    "upload_too_large": _("The file is larger than %(max)s MB."),
    "upload_file_type": _("Upload a PDF, JPEG, PNG, XLSX or DOCX file (not .%(ext)s)."),
    "upload_content_mismatch": _("The file's content is not a .%(ext)s file."),
}


def error(key: str, *, field: str | None = None, row: int | None = None, **params) -> DomainError:
    """The domain error of ``key`` (``code`` or ``code/situation``) with its message."""
    return DomainError(key.split("/")[0], MESSAGES[key], field=field, row=row, **params)


def conflict(key: str, *, field: str | None = None, **params) -> DomainError:
    """The same as a 409: the request is fine, the state of the case refuses it."""
    e = error(key, field=field, **params)
    e.status_code = 409
    return e


def not_allowed(key: str, **params) -> NotAllowed:
    """The actor may see the case but not do this (403)."""
    return NotAllowed(key.split("/")[0], MESSAGES[key], **params)


def amount_scale(currency: str, *, field: str | None = None, row: int | None = None) -> DomainError:
    """An amount with more decimals than its currency has (the money kernel's words)."""
    return DomainError("amount_invalid", scale_message(currency), field=field, row=row)


# what a broken database constraint of claims means to the user: (key, field, HTTP status). The
# constraints not named here guard invariants no input reaches; the kernel answers them as a 409.
CONSTRAINTS = {
    # two filings raced past the check: the partial unique indexes keep a receivable in one claim
    "claim_line_declaration_held_once": ("invoice_claimed/one_of_them", "invoices", 400),
    "claim_line_direct_invoice_held_once": ("invoice_claimed/one_of_them", "invoices", 400),
    # two requests with one client reference raced past the check: the first is recorded
    "recovery_client_reference_once": ("client_reference_reused", "client_reference", 409),
    "notice_amount_positive": ("amount_not_positive/at_risk", "amount_at_risk_usd", 400),
    "deduction_positive": ("amount_not_positive/deduction", "amount_usd", 400),
    "recovery_amounts": ("amount_not_positive/recovery", "amount", 400),
}


def register_constraints() -> None:
    """Called from ``ClaimsConfig.ready``."""
    for name, (key, field, status) in CONSTRAINTS.items():
        register_constraint(name, key.split("/")[0], MESSAGES[key], field=field, status_code=status)
