"""Roles, finding and locking rows, and whom to tell: what every policy service uses."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from policies.errors import error, not_allowed
from policies.models import Policy, PolicyApplication, PremiumInvoice
from sinosure_portal.accounts.access import ensure_role
from sinosure_portal.accounts.models import Role, User

APPLICANT_ROLES = [Role.EXPORTER, Role.BANK]


UNDERWRITING_ROLES = [Role.UNDERWRITER]


def org_users(organisation_id: int):
    return User.objects.filter(organisation_id=organisation_id, is_active=True)


def underwriters():
    return User.objects.filter(role=Role.UNDERWRITER, is_active=True)


def _ensure_applicant(actor, application: PolicyApplication) -> None:
    ensure_role(actor, APPLICANT_ROLES, action=_("act on a policy application"))
    if actor.organisation_id != application.organisation_id:
        raise not_allowed("not_your_application")


def _lock_application(application_id: int) -> PolicyApplication:
    try:
        return PolicyApplication.objects.select_for_update().get(pk=application_id)
    except PolicyApplication.DoesNotExist as exc:
        raise error("application_not_found") from exc


def _lock_policy(policy_id: int) -> Policy:
    try:
        return Policy.objects.select_for_update().get(pk=policy_id)
    except Policy.DoesNotExist as exc:
        raise error("policy_not_found") from exc


def _lock_invoice(invoice_id: int) -> PremiumInvoice:
    try:
        return PremiumInvoice.objects.select_for_update().get(pk=invoice_id)
    except PremiumInvoice.DoesNotExist as exc:
        raise error("invoice_not_found") from exc
