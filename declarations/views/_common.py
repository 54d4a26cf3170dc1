"""What the modules of this package share."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.utils.translation import gettext as _

from sinosure_portal.accounts.access import ensure_role
from sinosure_portal.accounts.models import Role

DECLARERS = [Role.EXPORTER, Role.BANK]


def _page(request, qs, per_page=50):
    return Paginator(qs, per_page).get_page(request.GET.get("page"))


def _declarer(request):
    ensure_role(request.user, DECLARERS, action=_("declare shipments"))
