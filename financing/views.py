"""Pages of policy financing: agreements and their signatures, receivable assignments, the bank's
receivables with ageing, coverage notices, loans and repayments, indemnities paid to the bank, and
data authorisations with the authorised figures as charts and tables."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_POST

from creditinfo.models import Buyer
from declarations.filters import BUCKET_LABELS
from declarations.selectors import ageing_summary
from financing import selectors, services
from financing.documents import agreement_pdf_response, coverage_notice_pdf_response
from financing.filters import (
    AgreementFilter,
    BankReceivableFilter,
    CoverageNoticeFilter,
    DataAuthorisationFilter,
    LoanFilter,
    ReceivableAssignmentFilter,
)
from financing.forms import (
    AgreementForm,
    DataAuthorisationForm,
    LoanForm,
    ReasonForm,
    ReceivableAssignmentForm,
    RepaymentForm,
    SignForm,
    TerminateForm,
)
from financing.models import DataItem, IndemnityAssignment, ReceivableAssignment
from financing.services.agreements import ASSIGNABLE_PRODUCTS
from policies.models import Policy
from sinosure_portal.accounts.access import ensure_role, is_insurer
from sinosure_portal.accounts.models import Role
from sinosure_portal.audit.services import audit_history
from sinosure_portal.base.errors import DomainError
from sinosure_portal.core.exports import amount, usd, xlsx_response
from sinosure_portal.workdays.calendar import today

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
            a = services.indemnity_assignment_propose(
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
        except DomainError as error:
            form.add_domain_error(error)
        else:
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
                services.indemnity_assignment_bank_sign(
                    assignment_id=a.pk, actor=request.user, ip=_ip(request), **c
                )
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


# --- the bank's receivables -----------------------------------------------------------------------------

RECEIVABLE_HEADERS = [
    gettext_noop("Invoice number"),
    gettext_noop("Insured"),
    gettext_noop("Policy"),
    gettext_noop("Buyer"),
    gettext_noop("Country"),
    gettext_noop("Shipment date"),
    gettext_noop("Currency"),
    gettext_noop("Amount"),
    gettext_noop("Outstanding"),
    gettext_noop("Covered (USD)"),
    gettext_noop("Due date"),
    gettext_noop("Ageing"),
    gettext_noop("Status"),
    gettext_noop("Financed by you"),
]


@login_required
def receivable_list(request):
    if not (request.user.role == Role.BANK or is_insurer(request.user)):
        raise Http404
    on = today()
    qs = selectors.bank_receivables(request.user, on)
    filt = BankReceivableFilter(request.GET, queryset=qs)
    if request.GET.get("format") == "xlsx":
        return xlsx_response(
            "financing-receivables.xlsx",
            [_(h) for h in RECEIVABLE_HEADERS],
            (
                (
                    d.invoice_number,
                    d.organisation.display_name,
                    d.policy.number,
                    d.buyer.display_name,
                    d.buyer.country_id,
                    d.shipment_date,
                    d.currency,
                    amount(d.amount, d.currency),
                    amount(d.outstanding_amount, d.currency),
                    usd(d.covered_usd),
                    d.due_date,
                    str(BUCKET_LABELS.get(d.bucket, d.bucket)),
                    d.get_status_display(),
                    _("yes") if d.financed_by_me else "",
                )
                for d in filt.qs.iterator(chunk_size=2000)
            ),
            sheet=_("Receivables"),
        )
    summary = ageing_summary(qs.filter(status__in=["covered", "partly_covered", "overdue", "loss_notified"]))
    chart = {
        "type": "bar",
        "data": {
            "labels": [str(BUCKET_LABELS[s["bucket"]]) for s in summary],
            "datasets": [
                {
                    "label": _("Outstanding (USD)"),
                    "data": [float(s["outstanding_usd"]) for s in summary],
                    "backgroundColor": ["#198754", "#ffc107", "#fd7e14", "#dc3545", "#b02a37", "#212529"],
                }
            ],
        },
        "options": {"plugins": {"legend": {"display": False}}, "maintainAspectRatio": False},
    }
    return render(
        request,
        "financing/receivable_list.html",
        {
            "filter": filt,
            "page": _page(request, filt.qs),
            "summary": summary,
            "bucket_labels": BUCKET_LABELS,
            "total": sum(s["outstanding_usd"] for s in summary),
            "chart_json": json.dumps(chart, ensure_ascii=False),
            "totals": selectors.financing_totals(request.user),
        },
    )


@login_required
def receivable_detail(request, pk: int):
    d = selectors.bank_receivable_get(request.user, pk, today())
    notices = selectors.coverage_notices_visible(request.user).filter(declaration=d)
    loans = selectors.loans_visible(request.user).filter(receivables__declaration=d)
    return render(
        request,
        "financing/receivable_detail.html",
        {
            "d": d,
            "notices": notices,
            "loans": loans,
            "bucket_labels": BUCKET_LABELS,
            "can_lend": request.user.role == Role.BANK
            and selectors.financeable_receivables(request.user, today()).filter(pk=d.pk).exists(),
        },
    )


# --- coverage notices ------------------------------------------------------------------------------------


@login_required
def coverage_notice_list(request):
    filt = CoverageNoticeFilter(request.GET, queryset=selectors.coverage_notices_visible(request.user))
    if request.GET.get("format") == "xlsx":
        return xlsx_response(
            "coverage-notices.xlsx",
            [
                _("Notice number"),
                _("Issued at"),
                _("Insured"),
                _("Bank"),
                _("Invoice number"),
                _("Buyer"),
                _("Covered (USD)"),
                _("Due date"),
                _("Credit limit"),
            ],
            (
                (
                    n.number,
                    n.created_at,
                    n.organisation.display_name,
                    n.bank.display_name,
                    n.invoice_number,
                    n.declaration.buyer.display_name,
                    usd(n.covered_usd),
                    n.due_date,
                    n.limit_number,
                )
                for n in filt.qs
            ),
            sheet=_("Coverage notices"),
        )
    return render(
        request, "financing/coverage_notice_list.html", {"filter": filt, "page": _page(request, filt.qs)}
    )


@login_required
def coverage_notice_detail(request, pk: int):
    n = selectors.coverage_notice_get(request.user, pk)
    can_lend = (
        request.user.role == Role.BANK
        and selectors.financeable_receivables(request.user, today()).filter(pk=n.declaration_id).exists()
    )
    return render(
        request, "financing/coverage_notice_detail.html", {"n": n, "d": n.declaration, "can_lend": can_lend}
    )


@login_required
def coverage_notice_pdf(request, pk: int):
    return coverage_notice_pdf_response(selectors.coverage_notice_get(request.user, pk), actor=request.user)


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


# --- data authorisations -----------------------------------------------------------------------------


@login_required
def data_authorisation_list(request):
    user = request.user
    filt = DataAuthorisationFilter(
        request.GET,
        queryset=selectors.data_authorisations_visible(user).order_by("status", "-granted_at", "-id"),
    )
    form = None
    if user.role == Role.EXPORTER:
        form = DataAuthorisationForm(request.POST or None, banks=selectors.banks())
        if request.method == "POST" and form.is_valid():
            try:
                auth = services.data_authorisation_grant(
                    actor=user,
                    bank_id=form.cleaned_data["bank"].pk,
                    items=form.cleaned_data["items"],
                    ip=_ip(request),
                )
            except DomainError as error:
                form.add_domain_error(error)
            else:
                messages.success(
                    request,
                    _("%(bank)s may now see the data items you chose.") % {"bank": auth.bank.display_name},
                )
                return redirect("financing:data-authorisation-list")
    elif request.method == "POST":
        ensure_role(user, [Role.EXPORTER], action=_("authorise banks to see your data"))
    return render(
        request,
        "financing/data_authorisation_list.html",
        {"filter": filt, "page": _page(request, filt.qs), "form": form},
        status=400 if (request.method == "POST" and form is not None) else 200,
    )


@login_required
def data_authorisation_detail(request, pk: int):
    auth = selectors.data_authorisation_get(request.user, pk)
    data = selectors.authorised_data(request.user, auth, on=today())
    charts = {}
    if DataItem.COVERAGE_SIZE in data:
        rows = data[DataItem.COVERAGE_SIZE]
        charts["coverage"] = {
            "type": "bar",
            "data": {
                "labels": [r["month"].strftime("%Y-%m") for r in rows],
                "datasets": [
                    {
                        "label": _("Insured amount (USD)"),
                        "data": [float(r["insured_usd"] or 0) for r in rows],
                        "backgroundColor": "#12355b",
                    },
                    {
                        "label": _("Covered (USD)"),
                        "data": [float(r["covered_usd"] or 0) for r in rows],
                        "backgroundColor": "#4c9be8",
                    },
                ],
            },
            "options": {"maintainAspectRatio": False},
        }
    palette = ["#12355b", "#4c9be8", "#20c997", "#ffc107", "#fd7e14", "#dc3545", "#6f42c1", "#6c757d"]
    zh = (request.LANGUAGE_CODE or "").startswith("zh")
    if DataItem.COUNTRY_DISTRIBUTION in data:
        rows = data[DataItem.COUNTRY_DISTRIBUTION]
        charts["country"] = {
            "type": "doughnut",
            "data": {
                "labels": [(r["name_zh"] if zh else r["name_en"]) or r["code"] for r in rows],
                "datasets": [
                    {"data": [float(r["covered_usd"] or 0) for r in rows], "backgroundColor": palette}
                ],
            },
            "options": {"maintainAspectRatio": False},
        }
    if DataItem.BUYER_DISTRIBUTION in data:
        rows = data[DataItem.BUYER_DISTRIBUTION]
        for r in rows:  # the buyer's name in the reader's language, as Buyer.display_name gives it
            r["label"] = (r["buyer_name_zh"] if zh else r["buyer_name_en"]) or r["buyer_name"]
        charts["buyer"] = {
            "type": "bar",
            "data": {
                # the buyer's name as Buyer.display_name gives it in the reader's language
                "labels": [
                    (r["buyer_name_zh"] if zh else r["buyer_name_en"]) or r["buyer_name"] for r in rows
                ],
                "datasets": [
                    {
                        "label": _("Covered (USD)"),
                        "data": [float(r["covered_usd"] or 0) for r in rows],
                        "backgroundColor": "#20c997",
                    }
                ],
            },
            "options": {
                "indexAxis": "y",
                "maintainAspectRatio": False,
                "plugins": {"legend": {"display": False}},
            },
        }
    return render(
        request,
        "financing/data_authorisation_detail.html",
        {
            "auth": auth,
            "data": data,
            "charts": {k: json.dumps(v, ensure_ascii=False) for k, v in charts.items()},
            "events": audit_history(auth),
            "can_revoke": request.user.role == Role.EXPORTER
            and auth.organisation_id == request.user.organisation_id
            and auth.status == "active",
            "items": DataItem,
        },
    )


@login_required
@require_POST
def data_authorisation_revoke(request, pk: int):
    auth = selectors.data_authorisation_get(request.user, pk)
    services.data_authorisation_revoke(
        authorisation_id=auth.pk, actor=request.user, reason=request.POST.get("reason", "")
    )
    messages.success(
        request, _("Authorisation revoked: %(bank)s sees nothing more.") % {"bank": auth.bank.display_name}
    )
    return redirect("financing:data-authorisation-list")
