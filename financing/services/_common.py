"""What the financing services share: numbering, the people to tell, the roles."""

from __future__ import annotations

from django.db.models import QuerySet

from sinosure_portal.accounts.models import Role, User
from sinosure_portal.workdays.calendar import today as shanghai_today

EXPORTER_ROLES = [Role.EXPORTER]
BANK_ROLES = [Role.BANK]
INSURER_DECIDERS = [Role.UNDERWRITER, Role.ADMIN]


def assign_number(obj, prefix: str) -> None:
    obj.number = f"{prefix}{shanghai_today().year}{obj.pk:06d}"
    type(obj).objects.filter(pk=obj.pk).update(number=obj.number)


def org_users(organisation_id: int) -> QuerySet[User]:
    return User.objects.filter(organisation_id=organisation_id, is_active=True)


def underwriters() -> QuerySet[User]:
    return User.objects.filter(role=Role.UNDERWRITER, is_active=True)
