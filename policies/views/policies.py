"""Policy pages: the list, one policy, its schedule, rate table and settings, renewal, cancellation."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from policies import hooks, rules, selectors, services
from policies.documents import schedule_render
from policies.filters import PolicyFilter
from policies.forms import (
    HUNDRED,
    PolicySettingsForm,
    RateFormSet,
    ReasonForm,
)
from policies.models import Policy
from policies.views.common import _page
from sinosure_portal.accounts.access import ensure_role
from sinosure_portal.accounts.models import Role
from sinosure_portal.audit.services import audit_history
from sinosure_portal.base.errors import DomainError
from sinosure_portal.base.hooks import hook_call
from sinosure_portal.core.documents import document_latest, document_response
from sinosure_portal.core.exports import filters_used, percent, usd, xlsx_response


@login_required
def my_policy(request):
    """The phone's "my policy": the policy in force (cover, limits, what was declared) when there is
    one, the newest in force first when there are several; the list when there is none."""
    policy = (
        selectors.policies_visible(request.user)
        .filter(status=Policy.Status.ACTIVE)
        .order_by("-period_start", "-id")
        .first()
    )
    if policy is None:
        return redirect("policies:policy-list")
    return redirect("policies:policy-detail", pk=policy.pk)


@login_required
def policy_list(request):
    filt = PolicyFilter(request.GET, queryset=selectors.policies_visible(request.user))
    if request.GET.get("format") == "xlsx":
        return xlsx_response(
            "policies.xlsx",
            [
                _("Policy number"),
                _("Insured"),
                _("Product"),
                _("Status"),
                _("Period start"),
                _("Period end"),
                _("Indemnity ratio"),
                _("Maximum liability (USD)"),
            ],
            (
                (
                    p.number,
                    p.organisation.name_zh,
                    p.get_product_display(),
                    p.get_status_display(),
                    p.period_start,
                    p.period_end,
                    percent(p.indemnity_ratio),
                    usd(p.max_liability_usd),
                )
                for p in filt.qs
            ),
            sheet=_("Policies"),
            filters=filters_used(filt),
        )
    return render(request, "policies/policy_list.html", {"filter": filt, "page": _page(request, filt.qs)})


@login_required
def policy_detail(request, pk: int):
    policy = selectors.policy_get(request.user, pk)
    # later apps add to the page (the credit limits under the policy): see policies.hooks
    extra = {}
    for context in hook_call(hooks.POLICY_PAGE_CONTEXT, request=request, policy=policy):
        extra.update(context)
    renewal = policy.renewals.exclude(status="cancelled").first()
    return render(
        request,
        "policies/policy_detail.html",
        {
            "policy": policy,
            "product_rules": rules.PRODUCTS[policy.product],
            "matrix": selectors.rate_matrix(policy),
            "invoices": policy.invoices.order_by("payer"),
            "limits": [],
            "renewal": renewal,
            "schedule": document_latest(policy, services.SCHEDULE_KIND),
            "events": audit_history(policy),
            "cancel_form": ReasonForm(),
            "is_underwriter": request.user.role == Role.UNDERWRITER,
            "is_insured": request.user.organisation_id == policy.organisation_id,
            "open_renewal": policy.renewal_applications.filter(
                status__in=["draft", "submitted", "under_review"]
            ).first(),
            **extra,
        },
    )


@login_required
def policy_schedule(request, pk: int):
    policy = selectors.policy_get(request.user, pk)
    doc = document_latest(policy, services.SCHEDULE_KIND) or schedule_render(policy, actor=request.user)
    return document_response(doc, filename=f"policy-schedule-{policy.number}.pdf")


@login_required
def policy_rates(request, pk: int):
    ensure_role(request.user, services.UNDERWRITING_ROLES, action=_("change premium rates"))
    policy = selectors.policy_get(request.user, pk)
    initial = [
        {
            "country_class_from": r.country_class_from,
            "country_class_to": r.country_class_to,
            "payment_term": r.payment_term,
            "credit_days_from": r.credit_days_from,
            "credit_days_to": r.credit_days_to,
            "rate": r.rate * HUNDRED,
        }
        for r in policy.rates.all()
    ]
    formset = RateFormSet(request.POST or None, initial=initial, prefix="rates")
    error = None
    if request.method == "POST" and formset.is_valid():
        rows = [
            rules.RateRow(
                f.cleaned_data["country_class_from"],
                f.cleaned_data["country_class_to"],
                f.cleaned_data.get("payment_term") or "",
                f.cleaned_data["credit_days_from"],
                f.cleaned_data["credit_days_to"],
                f.cleaned_data["rate"] / HUNDRED,
            )
            for f in formset.forms
            if f.cleaned_data and not f.cleaned_data.get("DELETE")
        ]
        try:
            services.policy_rates_replace(policy_id=policy.pk, actor=request.user, rows=rows)
        except DomainError as err:
            error = (
                err.message
                if err.row is None
                else _("Row %(n)s: %(message)s") % {"n": err.row + 1, "message": err.message}
            )
        else:
            messages.success(request, _("Premium rate table saved."))
            return redirect("policies:policy-detail", pk=policy.pk)
    return render(request, "policies/rates_form.html", {"policy": policy, "formset": formset, "error": error})


@login_required
def policy_settings(request, pk: int):
    ensure_role(request.user, services.UNDERWRITING_ROLES, action=_("change policy settings"))
    policy = selectors.policy_get(request.user, pk)
    initial = {name: getattr(policy, name) for name in PolicySettingsForm.SETTING_NAMES}
    initial["financing_ratio"] = policy.financing_ratio * HUNDRED
    form = PolicySettingsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.policy_settings_update(
                policy_id=policy.pk, actor=request.user, settings=form.settings_values()
            )
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, _("Policy settings saved."))
            return redirect("policies:policy-detail", pk=policy.pk)
    return render(request, "policies/settings_form.html", {"policy": policy, "form": form})


@login_required
@require_POST
def policy_renew(request, pk: int):
    policy = selectors.policy_get(request.user, pk)
    try:
        renewal = services.policy_renew(policy_id=policy.pk, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("policies:policy-detail", pk=pk)
    messages.success(request, _("Policy renewed as %(number)s.") % {"number": renewal.number})
    return redirect("policies:policy-detail", pk=renewal.pk)


@login_required
@require_POST
def policy_renewal_apply(request, pk: int):
    policy = selectors.policy_get(request.user, pk)
    try:
        application = services.policy_renewal_apply(policy_id=policy.pk, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("policies:policy-detail", pk=pk)
    messages.success(
        request,
        _("Renewal application %(number)s drafted: check it, sign and confirm.")
        % {"number": application.number},
    )
    return redirect("policies:application-detail", pk=application.pk)


@login_required
@require_POST
def policy_cancel(request, pk: int):
    policy = selectors.policy_get(request.user, pk)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the reason for the decision."))
        return redirect("policies:policy-detail", pk=pk)
    try:
        services.policy_cancel(policy_id=policy.pk, actor=request.user, reason=form.cleaned_data["reason"])
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Policy cancelled."))
    return redirect("policies:policy-detail", pk=pk)
