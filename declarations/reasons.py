"""Why a declaration is not covered (in full), or why a row of an upload was refused.

Rows and declarations store a stable code and its parameters; the message is put together when it
is shown, so that each user reads it in their own language (the upload report of one exporter may
be read in Chinese by one colleague and in English by another).
"""

from __future__ import annotations

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from sinosure_portal.base.errors import DomainError

REASONS = {
    # coverage (the limit's rules, limits.rules)
    "no_limit": _("There is no credit limit on this buyer under policy %(policy)s."),
    "before_effective_date": _(
        "Shipped on %(date)s, before the credit limit's effective date (%(effective)s)."
    ),
    "limit_ended": _("The credit limit was cancelled or revoked for shipments made from %(since)s."),
    "payment_term": _("Payment term %(term)s is not one the credit limit allows (%(allowed)s)."),
    "credit_period": _(
        "A credit period of %(days)s days is longer than the credit limit allows (%(max)s days)."
    ),
    "limit_full": _(
        "Only USD %(covered)s of USD %(requested)s fitted in the available credit limit at declaration."
    ),
    "limit_exhausted": _("Nothing is left of the credit limit (USD %(available)s available)."),
    "buyer_under_loss_notice": _(
        "A possible-loss notice on this buyer exists: its credit limit takes no new cover."
    ),
    "late_after_loss_notice": _(
        "Declared after the deadline (%(deadline)s) while a possible-loss notice on this buyer exists."
    ),
    # the policy
    "policy_does_not_declare": _(
        "%(product)s policies do not declare shipments: the buyer's cover needs no declaration."
    ),
    "policy_not_in_force": _("Policy %(policy)s is not in force."),
    "outside_policy_period": _(
        "The shipment date %(date)s is outside the policy period (%(start)s to %(end)s)."
    ),
    "credit_days_above_policy": _(
        "A credit period of %(days)s days is longer than the policy covers (%(max)s days)."
    ),
    "rate_missing": _(
        "There is no %(currency)s to USD exchange rate for %(date)s; ask the insurer to enter it."
    ),
    "premium_rate_missing": _(
        "The policy has no premium rate for country class %(cls)s, %(term)s, %(days)s days."
    ),
    "shipment_in_future": _("The shipment date %(date)s is in the future: declare after shipment."),
    # repeats
    "already_declared": _("Invoice %(invoice)s is already declared under this policy."),
    "reference_used": _("Your reference %(reference)s was already used for another declaration."),
    "duplicate_in_file": _("Invoice %(invoice)s appears earlier in this upload (row %(row)s)."),
    # the row itself
    "missing": _("%(column)s is missing."),
    "invalid_date": _("%(column)s: %(value)s is not a date (use YYYY-MM-DD)."),
    "invalid_amount": _("%(column)s: %(value)s is not a positive amount."),
    "invalid_currency": _("%(value)s is not an ISO 4217 currency code."),
    "invalid_payment_term": _("%(value)s is not a payment term (L/C, D/P, D/A or O/A)."),
    "invalid_credit_days": _("%(value)s is not a credit period in days (0 to 720)."),
    "invalid_hs_code": _("%(value)s is not an HS code (6 to 10 digits)."),
    "invalid_country": _("%(value)s is not a known country code."),
    "description_needed": _("Give an HS code for goods, or a description for a service."),
    "too_long": _("%(column)s is longer than %(max)s characters."),
    "invalid_flag": _("%(column)s: %(value)s is not yes or no."),
    "unexpected_error": _("The row could not be declared (%(error)s)."),
}

LATE_NOTE = _("Declared after the deadline of %(deadline)s (flagged).")


def column_label(key: str) -> str:
    from declarations.columns import COLUMNS, PAYMENT_COLUMNS

    column = COLUMNS.get(key) or PAYMENT_COLUMNS.get(key)
    return gettext(column.label) if column else key


def reason_text(code: str, params: dict | None = None) -> str:
    """The message of a reason code in the active language."""
    template = REASONS.get(code)
    if template is None:
        return code
    values = dict(params or {})
    more = values.pop("more", None)  # the row's other problems, reported together
    if more:
        return "; ".join([reason_text(code, values), *(reason_text(c, p) for c, p in more)])
    if "column" in values:
        values["column"] = column_label(values["column"])
    try:
        return str(template) % values if values else str(template)
    except (KeyError, TypeError, ValueError):
        return str(template)


class NotCovered(DomainError):
    """A declaration refused: no cover at all, so nothing was stored."""

    def __init__(self, code: str, *, field: str | None = None, **params):
        super().__init__(code, REASONS[code], field=field, **params)

    @property
    def message(self) -> str:
        return reason_text(self.code, self.params)
