"""Receivables."""

from __future__ import annotations

import json

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from declarations.filters import BUCKET_LABELS
from declarations.selectors import ageing_summary
from financing import selectors
from financing.filters import (
    BankReceivableFilter,
)
from financing.views._common import IA, _ip, _page, home  # noqa: F401
from sinosure_portal.accounts.access import is_insurer
from sinosure_portal.accounts.models import Role
from sinosure_portal.core.exports import amount, filters_used, usd, xlsx_response
from sinosure_portal.workdays.calendar import today

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
            filters=filters_used(filt),
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
