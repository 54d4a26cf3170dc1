"""Agreements."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from creditinfo.models import Buyer
from financing import selectors, services
from financing.acts import assignment_bank_signed, assignment_propose_signed
from financing.documents import agreement_pdf_response
from financing.filters import (
    AgreementFilter,
)
from financing.forms import (
    AgreementForm,
    ReasonForm,
    SignForm,
    TerminateForm,
)
from financing.services.agreements import ASSIGNABLE_PRODUCTS
from financing.views._common import IA, _ip, _page, home  # noqa: F401
from policies.models import Policy
from sinosure_portal.accounts.access import ensure_role
from sinosure_portal.accounts.acts import outcome_message
from sinosure_portal.accounts.models import Role
from sinosure_portal.audit.services import audit_history
from sinosure_portal.base.errors import DomainError, NotAllowed
from sinosure_portal.core.exports import filters_used, xlsx_response

# --- indemnity assignment agreements -------------------------------------------------------------------


@login_required
def agreement_list(request):
    qs = selectors.agreements_visible(request.user).order_by("-created_at", "-id")
    filt = AgreementFilter(request.GET, queryset=qs)
    if request.GET.get("format") == "xlsx":
        return xlsx_response(
            "indemnity-assignments.xlsx",
            [
                _("Agreement number"),
                _("Policy"),
                _("Insured"),
                _("Bank"),
                _("Scope"),
                _("Effective date"),
                _("Ended on"),
                _("Status"),
            ],
            (
                (
                    a.number,
                    a.policy.number,
                    a.organisation.display_name,
                    a.bank.display_name,
                    a.get_scope_display(),
                    a.effective_date,
                    a.ended_on,
                    a.get_status_display(),
                )
                for a in filt.qs
            ),
            sheet=_("Indemnity assignments"),
            filters=filters_used(filt),
        )
    return render(
        request,
        "financing/agreement_list.html",
        {
            "filter": filt,
            "page": _page(request, filt.qs),
            "to_approve": selectors.agreements_to_approve(request.user)[:20],
            "can_propose": request.user.role == Role.EXPORTER,
        },
    )


def _agreement_form(request, data=None):
    user = request.user
    policies = Policy.objects.filter(
        organisation_id=user.organisation_id, status=Policy.Status.ACTIVE, product__in=ASSIGNABLE_PRODUCTS
    ).order_by("-period_start")
    buyers = Buyer.objects.filter(limits__organisation_id=user.organisation_id).distinct().order_by("name")
    return AgreementForm(data, policies=policies, banks=selectors.banks(), buyers=buyers)


@login_required
def agreement_new(request):
    ensure_role(request.user, [Role.EXPORTER], action=_("propose indemnity assignments"))
    form = _agreement_form(request, request.POST or None)
    if request.method == "POST" and form.is_valid():
        c = form.cleaned_data
        try:
            outcome = assignment_propose_signed(
                actor=request.user,
                data=services.AssignmentInput(
                    policy_id=c["policy"].pk,
                    bank_id=c["bank"].pk,
                    effective_date=c["effective_date"],
                    scope=c["scope"] or None,
                    buyer_ids=[b.pk for b in c["buyers"]],
                    financing_ratio=c["financing_ratio"],
                    signer_name=c["signer_name"],
                    signer_title=c["signer_title"],
                ),
                ip=_ip(request),
            )
        except NotAllowed:
            raise  # a 403 page naming the missing duty
        except DomainError as error:
            form.add_domain_error(error)
        else:
            if outcome.pending:  # another e-signer signs it (team duties, four-eyes)
                messages.success(request, outcome_message(outcome, ""))
                return redirect("approvals")
            a = outcome.result
            messages.success(
                request, _("Agreement %(number)s signed and sent to the bank.") % {"number": a.number}
            )
            return redirect("financing:agreement-detail", pk=a.pk)
    return render(request, "financing/agreement_form.html", {"form": form})


def _agreement_context(request, a, **forms) -> dict:
    user = request.user
    party = user.organisation_id in (a.organisation_id, a.bank_id)
    ctx = {
        "a": a,
        "buyers": list(a.buyers.all()),
        "events": audit_history(a),
        "notices": a.coverage_notices.select_related("declaration__buyer").order_by("-created_at")[:20],
        "can_sign": user.role == Role.BANK and user.organisation_id == a.bank_id and a.status == IA.PROPOSED,
        "can_decide": user.role in (Role.UNDERWRITER, Role.ADMIN) and a.status == IA.BANK_SIGNED,
        "can_withdraw": user.role == Role.EXPORTER
        and user.organisation_id == a.organisation_id
        and a.status in (IA.PROPOSED, IA.BANK_SIGNED),
        "can_request_termination": party
        and user.role in (Role.EXPORTER, Role.BANK)
        and a.status == IA.IN_FORCE,
        "can_terminate": user.role in (Role.UNDERWRITER, Role.ADMIN) and a.status == IA.TERMINATION_REQUESTED,
        "sign_form": SignForm(),
        "reason_form": ReasonForm(),
        "terminate_form": TerminateForm(),
    }
    ctx.update(forms)
    return ctx


@login_required
def agreement_detail(request, pk: int):
    a = selectors.agreement_get(request.user, pk)
    return render(request, "financing/agreement_detail.html", _agreement_context(request, a))


AGREEMENT_ACTIONS = {"sign", "approve", "reject", "withdraw", "request-termination", "terminate", "keep"}


@login_required
@require_POST
def agreement_act(request, pk: int, action: str):
    if action not in AGREEMENT_ACTIONS:
        raise Http404
    a = selectors.agreement_get(request.user, pk)
    form_class = {"sign": SignForm, "terminate": TerminateForm}.get(action, ReasonForm)
    form = form_class(request.POST)
    if form.is_valid():
        c = form.cleaned_data
        try:
            if action == "sign":
                outcome = assignment_bank_signed(assignment=a, actor=request.user, ip=_ip(request), **c)
                if outcome.pending:  # another e-signer signs it (team duties, four-eyes)
                    messages.success(request, outcome_message(outcome, ""))
                    return redirect("financing:agreement-detail", pk=a.pk)
            elif action == "approve":
                services.indemnity_assignment_approve(
                    assignment_id=a.pk, actor=request.user, reason=c["reason"]
                )
            elif action == "reject":
                services.indemnity_assignment_reject(
                    assignment_id=a.pk, actor=request.user, reason=c["reason"]
                )
            elif action == "withdraw":
                services.indemnity_assignment_withdraw(
                    assignment_id=a.pk, actor=request.user, reason=c["reason"]
                )
            elif action == "request-termination":
                services.indemnity_assignment_request_termination(
                    assignment_id=a.pk, actor=request.user, reason=c["reason"]
                )
            elif action == "terminate":
                services.indemnity_assignment_terminate(
                    assignment_id=a.pk, actor=request.user, ends_on=c["ends_on"], reason=c["reason"]
                )
            else:
                services.indemnity_assignment_keep(assignment_id=a.pk, actor=request.user, reason=c["reason"])
        except NotAllowed as error:
            if action == "sign":
                raise  # a 403 page naming the missing duty
            form.add_domain_error(error)
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, _("Agreement %(number)s updated.") % {"number": a.number})
            return redirect("financing:agreement-detail", pk=a.pk)
    a = selectors.agreement_get(request.user, pk)
    key = {"sign": "sign_form", "terminate": "terminate_form"}.get(action, "reason_form")
    return render(
        request,
        "financing/agreement_detail.html",
        _agreement_context(request, a, **{key: form, "failed": action}),
        status=400,
    )


@login_required
def agreement_pdf(request, pk: int):
    return agreement_pdf_response(selectors.agreement_get(request.user, pk), actor=request.user)
