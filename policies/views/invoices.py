"""Premium invoice pages: the list (with its Excel export) and recording a payment."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_POST

from policies import selectors, services
from policies.filters import PremiumInvoiceFilter
from policies.views.common import _page
from sinosure_portal.base.errors import DomainError
from sinosure_portal.core.exports import usd, xlsx_response


@login_required
def invoice_list(request):
    filt = PremiumInvoiceFilter(request.GET, queryset=selectors.premium_invoices_visible(request.user))
    if request.GET.get("format") == "xlsx":
        return xlsx_response(
            "premium-invoices.xlsx",
            [
                pgettext("premium invoice", "Invoice number"),
                _("Policy number"),
                _("Payer"),
                _("Amount (USD)"),
                _("Due date"),
                _("Status"),
            ],
            (
                (
                    i.number,
                    i.policy.number,
                    f"{i.get_payer_display()} {i.payer_name}",
                    usd(i.amount_usd),
                    i.due_date,
                    i.get_status_display(),
                )
                for i in filt.qs
            ),
            sheet=_("Premium invoices"),
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
    return redirect("policies:policy-detail", pk=invoice.policy_id)
