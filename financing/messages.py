"""What financing tells people, stored as kind and parameters and rendered in the reader's language
(see sinosure_portal.texts)."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from sinosure_portal.texts import register_texts

register_texts("indemnity_assignment_proposed", title=_("Indemnity assignment %(number)s to sign"))
register_texts("indemnity_assignment_to_approve", title=_("Indemnity assignment %(number)s to approve"))
register_texts("indemnity_assignment_bank_signed", title=_("The bank signed indemnity assignment %(number)s"))
register_texts(
    "indemnity_assignment_in_force", title=_("Indemnity assignment %(number)s is in force from %(date)s")
)
register_texts("indemnity_assignment_rejected", title=_("Indemnity assignment %(number)s was rejected"))
register_texts("indemnity_assignment_withdrawn", title=_("Indemnity assignment %(number)s was withdrawn"))
register_texts(
    "indemnity_assignment_termination_to_confirm",
    title=_("Termination of indemnity assignment %(number)s to confirm"),
)
register_texts(
    "indemnity_assignment_termination_requested",
    title=_("Termination of indemnity assignment %(number)s was requested"),
)
register_texts("indemnity_assignment_terminated", title=_("Indemnity assignment %(number)s ends on %(date)s"))
register_texts("indemnity_assignment_kept", title=_("Indemnity assignment %(number)s stays in force"))
register_texts("loan_registered", title=_("%(bank)s registered loan %(number)s: %(currency)s %(amount)s"))
register_texts(
    "loan_repayment", title=_("Repayment of %(currency)s %(amount)s on loan %(number)s registered")
)
register_texts(
    "receivable_assignment_proposed",
    title=ngettext_lazy(
        "Receivables assigned to you: %(number)s (%(n)s invoice)",
        "Receivables assigned to you: %(number)s (%(n)s invoices)",
        "n",
    ),
)
register_texts("receivable_assignment_accepted", title=_("%(bank)s accepted the receivables of %(number)s"))
register_texts("receivable_assignment_declined", title=_("%(bank)s declined the receivables of %(number)s"))
register_texts("receivable_assignment_withdrawn", title=_("Receivable assignment %(number)s was withdrawn"))
register_texts("data_authorisation_granted", title=_("%(insured)s authorised you to see its data"))
register_texts("data_authorisation_revoked", title=_("%(insured)s revoked your access to its data"))
register_texts(
    "coverage_notice",
    title=_("Coverage notice %(number)s: invoice %(invoice)s covered USD %(covered)s"),
    body=_("%(insured)s · %(buyer)s · due %(due)s"),
)
