"""Premium invoice pages: the one list of every premium bill, annual and monthly (with its Excel
export), the invoice PDF and recording a payment."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_POST

from policies import selectors, services
from policies.documents import premium_invoice_pdf_response
from policies.filters import PremiumInvoiceFilter
from policies.views.common import _page
from sinosure_portal.base.errors import DomainError
from sinosure_portal.core.exports import filters_used, usd, xlsx_response


@login_required
def invoice_list(request):
    filt = PremiumInvoiceFilter(request.GET, queryset=selectors.premium_invoices_visible(request.user))
    if request.GET.get("format") == "xlsx":
        return xlsx_response(
            "premium-invoices.xlsx",
            [
                pgettext("premium invoice", "Invoice number"),
                _("Policy number"),
                _("Period from"),
                _("Period to"),
                _("Payer"),
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
                    f"{i.get_payer_display()} {i.payer_name}".strip(),
                    usd(i.amount_usd),
                    i.due_date,
                    i.get_status_display(),
                )
                for i in filt.qs
            ),
            sheet=_("Premium invoices"),
            filters=filters_used(filt),
        )
    return render(request, "policies/invoice_list.html", {"filter": filt, "page": _page(request, filt.qs)})


@login_required
@require_POST
def invoice_paid(request, pk: int):
    invoice = selectors.premium_invoices_visible(request.user).filter(pk=pk).first()
    if invoice is None:
        raise Http404
    try:
        services.premium_invoice_mark_paid(invoice_id=invoice.pk, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, _("Premium invoice %(number)s marked as paid.") % {"number": invoice.number}
        )
    if request.POST.get("next") == "list":
        return redirect("policies:invoice-list")
    return redirect("policies:policy-detail", pk=invoice.policy_id)


@login_required
def invoice_pdf(request, pk: int):
    invoice = selectors.premium_invoices_visible(request.user).filter(pk=pk).first()
    if invoice is None:
        raise Http404
    return premium_invoice_pdf_response(invoice, actor=request.user)
