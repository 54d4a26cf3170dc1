"""Remaining cover at order entry: the quote form with its answer card, and the planned orders
against each limit with what is left after them."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from declarations import selectors
from declarations.forms import CoverQuoteForm
from declarations.services import planning
from declarations.views._common import _declarer
from limits.models import CreditLimit
from sinosure_portal.base.errors import DomainError

OUTLOOK_LIMITS = 12  # the limits with planned orders shown on the page (the API has every one)


def _quote_input(form) -> planning.QuoteInput:
    c = form.cleaned_data
    limit = c["limit"]
    return planning.QuoteInput(
        policy_id=limit.policy_id,
        buyer_id=limit.buyer_id,
        shipment_date=c["shipment_date"],
        currency=c["currency"],
        amount=c["amount"],
        payment_term=c["payment_term"],
        credit_days=c["credit_days"],
    )


@login_required
def cover_quote(request):
    _declarer(request)
    limits = selectors.declarable_limits(request.user).filter(status__in=list(CreditLimit.LIVE))
    form = CoverQuoteForm(request.POST or None, limits=limits)
    quote = None
    if request.method == "POST" and form.is_valid():
        data = _quote_input(form)
        try:
            if request.POST.get("action") == "plan":
                order, created = planning.planned_order_add(
                    actor=request.user,
                    data=planning.PlannedInput(
                        **vars(data), client_reference=form.cleaned_data["client_reference"]
                    ),
                )
                if created:
                    messages.success(request, _("The order is listed as planned. Nothing is reserved."))
                else:
                    messages.info(request, _("This reference is already listed as a planned order."))
                return redirect("declarations:cover-quote")
            quote = planning.cover_quote(
                actor=request.user, data=data, after_planned=form.cleaned_data["after_planned"]
            )
        except DomainError as error:
            form.add_domain_error(error)
    return render(
        request,
        "declarations/cover.html",
        {"form": form, "quote": quote, "outlooks": _outlooks(request), "has_limits": limits.exists()},
    )


def _outlooks(request) -> list[planning.LimitOutlook]:
    planned = selectors.planned_orders_visible(request.user).filter(status="planned")
    limit_ids = list(
        planned.order_by("limit_id").values_list("limit_id", flat=True).distinct()[:OUTLOOK_LIMITS]
    )
    limits = selectors.declarable_limits(request.user).filter(pk__in=limit_ids)
    return [planning.limit_outlook(actor=request.user, limit=limit) for limit in limits]


@login_required
@require_POST
def planned_order_drop(request, pk: int):
    _declarer(request)
    order = selectors.planned_order_get(request.user, pk)
    try:
        planning.planned_order_drop(actor=request.user, order_id=order.pk)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The planned order is dropped."))
    return redirect("declarations:cover-quote")
