"""Error codes of policies and their messages, in one place. Code raises ``error(code, field=...,
**params)`` (a :class:`~sinosure_portal.base.errors.DomainError`, 400), ``not_allowed(code)`` (403) or
``transition_not_allowed(code)``; the code is what API clients see, the message what people read."""

from django.utils.translation import gettext_lazy as _

from sinosure_portal.base.errors import DomainError, NotAllowed, TransitionNotAllowed, register_constraint

MESSAGES = {
    "invoice_exists": _("A premium invoice for this period exists already."),
    "rate_row_twice": _("Two rows of the rate table start at the same class, term and band."),
    "invoice_not_found": _("No such premium invoice."),
    "policy_not_found": _("No such policy."),
    "annual_premium_required": _("Give the annual premium or the flat rate on turnover."),
    "application_incomplete": _("Fill in the company's data and a contact first."),
    "application_not_draft": _("Only a draft application can be changed."),
    "application_not_found": _("No such policy application."),
    "base_rate_invalid": _("The base rate must be between 0 and 100%."),
    "consent_required": _("Authorise the data use before you confirm the application."),
    "credit_period_above_product": _("This product covers credit periods of at most %(days)s days."),
    "field_required": _("This field is required."),
    "financing_ratio_invalid": _("The financing ratio is at most 100%."),
    "indemnity_ratio_too_high": _(
        "The indemnity ratio must be above 0 and at most %(max)s for this product."
    ),
    "max_liability_required": _("The maximum liability must be above zero."),
    "micro_not_eligible": _(
        "The micro-enterprise policy needs one of the four criteria: small or micro "
        "under the 2011 classification rules, last year's customs exports at most USD "
        "3,000,000, or a provincial or national industry association designation."
    ),
    "no_organisation": _("Your user belongs to no organisation."),
    "not_your_application": _("This application belongs to another organisation."),
    "not_your_policy": _("This policy belongs to another organisation."),
    "per_buyer_cap_invalid": _("The cap per buyer must be above zero and at most the maximum liability."),
    "per_buyer_cap_required": _("A micro policy sets a cap per buyer or issuing bank."),
    "period_invalid": _("The period must end after it starts."),
    "period_too_long": _("A short-term policy runs at most three years."),
    "platform_required": _("Name the unified platform that pays the premium."),
    "platform_share_invalid": _("The platform's share must be above 0% and at most 100%."),
    "platform_share_without_platform": _("Only a unified platform can pay a share of the premium."),
    "policy_already_renewed": _("That policy has already been renewed."),
    "policy_cancelled": _("This policy is cancelled."),
    "policy_not_renewable": _("This policy is cancelled or already renewed."),
    "premium_payer_unknown": _("Unknown premium payer."),
    "premium_rate_missing": _(
        "Policy %(number)s has no premium rate for country class %(cls)s, %(term)s, %(days)s days."
    ),
    "product_not_for_organisation": _("%(product)s is not offered to an organisation of this kind."),
    "product_unknown": _("Unknown product."),
    "rate_band_range": _("Credit-period bands run from 0 to 720 days, from <= to."),
    "rate_class_range": _("Country classes run from 1 to 9, from <= to."),
    "rate_overlap": _("Rows %(a)s and %(b)s of the rate table overlap."),
    "rate_payment_term": _("Unknown payment term."),
    "rate_value": _("A rate is between 0 and 100%."),
    "rates_required": _("Give the base rate of the premium rate table."),
    "rates_required_rows": _("A rate table needs at least one row."),
    "reason_required": _("Give the reason for the decision."),
    "renewal_pending": _("A renewal application for this policy is already open."),
    "setting_invalid": _("A deadline setting cannot be negative."),
    "setting_too_large": _("%(name)s is at most %(max)s."),
    "setting_unknown": _("Unknown policy setting %(name)s."),
    "signature_required": _("Sign the service agreement before you confirm the application."),
    "signer_name_required": _("Type the signer's full name."),
    "signer_title_required": _("Give the signer's title."),
    "turnover_negative": _("The turnover cannot be negative."),
    "turnover_required": _("Give the estimated insured turnover for the year."),
}

# a code with a second wording: the key names the case, the code stays the one clients see
VARIANTS = {"rates_required_rows": "rates_required"}


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
    "policy_one_renewal": ("policy_already_renewed", None, 409),
    "invoice_one_per_period": ("invoice_exists", None, 409),
    "rate_unique_key": ("rate_row_twice", "rates", 400),
    "policy_period": ("period_invalid", "period_end", 400),
    "policy_max_liability_positive": ("max_liability_required", "max_liability_usd", 400),
    "policy_platform_share": ("platform_share_invalid", "platform_share", 400),
    "rate_country_class_range": ("rate_class_range", "country_class_from", 400),
    "rate_credit_band": ("rate_band_range", "credit_days_from", 400),
    "rate_between_0_and_1": ("rate_value", "rate", 400),
}


def register_constraints() -> None:
    """Called from ``PoliciesConfig.ready``."""
    for name, (key, field, status) in CONSTRAINTS.items():
        register_constraint(name, VARIANTS.get(key, key), MESSAGES[key], field=field, status_code=status)
