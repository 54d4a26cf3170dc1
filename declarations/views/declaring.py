"""Declaring."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from declarations import selectors, services
from declarations.forms import (
    DeclarationForm,
)
from declarations.reasons import NotCovered
from declarations.views._common import DECLARERS, _declarer, _page  # noqa: F401
from limits.models import CreditLimit
from limits.selectors import with_available
from sinosure_portal.base.errors import DomainError

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
