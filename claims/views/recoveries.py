"""Recoveries: the list with their shares, recording one on a claim and reversing one entered in error."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from claims import selectors, services
from claims.filters import RecoveryFilter
from claims.forms import RecoveryForm, RecoveryReverseForm
from claims.views.case import back_to_case, case_form_post, case_rerender
from claims.views.common import page_of
from sinosure_portal.base.errors import DomainError
from sinosure_portal.core.exports import amount, filters_used, usd, xlsx_response


@login_required
def recovery_list(request):
    filt = RecoveryFilter(
        request.GET, queryset=selectors.recoveries_visible(request.user).order_by("-received_on", "-id")
    )
    headers = [
        _("Recovery number"),
        _("Claim number"),
        _("Received on"),
        _("Currency"),
        _("Amount recovered"),
        _("Collection costs"),
        _("Net recovery (USD)"),
        _("Insurer's share (USD)"),
        _("Insured's share (USD)"),
        _("Before the indemnity was paid"),
        _("Reversed"),
    ]
    rows = (
        (
            r.number,
            r.claim.number,
            r.received_on,
            r.currency,
            amount(r.amount, r.currency),
            amount(r.costs, r.currency),
            usd(r.net_usd),
            usd(r.insurer_share_usd),
            usd(r.insured_share_usd),
            _("yes") if r.before_payment else "",
            r.reversal_reason if r.reversed_at else "",
        )
        for r in filt.qs
    )
    if request.GET.get("format") == "xlsx":
        return xlsx_response(
            "recoveries.xlsx", headers, rows, sheet=_("Recoveries"), filters=filters_used(filt)
        )
    return render(
        request,
        "claims/recovery_list.html",
        {
            "filter": filt,
            "page": page_of(request, filt.qs),
            "totals": selectors.indemnity_totals(request.user),
        },
    )


@login_required
@require_POST
def claim_recovery(request, pk: int):
    claim = selectors.claim_get(request.user, pk)
    return case_form_post(
        request,
        claim,
        RecoveryForm(request.POST),
        lambda data: services.recovery_record(
            actor=request.user, claim_id=claim.pk, **{**data, "costs": data.get("costs") or Decimal("0")}
        ),
        form_key="recovery_form",
        anchor="recoveries",
        done=_("Recovery recorded."),
    )


@login_required
@require_POST
def recovery_reverse(request, pk: int):
    recovery = selectors.recovery_get(request.user, pk)
    form = RecoveryReverseForm(request.POST)
    if form.is_valid():
        try:
            services.recovery_reverse(
                actor=request.user, recovery_id=recovery.pk, reason=form.cleaned_data["reason"]
            )
        except DomainError as error:
            form.add_domain_error(error)
            status = getattr(error, "status_code", 400)
        else:
            messages.success(request, _("Recovery %(number)s reversed.") % {"number": recovery.number})
            return back_to_case(recovery.claim, "recoveries")
    else:
        status = 400
    return case_rerender(request, recovery.claim, status=status, reverse_form=form, reverse_pk=recovery.pk)
