"""Lists."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.http import require_POST

from declarations import selectors, services
from declarations.filters import (
    DeclarationFilter,
)
from declarations.forms import (
    AmendmentForm,
    DecisionForm,
    PaymentForm,
)
from declarations.models import ShipmentDeclaration
from declarations.views._common import DECLARERS, _declarer, _page  # noqa: F401
from sinosure_portal.audit.services import audit_history
from sinosure_portal.base.errors import DomainError
from sinosure_portal.core.exports import amount, filters_used, usd, xlsx_response
from sinosure_portal.workdays.calendar import today

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
            filters=filters_used(filt),
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
