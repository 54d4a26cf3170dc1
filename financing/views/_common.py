"""What the modules of this package share."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect

from financing.models import IndemnityAssignment
from sinosure_portal.accounts.models import Role

IA = IndemnityAssignment.Status


def _page(request, qs, per_page=50):
    return Paginator(qs, per_page).get_page(request.GET.get("page"))


def _ip(request) -> str | None:
    return request.META.get("REMOTE_ADDR") or None


@login_required
def home(request):
    if request.user.role == Role.BANK:
        return redirect("financing:receivable-list")
    return redirect("financing:agreement-list")
