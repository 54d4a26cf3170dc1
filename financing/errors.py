"""Error codes of policy financing, with the message each shows (in the reader's language)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from sinosure_portal.base.errors import DomainError

MESSAGES = {
    # agreements
    "policy_unknown": _("Choose one of your policies."),
    "policy_not_in_force": _("Policy %(number)s is not in force."),
    "policy_product": _("An indemnity assignment is made under an exporter's policy, not a %(product)s."),
    "bank_unknown": _("Choose a bank."),
    "buyers_required": _("Choose at least one buyer, or assign the whole policy."),
    "buyer_unknown": _("Choose buyers of this policy."),
    "scope_unknown": _("Choose the whole policy or chosen buyers."),
    "scope_conflict": _(
        "You chose the whole policy and named buyers: choose the whole policy or only these buyers."
    ),
    "effective_outside_policy": _(
        "The effective date %(date)s is outside the policy period (%(start)s to %(end)s)."
    ),
    "signer_required": _("Give the name and title of the person who signs."),
    "assignment_overlaps": _(
        "Agreement %(other)s already assigns indemnities of this policy%(buyers)s; end it first."
    ),
    "not_a_party": _("Only the insured or the bank of this agreement may do this."),
    "reason_required": _("Give a reason."),
    "end_before_effective": _("The agreement cannot end (%(date)s) before it began (%(effective)s)."),
    # receivable assignments
    "receivables_required": _("Choose at least one covered receivable."),
    "receivable_unknown": _("Receivable #%(id)s was not found among yours."),
    "receivable_already_assigned": _("Invoice %(invoice)s is already assigned to a bank."),
    # loans
    "borrower_unknown": _("Choose the borrower."),
    "receivable_not_available": _("Invoice %(invoice)s is not assigned to your bank."),
    "receivable_overdue": _("Invoice %(invoice)s is overdue: a bank may not lend against it."),
    "receivable_under_loss_notice": _(
        "A possible loss was notified on invoice %(invoice)s: a bank may not lend against it."
    ),
    "receivable_claimed": _("Invoice %(invoice)s is under a claim: a bank may not lend against it."),
    "receivable_indemnified": _("Invoice %(invoice)s was already indemnified."),
    "receivable_settled": _("Invoice %(invoice)s is already paid."),
    "receivable_not_covered": _("Invoice %(invoice)s is not covered: a bank may not lend against it."),
    "receivable_already_financed": _(
        "Invoice %(invoice)s is already financed under an open loan: a receivable is financed once."
    ),
    "over_financing": _(
        "USD %(amount)s is more than these receivables may finance: USD %(financeable)s "
        "(covered USD %(covered)s x the financing ratio)."
    ),
    "amount_not_positive": _("The amount must be above zero."),
    "loan_date_future": _("The loan date cannot be in the future."),
    "maturity_before_loan": _("The maturity date cannot be before the loan date."),
    "reference_used": _("Your reference %(reference)s was already used."),
    "repayment_too_much": _("The repayment is more than the %(currency)s %(outstanding)s outstanding."),
    "repayment_before_loan": _("A repayment cannot be before the loan date (%(date)s)."),
    "loan_repaid": _("Loan %(number)s is already repaid."),
    # data authorisations
    "items_required": _("Choose at least one data item."),
    "data_not_authorised": _("This exporter has not authorised you to see this."),
}


def error(code: str, *, field: str | None = None, **params) -> DomainError:
    return DomainError(code, MESSAGES[code], field=field, **params)
