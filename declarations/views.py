"""Pages of declarations: declare one (check first, then confirm), upload many with a progress bar
and a per-row report, the receivables with ageing, payments received, amendments, a limit's live
exposure, the underwriters' exposure per buyer, and premium invoices."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language, gettext_lazy, pgettext, pgettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from declarations import selectors, services
from declarations.columns import COLUMN_LIST, PAYMENT_COLUMN_LIST
from declarations.files import upload_bytes
from declarations.filters import (
    BUCKET_LABELS,
    DeclarationFilter,
    PaymentFilter,
    PremiumInvoiceFilter,
    ReceivableFilter,
)
from declarations.forms import (
    AmendmentForm,
    BuyerPaymentForm,
    DecisionForm,
    DeclarationForm,
    PaymentForm,
    PaymentUploadForm,
    UploadForm,
)
from declarations.models import DeclarationAmendment, DeclarationBatchRow, ShipmentDeclaration
from declarations.reasons import NotCovered
from declarations.services.bulk import ReportRow, report_rows_for_export
from limits.models import CreditLimit
from limits.selectors import with_available
from sinosure_portal.accounts.access import ensure_role, get_visible_or_404, is_insurer
from sinosure_portal.accounts.models import Role
from sinosure_portal.audit.services import audit_history
from sinosure_portal.base.errors import DomainError
from sinosure_portal.core.exports import XLSX, amount, usd, workbook_bytes, xlsx_response
from sinosure_portal.workdays.calendar import today

DECLARERS = [Role.EXPORTER, Role.BANK]


def _page(request, qs, per_page=50):
    return Paginator(qs, per_page).get_page(request.GET.get("page"))


def _declarer(request):
    ensure_role(request.user, DECLARERS, action=_("declare shipments"))


# --- declaring one shipment --------------------------------------------------------------------------


@login_required
def declaration_new(request):
    _declarer(request)
    policies = selectors.policies_declaring(request.user)
    if not policies.exists():
        return render(
            request,
            "declarations/not_declaring.html",
            {"policies": selectors.policies_not_declaring(request.user).order_by("-period_start")},
        )
    limits = selectors.declarable_limits(request.user)
    form = DeclarationForm(request.POST or None, limits=limits)
    answer = None
    refusal = None
    if request.method == "POST" and form.is_valid():
        data = _declaration_input(form)
        try:
            if request.POST.get("action") == "declare":
                declaration = services.declaration_create(actor=request.user, data=data)
                messages.success(
                    request, _("Invoice %(invoice)s declared.") % {"invoice": declaration.invoice_number}
                )
                return redirect("declarations:declaration-detail", pk=declaration.pk)
            answer = services.declaration_check(actor=request.user, data=data)
        except NotCovered as error:
            refusal = error
        except DomainError as error:
            form.add_domain_error(error)
    return render(
        request,
        "declarations/declaration_form.html",
        {
            "form": form,
            "answer": answer,
            "refusal": refusal,
            "has_limits": limits.exists(),
            "live_limits": with_available(limits.filter(status__in=list(CreditLimit.LIVE)))[:12],
        },
    )


def _declaration_input(form) -> services.DeclarationInput:
    c = form.cleaned_data
    limit = c["limit"]
    return services.DeclarationInput(
        policy_id=limit.policy_id,
        buyer_id=limit.buyer_id,
        invoice_number=c["invoice_number"],
        shipment_date=c["shipment_date"],
        currency=c["currency"],
        amount=c["amount"],
        payment_term=c["payment_term"],
        credit_days=c["credit_days"],
        hs_code=c["hs_code"],
        description=c["description"],
        destination=c["destination"].pk if c["destination"] else "",
        financing_intent=c["financing_intent"],
        client_reference=c["client_reference"],
    )


# --- lists and one declaration --------------------------------------------------------------------------

DECLARATION_HEADERS = [
    pgettext_lazy("shipment", "Invoice number"),
    gettext_lazy("Policy number"),
    gettext_lazy("Buyer"),
    gettext_lazy("Shipment date"),
    gettext_lazy("Currency"),
    gettext_lazy("Amount"),
    gettext_lazy("Amount (USD)"),
    gettext_lazy("Covered (USD)"),
    gettext_lazy("Premium (USD)"),
    gettext_lazy("Payment term"),
    gettext_lazy("Credit period (days)"),
    gettext_lazy("Due date"),
    gettext_lazy("Declared late"),
    gettext_lazy("Status"),
    gettext_lazy("Why not covered in full"),
]


@login_required
def declaration_list(request):
    filt = DeclarationFilter(
        request.GET, queryset=selectors.declarations_visible(request.user).order_by("-created_at", "-id")
    )
    if request.GET.get("format") == "xlsx":
        return xlsx_response(
            "declarations.xlsx",
            [str(h) for h in DECLARATION_HEADERS],
            (
                (
                    d.invoice_number,
                    d.policy.number,
                    d.buyer.display_name,
                    d.shipment_date,
                    d.currency,
                    amount(d.amount, d.currency),
                    usd(d.amount_usd),
                    usd(d.covered_usd),
                    usd(d.premium_usd),
                    d.get_payment_term_display(),
                    d.credit_days,
                    d.due_date,
                    _("yes") if d.late else "",
                    d.get_status_display(),
                    d.reason_message,
                )
                for d in filt.qs.iterator(chunk_size=2000)
            ),
            sheet=_("Declarations"),
        )
    return render(
        request,
        "declarations/declaration_list.html",
        {
            "filter": filt,
            "page": _page(request, filt.qs),
            "totals": selectors.declaration_totals(request.user),
            "can_declare": request.user.role in DECLARERS,
        },
    )


@login_required
def declaration_detail(request, pk: int):
    declaration = selectors.declaration_get(request.user, pk)
    return render(
        request,
        "declarations/declaration_detail.html",
        _detail_context(request, declaration),
    )


def _detail_context(request, declaration, **forms) -> dict:
    can_act = request.user.role in DECLARERS and request.user.organisation_id == declaration.organisation_id
    return {
        "d": declaration,
        "payments": declaration.payments.select_related("created_by").order_by("received_on", "id"),
        "amendments": declaration.amendments.select_related("requested_by", "decided_by"),
        "events": audit_history(declaration),
        "can_pay": can_act and declaration.status in ShipmentDeclaration.PAYABLE,
        "can_amend": can_act and declaration.status in ShipmentDeclaration.AMENDABLE,
        "payment_form": forms.get("payment_form")
        or PaymentForm(initial={"amount": declaration.outstanding}, currency=declaration.currency),
        "amend_form": forms.get("amend_form") or AmendmentForm(),
        "decision_form": DecisionForm(),
        "today": today(),
    }


@login_required
@require_POST
def declaration_pay(request, pk: int):
    declaration = selectors.declaration_get(request.user, pk)
    form = PaymentForm(request.POST, currency=declaration.currency)
    if form.is_valid():
        try:
            result = services.payment_record(
                actor=request.user,
                data=services.PaymentInput(
                    declaration_id=declaration.pk,
                    received_on=form.cleaned_data["received_on"],
                    amount=form.cleaned_data["amount"],
                    currency=declaration.currency,
                    client_reference=form.cleaned_data["client_reference"],
                ),
            )
        except DomainError as error:
            form.add_domain_error(error)
        else:
            if result.settled:
                messages.success(
                    request, _("Payment recorded: the invoice is settled and its exposure freed.")
                )
            else:
                messages.success(request, _("Payment recorded."))
            return redirect("declarations:declaration-detail", pk=pk)
    return render(
        request,
        "declarations/declaration_detail.html",
        _detail_context(request, declaration, payment_form=form),
        status=400,
    )


@login_required
@require_POST
def declaration_amend(request, pk: int):
    declaration = selectors.declaration_get(request.user, pk)
    form = AmendmentForm(request.POST)
    if form.is_valid():
        try:
            services.amendment_submit(actor=request.user, declaration_id=declaration.pk, **form.cleaned_data)
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, _("Amendment sent to the underwriter."))
            return redirect("declarations:declaration-detail", pk=pk)
    return render(
        request,
        "declarations/declaration_detail.html",
        _detail_context(request, declaration, amend_form=form),
        status=400,
    )


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


# --- uploads ----------------------------------------------------------------------------------------------


@login_required
def upload(request):
    _declarer(request)
    policies = selectors.policies_declaring(request.user)
    if not policies.exists():
        return render(
            request,
            "declarations/not_declaring.html",
            {"policies": selectors.policies_not_declaring(request.user).order_by("-period_start")},
        )
    form = UploadForm(request.POST or None, request.FILES or None, policies=policies)
    if request.method == "POST" and form.is_valid():
        upload_file = form.cleaned_data["file"]
        try:
            batch = services.declaration_batch_submit(
                actor=request.user,
                policy_id=form.cleaned_data["policy"].pk,
                file_name=upload_file.name,
                content=upload_file.read(),
            )
        except DomainError as error:
            form.add_domain_error(error)
        else:
            return redirect("declarations:batch-detail", pk=batch.pk)
    batches = selectors.batches_visible(request.user)[:20]
    return render(request, "declarations/upload.html", {"form": form, "batches": batches})


@login_required
def template_download(request, fmt: str):
    language = "zh" if request.GET.get("lang", get_language() or "zh").startswith("zh") else "en"
    columns = PAYMENT_COLUMN_LIST if request.GET.get("kind") == "payments" else COLUMN_LIST
    headers = [c.zh if language == "zh" else c.en for c in columns]
    example = [c.example for c in columns]
    name = ("payments" if columns is PAYMENT_COLUMN_LIST else "declarations") + f"-template-{language}"
    if fmt == "xlsx":
        response = HttpResponse(
            workbook_bytes(headers, [example], sheet=_("Declarations")), content_type=XLSX
        )
        response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
        return response
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(headers)
    writer.writerow(example)
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return response


@login_required
def batch_detail(request, pk: int):
    batch = selectors.batch_get(request.user, pk)
    outcome = request.GET.get("outcome") or ""
    rows = selectors.batch_report(batch, outcome=outcome or None)
    page = _page(request, rows, per_page=100) if batch.is_finished else None
    if page is not None:
        page.object_list = [ReportRow(r) for r in page.object_list]
    return render(
        request,
        "declarations/batch_detail.html",
        {
            "batch": batch,
            "page": page,
            "outcome": outcome,
            "outcomes": DeclarationBatchRow.Outcome.choices,
            "status_url": reverse("declarations:batch-status", args=[batch.pk]),
        },
    )


@login_required
def batch_status(request, pk: int):
    batch = selectors.batch_get(request.user, pk)
    return JsonResponse(
        {
            "id": batch.pk,
            "status": batch.status,
            "status_label": batch.get_status_display(),
            "progress": batch.progress,
            "total_rows": batch.total_rows,
            "processed_rows": batch.processed_rows,
            "covered_rows": batch.covered_rows,
            "partly_covered_rows": batch.partly_covered_rows,
            "refused_rows": batch.refused_rows,
            "duplicate_rows": batch.duplicate_rows,
            "finished": batch.is_finished,
            "error": batch.error,
        }
    )


@login_required
def batch_report(request, pk: int):
    batch = selectors.batch_get(request.user, pk)
    return xlsx_response(
        f"declaration-report-{batch.pk}.xlsx",
        [
            _("Row"),
            pgettext("shipment", "Invoice number"),
            _("Buyer"),
            _("Outcome"),
            _("Reason"),
            _("Declared late"),
            _("Amount (USD)"),
            _("Covered (USD)"),
            _("Premium (USD)"),
        ],
        # the three USD amounts shown with cents (core.exports.usd)
        ((*r[:6], usd(r[6]), usd(r[7]), usd(r[8])) for r in report_rows_for_export(batch)),
        sheet=_("Report"),
    )


@login_required
@require_POST
def batch_retry(request, pk: int):
    batch = selectors.batch_get(request.user, pk)
    try:
        services.declaration_batch_retry(actor=request.user, batch_id=batch.pk)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.info(request, _("The upload was started again; it resumes where it stopped."))
    return redirect("declarations:batch-detail", pk=pk)


# --- receivables and payments ------------------------------------------------------------------------------

RECEIVABLE_HEADERS = [
    pgettext_lazy("shipment", "Invoice number"),
    gettext_lazy("Buyer"),
    gettext_lazy("Currency"),
    gettext_lazy("Amount"),
    pgettext_lazy("receivable", "Paid"),
    gettext_lazy("Outstanding"),
    gettext_lazy("Outstanding (USD)"),
    gettext_lazy("Covered (USD)"),
    gettext_lazy("Shipment date"),
    gettext_lazy("Due date"),
    gettext_lazy("Days past due"),
    gettext_lazy("Ageing"),
    gettext_lazy("Status"),
    gettext_lazy("Possible-loss notice by"),
]


@login_required
def receivable_list(request):
    on = today()
    base = selectors.receivables(request.user, on)
    filt = ReceivableFilter(request.GET, queryset=base)
    if request.GET.get("format") == "xlsx":
        return xlsx_response(
            "receivables.xlsx",
            [str(h) for h in RECEIVABLE_HEADERS],
            (
                (
                    d.invoice_number,
                    d.buyer.display_name,
                    d.currency,
                    amount(d.amount, d.currency),
                    amount(d.paid_amount, d.currency),
                    amount(d.outstanding_amount, d.currency),
                    usd(d.outstanding_in_usd),
                    usd(d.covered_usd),
                    d.shipment_date,
                    d.due_date,
                    max((on - d.due_date).days, 0),
                    str(BUCKET_LABELS[d.bucket]),
                    d.get_status_display(),
                    d.loss_notice_date if d.status == ShipmentDeclaration.Status.OVERDUE else None,
                )
                for d in filt.qs.iterator(chunk_size=2000)
            ),
            sheet=_("Receivables"),
        )
    summary = selectors.ageing_summary(filt.qs)
    chart = {
        "type": "bar",
        "data": {
            "labels": [str(BUCKET_LABELS[s["bucket"]]) for s in summary],
            "datasets": [
                {
                    "label": _("Outstanding (USD)"),
                    "data": [float(s["outstanding_usd"]) for s in summary],  # chart drawing only
                    "backgroundColor": ["#12b76a", "#f79009", "#f97316", "#ef4444", "#b42318", "#7a271a"],
                }
            ],
        },
        "options": {"plugins": {"legend": {"display": False}}, "maintainAspectRatio": False},
    }
    return render(
        request,
        "declarations/receivables.html",
        {
            "filter": filt,
            "page": _page(request, filt.qs),
            "summary": [dict(s, label=BUCKET_LABELS[s["bucket"]]) for s in summary],
            "total": sum((s["outstanding_usd"] for s in summary), Decimal("0")),
            "chart_json": json.dumps(chart, ensure_ascii=False),
            "today": on,
            "bucket_labels": BUCKET_LABELS,
        },
    )


@login_required
def payment_list(request):
    filt = PaymentFilter(request.GET, queryset=selectors.payments_visible(request.user))
    if request.GET.get("format") == "xlsx":
        return xlsx_response(
            "payments.xlsx",
            [
                pgettext("shipment", "Invoice number"),
                _("Buyer"),
                _("Received on"),
                _("Currency"),
                _("Amount"),
                _("Amount (USD)"),
                _("Your reference"),
            ],
            (
                (
                    p.declaration.invoice_number,
                    p.declaration.buyer.display_name,
                    p.received_on,
                    p.currency,
                    amount(p.amount, p.currency),
                    usd(p.amount_usd),
                    p.client_reference,
                )
                for p in filt.qs.iterator(chunk_size=2000)
            ),
            sheet=_("Payments"),
        )
    can_record = request.user.role in DECLARERS
    buyers = _buyer_choices(request.user) if can_record else []
    form = BuyerPaymentForm(request.POST or None, buyers=buyers, prefix="one")
    upload_form = PaymentUploadForm(prefix="file")
    report = None
    if request.method == "POST" and can_record:
        if "file-file" in request.FILES:
            upload_form = PaymentUploadForm(request.POST, request.FILES, prefix="file")
            if upload_form.is_valid():
                f = upload_form.cleaned_data["file"]
                try:
                    lines, problems = services.payments_from_file(
                        actor=request.user, file_name=f.name, content=upload_bytes(f)
                    )
                except DomainError as error:
                    upload_form.add_domain_error(error)
                else:
                    report = sorted(
                        problems + services.payments_record_bulk(actor=request.user, lines=lines),
                        key=lambda r: r.row,
                    )
        elif form.is_valid():
            c = form.cleaned_data
            try:
                result = services.payment_record(
                    actor=request.user,
                    data=services.PaymentInput(
                        received_on=c["received_on"],
                        amount=c["amount"],
                        currency=c["currency"],
                        invoice_number=c["invoice_number"],
                        buyer_id=None if c["invoice_number"] else int(c["buyer"]),
                        client_reference=c["client_reference"],
                    ),
                )
            except DomainError as error:
                form.add_domain_error(error)
            else:
                messages.success(
                    request,
                    _("Payment recorded on %(invoices)s.")
                    % {"invoices": ", ".join(p.declaration.invoice_number for p in result.payments)},
                )
                return redirect("declarations:payment-list")
    return render(
        request,
        "declarations/payments.html",
        {
            "filter": filt,
            "page": _page(request, filt.qs),
            "form": form,
            "upload_form": upload_form,
            "report": report,
            "can_record": can_record,
        },
    )


def _buyer_choices(user) -> list[tuple[str, str]]:
    rows = (
        selectors.declarations_visible(user)
        .filter(status__in=list(ShipmentDeclaration.PAYABLE))
        .order_by()
        .values_list("buyer_id", "buyer__name", "buyer__name_zh")
        .distinct()
    )
    zh = (get_language() or "").startswith("zh")
    return sorted(
        {(str(pk), (name_zh if zh and name_zh else name)) for pk, name, name_zh in rows}, key=lambda r: r[1]
    )


# --- exposure ------------------------------------------------------------------------------------------------


@login_required
def limit_exposure(request, pk: int):
    limit = selectors.limit_for_page(request.user, pk)
    declarations = selectors.declarations_on_limit(limit)
    return render(
        request,
        "declarations/limit_exposure.html",
        {
            "limit": limit,
            "page": _page(request, declarations),
            "status_url": reverse("declarations:limit-status", args=[limit.pk]),
            "used": (limit.exposure_usd / limit.amount_usd) if limit.amount_usd else Decimal("0"),
        },
    )


@login_required
def limit_status(request, pk: int):
    limit = selectors.limit_for_page(request.user, pk)
    data = selectors.limit_exposure(limit)
    return JsonResponse({k: str(v) if isinstance(v, Decimal) else v for k, v in data.items()})


def _buyer_label(row: dict) -> str:
    if (get_language() or "").startswith("zh") and row.get("buyer__name_zh"):
        return row["buyer__name_zh"]
    return row.get("buyer__name_en") or row["buyer__name"]


@login_required
def buyer_exposure(request):
    if not is_insurer(request.user):
        raise Http404
    rows = selectors.exposure_by_buyer(request.user)
    query = (request.GET.get("q") or "").strip()
    if query:
        rows = rows.filter(buyer__name__icontains=query)
    if request.GET.get("format") == "xlsx":
        return xlsx_response(
            "exposure-by-buyer.xlsx",
            [
                _("Buyer"),
                _("Country"),
                _("Traffic light"),
                _("Insureds"),
                _("Limits (USD)"),
                _("Exposure (USD)"),
            ],
            (
                (
                    r["buyer__name"],
                    r["buyer__country_id"],
                    r["buyer__light"],
                    r["insureds"],
                    usd(r["limits_usd"]),
                    usd(r["exposure"]),
                )
                for r in rows
            ),
            sheet=_("Exposure"),
        )
    page = _page(request, rows)
    top = list(rows[:10])
    chart = {
        "type": "bar",
        "data": {
            "labels": [_buyer_label(r)[:24] for r in top],
            "datasets": [
                {
                    "label": _("Exposure (USD)"),
                    "data": [float(r["exposure"] or 0) for r in top],
                    "backgroundColor": "#12355b",
                },
                {
                    "label": _("Limits (USD)"),
                    "data": [float(r["limits_usd"] or 0) for r in top],
                    "backgroundColor": "#9db4d0",
                },
            ],
        },
        "options": {"indexAxis": "y", "maintainAspectRatio": False},
    }
    return render(
        request,
        "declarations/buyer_exposure.html",
        {"page": page, "query": query, "chart_json": json.dumps(chart, ensure_ascii=False)},
    )


# --- premium invoices -------------------------------------------------------------------------------------------


@login_required
def premium_invoice_list(request):
    filt = PremiumInvoiceFilter(request.GET, queryset=selectors.premium_invoices(request.user))
    if request.GET.get("format") == "xlsx":
        return xlsx_response(
            "premium-invoices.xlsx",
            [
                _("Invoice number"),
                _("Policy number"),
                _("Period from"),
                _("Period to"),
                _("Amount (USD)"),
                _("Due date"),
                _("Status"),
            ],
            (
                (
                    i.number,
                    i.policy.number,
                    i.period_start,
                    i.period_end,
                    usd(i.amount_usd),
                    i.due_date,
                    i.get_status_display(),
                )
                for i in filt.qs
            ),
            sheet=_("Premium invoices"),
        )
    return render(
        request, "declarations/premium_invoices.html", {"filter": filt, "page": _page(request, filt.qs)}
    )


@login_required
def premium_invoice_pdf(request, pk: int):
    from declarations.documents import premium_invoice_pdf_response

    invoice = get_visible_or_404(selectors.premium_invoices(request.user), pk=pk)
    return premium_invoice_pdf_response(invoice, actor=request.user)
