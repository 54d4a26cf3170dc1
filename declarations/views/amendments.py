"""Amendments."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from declarations import selectors, services
from declarations.forms import (
    DecisionForm,
)
from declarations.models import DeclarationAmendment
from declarations.views._common import DECLARERS, _declarer, _page  # noqa: F401
from sinosure_portal.accounts.access import is_insurer
from sinosure_portal.accounts.models import Role
from sinosure_portal.base.errors import DomainError

# --- amendments -----------------------------------------------------------------------------------------


@login_required
def amendment_list(request):
    qs = selectors.amendments_visible(request.user)
    status = request.GET.get(
        "status", DeclarationAmendment.Status.SUBMITTED if is_insurer(request.user) else ""
    )
    if status:
        qs = qs.filter(status=status)
    return render(
        request,
        "declarations/amendments.html",
        {
            "page": _page(request, qs),
            "status": status,
            "statuses": DeclarationAmendment.Status.choices,
            "can_decide": request.user.role == Role.UNDERWRITER,
        },
    )


@login_required
@require_POST
def amendment_decide(request, pk: int):
    amendment = selectors.amendment_get(request.user, pk)
    form = DecisionForm(request.POST)
    form.is_valid()
    reason = form.cleaned_data.get("reason", "")
    decision = request.POST.get("decision")
    try:
        if decision == "approve":
            services.amendment_approve(actor=request.user, amendment_id=pk, reason=reason)
            messages.success(request, _("Amendment applied."))
        elif decision == "reject":
            services.amendment_reject(actor=request.user, amendment_id=pk, reason=reason)
            messages.success(request, _("Amendment rejected."))
        elif decision == "withdraw":
            services.amendment_withdraw(actor=request.user, amendment_id=pk)
            messages.success(request, _("Amendment withdrawn."))
        else:
            raise Http404
    except DomainError as error:
        messages.error(request, error.message)
    return redirect(
        request.POST.get("next")
        or reverse("declarations:declaration-detail", args=[amendment.declaration_id])
    )
