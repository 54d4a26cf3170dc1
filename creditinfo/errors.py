"""Errors of credit information in one place: what its services refuse with, and what its database
constraints mean to a user (registered with the kernel's one map, sinosure_portal.base.errors)."""

from django.utils.translation import gettext_lazy as _

from sinosure_portal.base.errors import NotFound, register_constraint


def subscription_not_found() -> NotFound:
    return NotFound("subscription_not_found", _("No such alert subscription."))


register_constraint(
    "buyer_unique_registration",
    "buyer_exists",
    _("A buyer with this registration number is already registered in this country."),
    field="registration_number",
)
register_constraint(
    "buyer_unique_normalised_name",
    "buyer_exists",
    _("A buyer of this name is already registered in this country."),
    field="name",
)
register_constraint(
    "bank_unique_swift",
    "bank_exists",
    _("A bank with this SWIFT code is already registered."),
    field="swift_code",
)
register_constraint(
    "importer_unique_name",
    "importer_exists",
    _("An importer of this name is already registered in this country."),
)
register_constraint(
    "country_risk_class_1_9",
    "invalid_risk_class",
    _("A country's risk class is from 1 to 9."),
    field="risk_class",
    status_code=400,
)
register_constraint(
    "report_order_has_buyer",
    "buyer_required",
    _("Choose a registered buyer or give the buyer's name."),
    field="buyer_name",
    status_code=400,
)
