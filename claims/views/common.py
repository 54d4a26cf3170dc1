"""What the claims pages share: paging and who the reader is."""

from __future__ import annotations

from django.core.paginator import Paginator

from claims.services.common import INSURED_ROLES
from sinosure_portal.accounts.models import Role


def page_of(request, qs, per_page=50):
    return Paginator(qs, per_page).get_page(request.GET.get("page"))


def is_insured(user, obj) -> bool:
    return user.role in INSURED_ROLES and user.organisation_id == obj.organisation_id


def is_officer(user) -> bool:
    return user.role == Role.CLAIMS
