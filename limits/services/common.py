"""Roles, decision problems and row locks: what every limit service uses."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from limits.models import CreditLimit, CreditLimitApplication
from sinosure_portal.accounts.models import Role
from sinosure_portal.base.errors import DomainError

APPLICANT_ROLES = [Role.EXPORTER, Role.BANK]


DECIDER_ROLES = [Role.UNDERWRITER]


DECISION_PROBLEMS = {
    "amount_not_positive": _("The amount approved must be above zero."),
    "amount_above_request": _("The amount approved cannot be more than the amount requested."),
    "period_not_positive": _("The credit period must be at least one day."),
    "period_above_request": _("The credit period approved cannot be longer than the one requested."),
    "period_above_policy": _("The credit period is longer than the policy covers."),
    "payment_terms": _("Choose at least one payment term."),
}


def _lock_application(application_id: int) -> CreditLimitApplication:
    try:
        return CreditLimitApplication.objects.select_for_update().get(pk=application_id)
    except CreditLimitApplication.DoesNotExist as exc:
        raise DomainError("application_not_found", _("No such credit limit application.")) from exc


def _lock_limit(limit_id: int) -> CreditLimit:
    try:
        return CreditLimit.objects.select_for_update().get(pk=limit_id)
    except CreditLimit.DoesNotExist as exc:
        raise DomainError("limit_not_found", _("No such credit limit.")) from exc
