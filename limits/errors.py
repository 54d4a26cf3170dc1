"""Error codes of limits and their messages, in one place. Code raises ``error(code, field=...,
**params)`` (a :class:`~sinosure_portal.base.errors.DomainError`, 400), ``not_allowed(code)`` (403) or
``transition_not_allowed(code)``; the code is what API clients see, the message what people read."""

from django.utils.translation import gettext_lazy as _

from sinosure_portal.base.errors import DomainError, NotAllowed, TransitionNotAllowed, register_constraint

MESSAGES = {
    "limit_application_pending_race": _(
        "An application for a limit on this buyer is already pending; wait for its decision or withdraw it."
    ),
    "limit_exists": _("A live limit on this buyer under this policy exists already."),
    "rule_not_found": _("No such automatic decision rule."),
    "amount_above_request": _("The amount approved cannot be more than the amount requested."),
    "amount_not_positive": _("The amount approved must be above zero."),
    "amount_requested_not_positive": _("The amount requested must be above zero."),
    "application_not_found": _("No such credit limit application."),
    "buyer_is_bank": _("Choose the importer as the buyer; give a bank as the L/C issuing bank."),
    "buyer_unknown": _("Choose or register the buyer."),
    "credit_period_above_policy": _("Policy %(number)s covers credit periods of at most %(days)s days."),
    "credit_period_required": _("The credit period is at least one day."),
    "credit_period_too_long": _("Credit periods of more than %(days)s days (two years) are not covered."),
    "field_required": _("This field is required."),
    "first_trade_year_invalid": _("The first trade year must be between 1900 and this year."),
    "forfaiting_needs_bank": _("Under a forfaiting policy the limit is on the obligor bank."),
    "goods_required": _("Say what goods or services you sell."),
    "issuing_bank_required": _("An L/C limit names the issuing bank."),
    "issuing_bank_unknown": _("Choose or register the issuing bank."),
    "latest_shipment_past": _("The latest shipment date is already past."),
    "latest_shipment_required": _("An L/C limit needs the latest shipment date."),
    "limit_application_pending": _(
        "An application for a limit on %(buyer)s is already pending; wait for its decision or withdraw it."
    ),
    "limit_not_found": _("No such credit limit."),
    "not_a_reduction": _("A reduction cannot raise the amount, lengthen the period or add payment terms."),
    "not_your_application": _("This application belongs to another organisation."),
    "nothing_reduced": _("Nothing would change."),
    "notice_date_past": _("The notice date cannot be in the past: shipments already made keep their cover."),
    "notice_date_required": _("Give the notice date."),
    "open_orders_negative": _("Open orders cannot be negative."),
    "payment_term_unknown": _("Choose L/C, D/P, D/A or O/A."),
    "payment_term_unknown_in_list": _("Unknown payment term."),
    "payment_terms": _("Choose at least one payment term."),
    "period_above_policy": _("The credit period is longer than the policy covers."),
    "period_above_request": _("The credit period approved cannot be longer than the one requested."),
    "period_not_positive": _("The credit period must be at least one day."),
    "policy_not_in_force": _("Policy %(number)s is not in force."),
    "policy_unknown": _("Choose one of your policies."),
    "product_unknown": _("Unknown product."),
    "reason_required": _("Give the reason for the decision."),
    "reduce_to_zero": _("To end the cover, cancel the limit instead."),
    "rule_allows_red": _("A red buyer is never approved automatically."),
    "rule_amount": _("The ceiling cannot be negative."),
    "rule_country_class": _("Country classes run from 1 to 9."),
    "rule_lights": _("Choose green, yellow or both."),
    "transition_not_allowed": _("Limit %(number)s is %(status)s: it can no longer be changed."),
}

# a code with a second wording: the key names the case, the code stays the one clients see
VARIANTS = {
    "limit_application_pending_race": "limit_application_pending",
    "amount_requested_not_positive": "amount_not_positive",
    "payment_term_unknown_in_list": "payment_terms",
}


def _build(cls, key: str, field, row, params) -> DomainError:
    return cls(VARIANTS.get(key, key), MESSAGES[key], field=field, row=row, **params)


def error(key: str, *, field: str | None = None, row: int | None = None, **params) -> DomainError:
    return _build(DomainError, key, field, row, params)


def not_allowed(key: str, *, field: str | None = None, **params) -> NotAllowed:
    return _build(NotAllowed, key, field, None, params)


def transition_not_allowed(key: str, *, field: str | None = None, **params) -> TransitionNotAllowed:
    return _build(TransitionNotAllowed, key, field, None, params)


# what a broken database constraint means to the user: name -> (message key, field, HTTP status)
CONSTRAINTS = {
    # two applications raced past the pending check: the partial unique index keeps only one
    "limit_application_one_pending_per_buyer": ("limit_application_pending_race", "buyer", 400),
    "limit_one_live_per_policy_buyer": ("limit_exists", "buyer", 409),
    "limit_application_amount": ("amount_requested_not_positive", "amount_requested_usd", 400),
    "auto_rule_amount_not_negative": ("rule_amount", "max_amount_usd", 400),
    "auto_rule_country_class": ("rule_country_class", "max_country_class", 400),
}


def register_constraints() -> None:
    """Called from ``LimitsConfig.ready``."""
    for name, (key, field, status) in CONSTRAINTS.items():
        register_constraint(name, VARIANTS.get(key, key), MESSAGES[key], field=field, status_code=status)
