"""Filing a claim: from a possible-loss notice, or directly (micro and SME policies)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from claims import selectors, services
from claims.acts import claim_submit_direct, claim_submit_from_notice
from claims.forms import DescriptionForm, DirectClaimForm, InvoiceLineFormSet
from claims.services.common import INSURED_ROLES
from sinosure_portal.accounts.access import ensure_role
from sinosure_portal.accounts.acts import outcome_message
from sinosure_portal.base.errors import DomainError, NotAllowed
from sinosure_portal.workdays.calendar import today


@login_required
def claim_new_from_notice(request, notice_pk: int):
    notice = selectors.notice_get(request.user, notice_pk)
    form = DescriptionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            outcome = claim_submit_from_notice(
                notice=notice, actor=request.user, description=form.cleaned_data["description"]
            )
        except NotAllowed:
            raise  # a 403 page naming the missing duty
        except DomainError as error:
            form.add_domain_error(error)
        else:
            if outcome.pending:  # a reviewer submits it (team duties, four-eyes)
                messages.success(request, outcome_message(outcome, ""))
                return redirect("claims:notice-detail", pk=notice.pk)
            claim = outcome.result
            messages.success(
                request,
                _("Claim %(n)s filed. Upload the evidence documents listed on the right.")
                % {"n": claim.number},
            )
            return redirect("claims:claim-detail", pk=claim.pk)
    return render(
        request,
        "claims/claim_from_notice.html",
        {
            "notice": notice,
            "form": form,
            "shipments": notice.declarations.filter(status="loss_notified").order_by("due_date", "pk"),
            "today": today(),
        },
    )


@login_required
def claim_new_direct(request):
    ensure_role(request.user, INSURED_ROLES, action=_("file a claim"))
    policies = list(selectors.direct_claim_policies(request.user))
    form = DirectClaimForm(request.POST or None, policies=policies)
    lines = InvoiceLineFormSet(request.POST or None, prefix="inv")
    if request.method == "POST" and form.is_valid() and lines.is_valid():
        invoices = [services.InvoiceLine(**f.cleaned_data) for f in lines.forms if f.cleaned_data]
        try:
            outcome = claim_submit_direct(
                actor=request.user,
                data=services.DirectClaimInput(
                    policy_id=int(form.cleaned_data["policy"]),
                    buyer_id=form.cleaned_data["buyer"].pk,
                    cause=form.cleaned_data["cause"],
                    event_date=form.cleaned_data["event_date"],
                    description=form.cleaned_data["description"],
                    invoices=invoices,
                ),
            )
        except NotAllowed:
            raise  # a 403 page naming the missing duty
        except DomainError as error:
            if error.row:
                form.add_error(
                    None,
                    _("Invoice line %(row)s: %(message)s") % {"row": error.row, "message": error.message},
                )
            else:
                form.add_domain_error(error)
        else:
            if outcome.pending:  # a reviewer submits it (team duties, four-eyes)
                messages.success(request, outcome_message(outcome, ""))
                return redirect("approvals")
            claim = outcome.result
            messages.success(request, _("Claim %(n)s filed.") % {"n": claim.number})
            return redirect("claims:claim-detail", pk=claim.pk)
    return render(request, "claims/claim_direct.html", {"form": form, "lines": lines, "policies": policies})
