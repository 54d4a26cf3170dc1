"""The assessment inputs on the case page: deductions, excluded invoices and the indemnity ratio."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from claims import selectors, services
from claims.forms import DeductionForm, RatioForm
from claims.views.case import case_form_post
from sinosure_portal.base.errors import DomainError


@login_required
@require_POST
def claim_deduction(request, pk: int):
    claim = selectors.claim_get(request.user, pk)

    def add(data):
        fields = dict(data)
        services.claim_deduction_add(
            actor=request.user, claim_id=claim.pk, line_id=fields.pop("line"), **fields
        )

    return case_form_post(
        request,
        claim,
        DeductionForm(request.POST, lines=list(claim.lines.all())),
        add,
        form_key="deduction_form",
        anchor="assessment",
    )


@login_required
@require_POST
def deduction_remove(request, pk: int):
    deduction = selectors.deduction_get(request.user, pk)
    try:
        services.claim_deduction_remove(actor=request.user, deduction_id=deduction.pk)
    except DomainError as error:
        messages.error(request, error.message)
    return redirect(reverse("claims:claim-detail", args=[deduction.claim_id]) + "#assessment")


@login_required
@require_POST
def line_inclusion(request, pk: int):
    line = selectors.claim_line_get(request.user, pk)
    try:
        services.claim_line_set_included(
            actor=request.user,
            line_id=line.pk,
            included=request.POST.get("included") == "1",
            reason=request.POST.get("reason", ""),
        )
    except DomainError as error:
        messages.error(request, error.message)
    return redirect(reverse("claims:claim-detail", args=[line.claim_id]) + "#assessment")


@login_required
@require_POST
def claim_ratio(request, pk: int):
    claim = selectors.claim_get(request.user, pk)
    form = RatioForm(request.POST)
    return case_form_post(
        request,
        claim,
        form,
        lambda data: services.claim_ratio_set(
            actor=request.user, claim_id=claim.pk, ratio=form.ratio, note=data["note"]
        ),
        form_key="ratio_form",
        anchor="assessment",
    )
