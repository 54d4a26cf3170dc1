"""Who may see and do what.

Every selector scopes its query with these helpers, so another organisation's object is simply
not found (a 404), never a 403 that would tell it exists.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Model, QuerySet
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from sinosure_portal.accounts.models import INSURER_ROLES, Role, User
from sinosure_portal.base.errors import NotAllowed


def is_insurer(user: User) -> bool:
    return bool(user.is_authenticated and user.role in INSURER_ROLES)


def scope_to_organisation(qs: QuerySet, user: User, field: str = "organisation") -> QuerySet:
    """Insurer staff see everything; anyone else sees only rows whose ``field`` is their organisation."""
    if is_insurer(user):
        return qs
    if not user.is_authenticated or not user.organisation_id:
        return qs.none()
    return qs.filter(**{f"{field}_id": user.organisation_id})


def get_visible_or_404(qs: QuerySet, **lookup) -> Model:
    try:
        return qs.get(**lookup)
    except qs.model.DoesNotExist as exc:
        raise Http404 from exc


def ensure_role(user: User, roles: Iterable[str], *, action: str = "") -> None:
    """Refuse an action the user's role may not take (the object is visible, the act is not)."""
    allowed = {str(r) for r in roles}
    if not user.is_authenticated or user.role not in allowed:
        raise NotAllowed(
            "not_allowed",
            _("Your role (%(role)s) may not %(action)s."),
            role=user.get_role_display() if user.is_authenticated else "-",
            action=action or _("do this"),
        )


__all__ = ["Role", "ensure_role", "get_visible_or_404", "is_insurer", "scope_to_organisation"]
