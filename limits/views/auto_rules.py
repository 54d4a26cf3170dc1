"""The automatic-decision rule pages (administrators)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from limits import selectors, services
from limits.filters import LimitAutoRuleFilter
from limits.forms import AutoRuleForm
from limits.models import LimitAutoRule
from policies.models import PaymentTerm
from sinosure_portal.accounts.access import ensure_role, is_insurer
from sinosure_portal.accounts.models import Role
from sinosure_portal.audit.services import audit_history
from sinosure_portal.base.errors import DomainError
from sinosure_portal.core.exports import filters_used, usd, xlsx_response


@login_required
def rule_list(request):
    if not is_insurer(request.user):
        raise Http404
    form = AutoRuleForm(
        request.POST or None,
        initial={
            "enabled": True,
            "max_amount_usd": 50000,
            "max_country_class": 4,
            "allowed_lights": ["green"],
            "allowed_payment_terms": PaymentTerm.values,
            "max_credit_period_days": 180,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.auto_rule_save(actor=request.user, data=form.cleaned_data)
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, _("Rule saved."))
            return redirect("limits:rules")
    filt = LimitAutoRuleFilter(request.GET, queryset=selectors.auto_rules())
    if request.GET.get("format") == "xlsx":
        return xlsx_response(
            "limit-rules.xlsx",
            [
                _("Rule name"),
                _("Enabled"),
                _("Ceiling"),
                _("Country class up to"),
                _("Lights"),
                _("Payment terms"),
                _("Credit period"),
            ],
            (
                (
                    r.name,
                    r.enabled,
                    usd(r.max_amount_usd),
                    r.max_country_class,
                    ", ".join(r.allowed_lights),
                    ", ".join(r.allowed_payment_terms),
                    r.max_credit_period_days,
                )
                for r in filt.qs
            ),
            sheet=_("Automatic decision rules"),
            filters=filters_used(filt),
        )
    return render(
        request,
        "limits/rules.html",
        {"rules": filt.qs, "filter": filt, "form": form, "can_edit": request.user.role == Role.ADMIN},
    )


@login_required
def rule_edit(request, pk: int):
    ensure_role(request.user, [Role.ADMIN], action=_("tune the automatic decision rules"))
    rule = LimitAutoRule.objects.filter(pk=pk).first()
    if rule is None:
        raise Http404
    initial = {name: getattr(rule, name) for name in services.RULE_FIELDS}
    form = AutoRuleForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.auto_rule_save(actor=request.user, data=form.cleaned_data, rule_id=rule.pk)
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, _("Rule saved."))
            return redirect("limits:rules")
    return render(
        request, "limits/rule_form.html", {"rule": rule, "form": form, "events": audit_history(rule)}
    )
