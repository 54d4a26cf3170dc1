"""Receivable assignments."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from financing import selectors, services
from financing.filters import (
    ReceivableAssignmentFilter,
)
from financing.forms import (
    ReasonForm,
    ReceivableAssignmentForm,
)
from financing.models import ReceivableAssignment
from financing.views._common import IA, _ip, _page, home  # noqa: F401
from sinosure_portal.accounts.access import ensure_role
from sinosure_portal.accounts.models import Role
from sinosure_portal.audit.services import audit_history
from sinosure_portal.base.errors import DomainError
from sinosure_portal.core.exports import filters_used, xlsx_response

# --- receivable assignments -----------------------------------------------------------------------------


@login_required
def receivable_assignment_list(request):
    filt = ReceivableAssignmentFilter(
        request.GET,
        queryset=selectors.receivable_assignments_visible(request.user).order_by("-created_at", "-id"),
    )
    if request.GET.get("format") == "xlsx":
        return xlsx_response(
            "receivable-assignments.xlsx",
            [
                _("Number"),
                _("Insured"),
                _("Bank"),
                _("Receivables"),
                _("Covered (USD)"),
                _("Status"),
                _("Date"),
            ],
            (
                (
                    r.number,
                    r.organisation.display_name,
                    r.bank.display_name,
                    r.receivable_count,
                    r.covered_total,
                    r.get_status_display(),
                    r.created_at,
                )
                for r in filt.qs
            ),
            sheet=_("Receivable assignments"),
            filters=filters_used(filt),
        )
    return render(
        request,
        "financing/receivable_assignment_list.html",
        {"filter": filt, "page": _page(request, filt.qs), "can_propose": request.user.role == Role.EXPORTER},
    )


@login_required
def receivable_assignment_new(request):
    ensure_role(request.user, [Role.EXPORTER], action=_("assign receivables"))
    receivables = selectors.assignable_receivables(request.user)
    form = ReceivableAssignmentForm(request.POST or None, banks=selectors.banks(), receivables=receivables)
    if request.method == "POST" and form.is_valid():
        c = form.cleaned_data
        try:
            ra = services.receivable_assignment_propose(
                actor=request.user,
                bank_id=c["bank"].pk,
                declaration_ids=[d.pk for d in c["declarations"]],
                note=c["note"],
            )
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, _("Receivables sent to the bank: %(number)s.") % {"number": ra.number})
            return redirect("financing:receivable-assignment-detail", pk=ra.pk)
    return render(
        request,
        "financing/receivable_assignment_form.html",
        {"form": form, "receivables": receivables[:500]},
    )


@login_required
def receivable_assignment_detail(request, pk: int, form=None, status=200):
    ra = selectors.receivable_assignment_get(request.user, pk)
    user = request.user
    return render(
        request,
        "financing/receivable_assignment_detail.html",
        {
            "ra": ra,
            "items": selectors.receivable_assignment_items(ra),
            "events": audit_history(ra),
            "can_answer": user.role == Role.BANK
            and user.organisation_id == ra.bank_id
            and ra.status == ReceivableAssignment.Status.PROPOSED,
            "can_withdraw": user.role == Role.EXPORTER
            and user.organisation_id == ra.organisation_id
            and ra.status == ReceivableAssignment.Status.PROPOSED,
            "reason_form": form or ReasonForm(),
        },
        status=status,
    )


@login_required
@require_POST
def receivable_assignment_act(request, pk: int, action: str):
    if action not in {"accept", "decline", "withdraw"}:
        raise Http404
    ra = selectors.receivable_assignment_get(request.user, pk)
    form = ReasonForm(request.POST)
    form.is_valid()
    reason = form.cleaned_data.get("reason", "")
    try:
        if action == "accept":
            services.receivable_assignment_accept(assignment_id=ra.pk, actor=request.user)
        elif action == "decline":
            services.receivable_assignment_decline(assignment_id=ra.pk, actor=request.user, reason=reason)
        else:
            services.receivable_assignment_withdraw(assignment_id=ra.pk, actor=request.user, reason=reason)
    except DomainError as error:
        form.add_domain_error(error)
        return receivable_assignment_detail(request, pk, form=form, status=400)
    messages.success(request, _("Assignment %(number)s updated.") % {"number": ra.number})
    return redirect("financing:receivable-assignment-detail", pk=ra.pk)
