"""What a database constraint of declarations means to a user, registered with the kernel's one
map (sinosure_portal.base.errors): an IntegrityError is translated by the constraint's name, never
guessed. The refusal reasons of a declaration itself (not covered, limit full, ...) are in
declarations/reasons.py, with their codes and messages."""

from django.utils.translation import gettext_lazy as _

from sinosure_portal.base.errors import register_constraint

register_constraint(
    "declaration_invoice_per_policy",
    "already_declared",
    _("This invoice is already declared under this policy."),
    field="invoice_number",
)
register_constraint(
    "declaration_client_reference_per_org",
    "reference_used",
    _("Your reference was already used for another declaration."),
    field="client_reference",
)
register_constraint(
    "payment_reference_once_per_invoice",
    "payment_already_recorded",
    _("A payment with your reference was already recorded."),
    field="client_reference",
)
register_constraint(
    "amendment_one_pending",
    "amendment_pending",
    _("An amendment of this declaration is already waiting for a decision."),
)
register_constraint(
    "declaration_amount_positive",
    "invalid_amount",
    _("The amount must be above zero."),
    field="amount",
    status_code=400,
)
register_constraint(
    "payment_amount_positive",
    "invalid_amount",
    _("The amount must be above zero."),
    field="amount",
    status_code=400,
)
register_constraint(
    "declaration_credit_days_max",
    "credit_days_too_long",
    _("The credit period is longer than any policy covers."),
    field="credit_days",
    status_code=400,
)
register_constraint(
    "nil_declaration_once_a_month",
    "nil_already_reported",
    _("No shipments were already reported for this month."),
    field="month",
)
