"""Roles, decision problems and row locks: what every limit service uses."""

from __future__ import annotations

from limits.errors import error
from limits.models import CreditLimit, CreditLimitApplication
from sinosure_portal.accounts.models import Role

APPLICANT_ROLES = [Role.EXPORTER, Role.BANK]


DECIDER_ROLES = [Role.UNDERWRITER]


def _lock_application(application_id: int) -> CreditLimitApplication:
    try:
        return CreditLimitApplication.objects.select_for_update().get(pk=application_id)
    except CreditLimitApplication.DoesNotExist as exc:
        raise error("application_not_found") from exc


def _lock_limit(limit_id: int) -> CreditLimit:
    try:
        return CreditLimit.objects.select_for_update().get(pk=limit_id)
    except CreditLimit.DoesNotExist as exc:
        raise error("limit_not_found") from exc
