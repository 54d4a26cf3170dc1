"""Receivables."""

from __future__ import annotations

import json
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import get_language, gettext_lazy, pgettext, pgettext_lazy
from django.utils.translation import gettext as _

from declarations import selectors, services
from declarations.files import upload_bytes
from declarations.filters import (
    BUCKET_LABELS,
    PaymentFilter,
    ReceivableFilter,
)
from declarations.forms import (
    BuyerPaymentForm,
    PaymentUploadForm,
)
from declarations.models import ShipmentDeclaration
from declarations.views._common import DECLARERS, _declarer, _page  # noqa: F401
from sinosure_portal.base.errors import DomainError
from sinosure_portal.core.exports import amount, filters_used, usd, xlsx_response
from sinosure_portal.workdays.calendar import today

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
            filters=filters_used(filt),
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
        return _payments_xlsx(filt)
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


def _payments_xlsx(filt):
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
        filters=filters_used(filt),
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
