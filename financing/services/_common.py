"""What the financing services share: numbering, the people to tell, the roles."""

from __future__ import annotations

from django.db.models import QuerySet

from sinosure_portal.accounts.models import Role, User
from sinosure_portal.core.numbering import assign_number  # noqa: F401  (the services import it from here)

EXPORTER_ROLES = [Role.EXPORTER]
BANK_ROLES = [Role.BANK]
INSURER_DECIDERS = [Role.UNDERWRITER, Role.ADMIN]


def org_users(organisation_id: int) -> QuerySet[User]:
    return User.objects.filter(organisation_id=organisation_id, is_active=True)


def underwriters() -> QuerySet[User]:
    return User.objects.filter(role=Role.UNDERWRITER, is_active=True)
