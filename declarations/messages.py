"""What declarations tell people, stored as kind and parameters and rendered in the reader's
language (see sinosure_portal.texts). Amounts are stored as text with their currency and shown at
the currency's scale."""

from django.utils.translation import gettext_lazy as _

from sinosure_portal.money.currency import format_amount
from sinosure_portal.texts import register_texts


def _amount_shown(params: dict) -> dict:
    if params.get("amount") not in (None, "") and params.get("currency"):
        params["amount"] = format_amount(params["amount"], params["currency"])
    return params


register_texts(
    "declarations.receivable_due",
    title=_("Invoice %(invoice)s on %(buyer)s falls due on %(date)s"),
    body=_("%(currency)s %(amount)s is still open. Record the payment when it arrives."),
    prepare=_amount_shown,
)
register_texts(
    "declarations.receivable_overdue",
    title=_("Invoice %(invoice)s on %(buyer)s is overdue"),
    body=_(
        "%(currency)s %(amount)s was due on %(due)s. If it stays unpaid, notify the possible loss "
        "by %(deadline)s."
    ),
    prepare=_amount_shown,
)
register_texts(
    "declarations.loss_notice_due",
    title=_("Notify the possible loss on invoice %(invoice)s (%(buyer)s) by %(date)s"),
    body=_("The invoice is still unpaid; a late notice may lower the indemnity or lose the cover."),
)
register_texts(
    "declarations.declaration_due",
    title=_("Declare your %(month)s shipments under policy %(policy)s"),
    body=_(
        "Each shipment must be declared within %(days)s days of its shipment date; the last "
        "shipments of %(month)s by %(date)s. A late declaration is flagged."
    ),
)
register_texts("declarations.due_passed", title=_("Due date passed unpaid"))
# nil declarations (零申报): system reasons in the audit trail
register_texts("declarations.nil_reported", title=_("No shipments in %(month)s"))
register_texts(
    "declarations.nil_withdrawn", title=_("A shipment of %(month)s was declared: the month is not nil")
)
register_texts(
    "declarations.limit_batch_completed",
    title=_("Limit batch %(name)s: %(done)s done, %(refused)s refused"),
)
register_texts(
    "declarations.limit_batch_stuck",
    title=_(
        "The batch stopped without finishing (no progress for %(minutes)s minutes). Run it again: it"
        " resumes after the last row done."
    ),
)
