"""Limit pages: the list (with the Excel export), a limit with its change history, reductions and cancellations."""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from limits import history, selectors, services
from limits.filters import LimitFilter
from limits.forms import CancelForm, ReduceForm
from limits.views.common import _page
from policies.models import PaymentTerm
from sinosure_portal.accounts.models import Role
from sinosure_portal.audit.services import audit_history
from sinosure_portal.base.errors import DomainError
from sinosure_portal.core.documents import document_latest
from sinosure_portal.core.exports import filters_used, usd, xlsx_response
from sinosure_portal.workdays.calendar import today

LIMIT_HEADERS = [
    gettext_lazy("Limit number"),
    gettext_lazy("Insured"),
    gettext_lazy("Policy number"),
    gettext_lazy("Buyer"),
    gettext_lazy("Country"),
    gettext_lazy("Traffic light"),
    gettext_lazy("Payment terms"),
    gettext_lazy("Longest credit period (days)"),
    gettext_lazy("Amount (USD)"),
    gettext_lazy("Exposure (USD)"),
    gettext_lazy("Available (USD)"),
    gettext_lazy("Effective date"),
    gettext_lazy("Status"),
    gettext_lazy("Last used"),
]


@login_required
def limit_list(request):
    qs = selectors.with_available(selectors.limits_visible(request.user))
    filt = LimitFilter(request.GET, queryset=qs)
    if request.GET.get("format") == "xlsx":
        return xlsx_response(
            "credit-limits.xlsx",
            [str(h) for h in LIMIT_HEADERS],
            (
                (
                    limit.number,
                    limit.organisation.name_zh,
                    limit.policy.number,
                    limit.buyer.display_name,
                    limit.buyer.country.name,
                    limit.buyer.get_light_display(),
                    limit.get_payment_terms_display(),
                    limit.max_credit_period_days,
                    usd(limit.amount_usd),
                    usd(limit.exposure_usd),
                    usd(limit.available),
                    limit.effective_date,
                    limit.get_status_display(),
                    limit.last_used_at,
                )
                for limit in filt.qs
            ),
            sheet=_("Credit limits"),
            filters=filters_used(filt),
        )
    return render(
        request,
        "limits/limit_list.html",
        {"filter": filt, "page": _page(request, filt.qs), "totals": selectors.limit_counts(request.user)},
    )


@login_required
def limit_detail(request, pk: int):
    limit = selectors.limit_get(request.user, pk)
    on = None
    terms = None
    raw = request.GET.get("on")
    if raw:
        try:
            on = date.fromisoformat(raw)
        except ValueError:
            on = None
        if on:
            terms = selectors.limit_terms_on(limit, on)
    approval = document_latest(limit.application, services.APPROVAL_KIND) if limit.application_id else None
    return render(
        request,
        "limits/limit_detail.html",
        {
            "limit": limit,
            "changes": limit.changes.select_related("actor").order_by("created_at", "id"),
            "events": audit_history(limit),
            "history": history.limit_history(limit),
            "approval": approval,
            "on": on,
            "terms": terms,
            "term_labels": dict(PaymentTerm.choices),
            "reduce_form": ReduceForm(initial={"notice_date": today(), "amount_usd": limit.amount_usd}),
            "cancel_form": CancelForm(initial={"notice_date": today()}),
            "is_underwriter": request.user.role == Role.UNDERWRITER,
            "buyer_exposure": selectors.buyer_exposure(limit.buyer_id),
        },
    )


def _limit_action(request, pk, form_class, action, success):
    limit = selectors.limit_get(request.user, pk)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            action(limit, form.cleaned_data)
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, success)
            return redirect("limits:limit-detail", pk=pk)
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for error in errors:
            messages.error(request, f"{label}: {error}" if label else error)
    return redirect("limits:limit-detail", pk=pk)


@login_required
@require_POST
def limit_reduce(request, pk: int):
    return _limit_action(
        request,
        pk,
        ReduceForm,
        lambda limit, d: services.limit_reduce(
            limit_id=limit.pk,
            actor=request.user,
            amount_usd=d["amount_usd"],
            notice_date=d["notice_date"],
            reason=d["reason"],
            max_credit_period_days=d.get("max_credit_period_days"),
            payment_terms=d.get("payment_terms") or None,
        ),
        _("Limit reduced."),
    )


@login_required
@require_POST
def limit_cancel(request, pk: int):
    return _limit_action(
        request,
        pk,
        CancelForm,
        lambda limit, d: services.limit_cancel(
            limit_id=limit.pk, actor=request.user, notice_date=d["notice_date"], reason=d["reason"]
        ),
        _("Limit cancelled."),
    )
