"""Roles, finding and locking rows, and whom to tell: what every policy service uses."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from policies.models import (
    PolicyApplication,
)
from sinosure_portal.accounts.access import ensure_role
from sinosure_portal.accounts.models import Role, User
from sinosure_portal.base.errors import DomainError, NotAllowed

APPLICANT_ROLES = [Role.EXPORTER, Role.BANK]


UNDERWRITING_ROLES = [Role.UNDERWRITER]


def org_users(organisation_id: int):
    return User.objects.filter(organisation_id=organisation_id, is_active=True)


def underwriters():
    return User.objects.filter(role=Role.UNDERWRITER, is_active=True)


def _ensure_applicant(actor, application: PolicyApplication) -> None:
    ensure_role(actor, APPLICANT_ROLES, action=_("act on a policy application"))
    if actor.organisation_id != application.organisation_id:
        raise NotAllowed("not_your_application", _("This application belongs to another organisation."))


def _lock_application(application_id: int) -> PolicyApplication:
    try:
        return PolicyApplication.objects.select_for_update().get(pk=application_id)
    except PolicyApplication.DoesNotExist as exc:
        raise DomainError("application_not_found", _("No such policy application.")) from exc
