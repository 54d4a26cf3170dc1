"""Loans."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from financing import selectors, services
from financing.filters import (
    LoanFilter,
)
from financing.forms import (
    LoanForm,
    RepaymentForm,
)
from financing.views._common import IA, _ip, _page, home  # noqa: F401
from sinosure_portal.accounts.access import ensure_role, is_insurer
from sinosure_portal.accounts.models import Role
from sinosure_portal.audit.services import audit_history
from sinosure_portal.base.errors import DomainError
from sinosure_portal.core.exports import amount, filters_used, usd, xlsx_response
from sinosure_portal.workdays.calendar import today

# --- loans ---------------------------------------------------------------------------------------------


@login_required
def loan_list(request):
    filt = LoanFilter(
        request.GET, queryset=selectors.loans_visible(request.user).order_by("-loan_date", "-id")
    )
    if request.GET.get("format") == "xlsx":
        return xlsx_response(
            "loans.xlsx",
            [
                _("Loan number"),
                _("Bank"),
                _("Borrower"),
                _("Loan date"),
                _("Maturity date"),
                _("Currency"),
                _("Amount"),
                _("Amount (USD)"),
                _("Repaid"),
                _("Status"),
            ],
            (
                (
                    loan.number,
                    loan.bank.display_name,
                    loan.organisation.display_name,
                    loan.loan_date,
                    loan.maturity_date,
                    loan.currency,
                    amount(loan.amount, loan.currency),
                    usd(loan.amount_usd),
                    amount(loan.repaid_amount, loan.currency),
                    loan.get_status_display(),
                )
                for loan in filt.qs
            ),
            sheet=_("Loans"),
            filters=filters_used(filt),
        )
    return render(
        request,
        "financing/loan_list.html",
        {
            "filter": filt,
            "page": _page(request, filt.qs),
            "totals": selectors.financing_totals(request.user),
            "can_lend": request.user.role == Role.BANK,
        },
    )


@login_required
def loan_new(request):
    ensure_role(request.user, [Role.BANK], action=_("register loans"))
    receivables = selectors.financeable_receivables(request.user, today())
    initial = {}
    if request.GET.get("receivable"):
        initial["declarations"] = [v for v in request.GET.getlist("receivable") if v.isdigit()]
    form = LoanForm(request.POST or None, receivables=receivables, initial=initial)
    if request.method == "POST" and form.is_valid():
        c = form.cleaned_data
        chosen = list(c["declarations"])
        try:
            loan = services.loan_register(
                actor=request.user,
                data=services.LoanInput(
                    organisation_id=chosen[0].organisation_id,
                    loan_date=c["loan_date"],
                    maturity_date=c["maturity_date"],
                    currency=c["currency"],
                    amount=c["amount"],
                    declaration_ids=[d.pk for d in chosen],
                    bank_reference=c["bank_reference"],
                ),
            )
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, _("Loan %(number)s registered.") % {"number": loan.number})
            return redirect("financing:loan-detail", pk=loan.pk)
    chosen_ids = {str(v) for v in (form["declarations"].value() or [])}
    return render(
        request,
        "financing/loan_form.html",
        {"form": form, "receivables": receivables.select_related("organisation")[:500], "chosen": chosen_ids},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def loan_detail(request, pk: int, repayment_form=None, status=200):
    loan = selectors.loan_get(request.user, pk)
    return render(
        request,
        "financing/loan_detail.html",
        {
            "loan": loan,
            "lines": selectors.loan_receivables(loan),
            "repayments": selectors.loan_repayments(loan),
            "events": audit_history(loan),
            "can_repay": request.user.role == Role.BANK
            and loan.bank_id == request.user.organisation_id
            and loan.status == "open",
            "repayment_form": repayment_form or RepaymentForm(currency=loan.currency),
        },
        status=status,
    )


@login_required
@require_POST
def loan_repay(request, pk: int):
    loan = selectors.loan_get(request.user, pk)
    form = RepaymentForm(request.POST, currency=loan.currency)
    if form.is_valid():
        try:
            services.repayment_register(actor=request.user, loan_id=loan.pk, **form.cleaned_data)
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, _("Repayment registered."))
            return redirect("financing:loan-detail", pk=loan.pk)
    return loan_detail(request, pk, repayment_form=form, status=400)


# --- indemnities paid to the bank ---------------------------------------------------------------------


@login_required
def indemnity_list(request):
    if not (request.user.role == Role.BANK or is_insurer(request.user)):
        raise Http404
    rows = selectors.indemnities_paid_to(request.user)
    if request.GET.get("format") == "xlsx":
        return xlsx_response(
            "indemnities.xlsx",
            [_("Claim"), _("Insured"), _("Policy"), _("Buyer"), _("Paid on"), _("Indemnity (USD)")],
            (
                (
                    i.claim.number,
                    i.policy.organisation.display_name,
                    i.policy.number,
                    i.buyer.display_name,
                    i.paid_on,
                    usd(i.amount_usd),
                )
                for i in rows
            ),
            sheet=_("Indemnities"),
        )
    return render(request, "financing/indemnity_list.html", {"page": _page(request, rows)})
