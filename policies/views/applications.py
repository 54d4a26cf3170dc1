"""The online application pages (choose a product, company data, eligibility, data
authorisation, agreement signature, confirmation) and the underwriters' review and issuing form."""

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from policies import rules, selectors, services
from policies.acts import policy_application_confirm
from policies.documents import DATA_ITEMS
from policies.filters import PolicyApplicationFilter
from policies.forms import (
    HUNDRED,
    ConsentForm,
    PolicyApplicationForm,
    PolicyIssueForm,
    ReasonForm,
    SignForm,
)
from policies.models import PolicyApplication, Product
from policies.views.common import _page, client_ip
from sinosure_portal.accounts.access import ensure_role, is_insurer
from sinosure_portal.accounts.acts import outcome_message
from sinosure_portal.accounts.models import Role
from sinosure_portal.audit.services import audit_history
from sinosure_portal.base.errors import DomainError, NotAllowed
from sinosure_portal.core.documents import document_latest, document_response
from sinosure_portal.core.exports import filters_used, usd, xlsx_response
from sinosure_portal.workdays.calendar import today


@login_required
def application_list(request):
    qs = selectors.policy_applications_visible(request.user)
    filt = PolicyApplicationFilter(request.GET, queryset=qs)
    if request.GET.get("format") == "xlsx":
        return xlsx_response(
            "policy-applications.xlsx",
            [
                _("Application number"),
                _("Applicant"),
                _("Product"),
                _("Status"),
                _("Submitted at"),
                _("Estimated turnover (USD)"),
            ],
            (
                (
                    a.number,
                    a.company_name,
                    a.get_product_display(),
                    a.get_status_display(),
                    a.submitted_at,
                    usd(a.estimated_turnover_usd),
                )
                for a in filt.qs
            ),
            sheet=_("Policy applications"),
            filters=filters_used(filt),
        )
    return render(
        request,
        "policies/application_list.html",
        {
            "filter": filt,
            "page": _page(request, filt.qs),
            "queue_size": selectors.policy_application_queue().count() if is_insurer(request.user) else None,
        },
    )


def _application_initial(user) -> dict:
    org = user.organisation
    return {
        "product": rules.products_for(org.kind)[0] if org and rules.products_for(org.kind) else "",
        "company_name": org.name_zh if org else "",
        "company_name_en": org.name_en if org else "",
        "contact_name": user.name,
        "contact_email": user.email,
        "micro_sme_classification": bool(org and org.size_class in {"micro", "small"}),
        "last_year_exports_usd": org.last_year_exports_usd if org else None,
        "premium_payer": "insured",
    }


@login_required
def application_new(request):
    ensure_role(request.user, services.APPLICANT_ROLES, action=_("apply for a policy"))
    org_kind = request.user.organisation.kind if request.user.organisation else "exporter"
    initial = _application_initial(request.user)
    if request.GET.get("product") in Product.values:
        initial["product"] = request.GET["product"]
    form = PolicyApplicationForm(request.POST or None, initial=initial, organisation_kind=org_kind)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        product = data.pop("product")
        try:
            application = services.policy_application_create(actor=request.user, product=product, data=data)
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(
                request, _("Draft application %(number)s saved.") % {"number": application.number}
            )
            return redirect("policies:application-detail", pk=application.pk)
    return render(request, "policies/application_form.html", {"form": form, "application": None})


@login_required
def application_edit(request, pk: int):
    application = selectors.policy_application_get(request.user, pk)
    if application.status != PolicyApplication.Status.DRAFT:
        return redirect("policies:application-detail", pk=pk)
    initial = {name: getattr(application, name) for name in services.APPLICATION_FIELDS}
    initial["product"] = application.product
    form = PolicyApplicationForm(
        request.POST or None, initial=initial, organisation_kind=application.organisation.kind
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.policy_application_update(
                application_id=pk, actor=request.user, data=dict(form.cleaned_data)
            )
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, _("Application saved."))
            return redirect("policies:application-detail", pk=pk)
    return render(request, "policies/application_form.html", {"form": form, "application": application})


def _application_context(request, application, **forms) -> dict:
    eligibility = rules.micro_eligibility(
        sme_classification=application.micro_sme_classification,
        last_year_exports_usd=application.last_year_exports_usd,
        provincial_designation=application.micro_provincial_designation,
        association_designation=application.micro_association_designation,
    )
    criteria_labels = {
        "sme_classification": _("Small or micro under the 2011 SME classification rules"),
        "exports_ceiling": _("Last year's customs exports at most USD 3,000,000"),
        "provincial": _("Designated by a provincial government"),
        "association": _("Designated by a national industry association"),
    }
    is_applicant = request.user.organisation_id == application.organisation_id
    return {
        "application": application,
        "is_applicant": is_applicant,
        "is_underwriter": request.user.role == Role.UNDERWRITER,
        "eligibility": eligibility,
        "criteria": [(code, criteria_labels[code], code in eligibility.criteria) for code in rules.CRITERIA],
        "data_items": DATA_ITEMS,
        "consent_form": forms.get("consent_form") or ConsentForm(),
        "sign_form": forms.get("sign_form")
        or SignForm(initial={"signer_name": request.user.name, "signer_title": request.user.title}),
        "reject_form": forms.get("reject_form") or ReasonForm(),
        "agreement": document_latest(application, services.AGREEMENT_KIND),
        "events": audit_history(application),
        "policy": getattr(application, "policy", None),
    }


@login_required
def application_detail(request, pk: int):
    application = selectors.policy_application_get(request.user, pk)
    return render(request, "policies/application_detail.html", _application_context(request, application))


def _post_action(request, pk, action, *, form_class=None, form_name=None, success=None):
    """Run one service on a POST; a domain error is shown on the application page next to its form."""
    application = selectors.policy_application_get(request.user, pk)
    form = form_class(request.POST) if form_class else None
    if form is not None and not form.is_valid():
        return render(
            request,
            "policies/application_detail.html",
            _application_context(request, application, **{form_name: form}),
            status=400,
        )
    try:
        action(application, form.cleaned_data if form else {})
    except DomainError as error:
        if form is None:
            messages.error(request, error.message)
            return redirect("policies:application-detail", pk=pk)
        form.add_domain_error(error)
        return render(
            request,
            "policies/application_detail.html",
            _application_context(request, application, **{form_name: form}),
            status=400,
        )
    if success:
        messages.success(request, success)
    return redirect("policies:application-detail", pk=pk)


@login_required
@require_POST
def application_consent(request, pk: int):
    return _post_action(
        request,
        pk,
        lambda a, d: services.policy_application_consent(
            application_id=a.pk, actor=request.user, ip=client_ip(request)
        ),
        form_class=ConsentForm,
        form_name="consent_form",
        success=_("Data use authorised."),
    )


@login_required
@require_POST
def application_sign(request, pk: int):
    return _post_action(
        request,
        pk,
        lambda a, d: services.policy_application_sign(
            application_id=a.pk,
            actor=request.user,
            signer_name=d["signer_name"],
            signer_title=d["signer_title"],
            ip=client_ip(request),
        ),
        form_class=SignForm,
        form_name="sign_form",
        success=_("Service agreement signed."),
    )


@login_required
@require_POST
def application_submit(request, pk: int):
    """Confirm (确认投保): at once, or for a reviewer's approval (team duties, four-eyes)."""
    application = selectors.policy_application_get(request.user, pk)
    try:
        outcome = policy_application_confirm(application=application, actor=request.user)
    except NotAllowed:
        raise  # a 403 page naming the missing duty
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("policies:application-detail", pk=pk)
    messages.success(
        request, outcome_message(outcome, _("Application confirmed: it is now with our underwriters."))
    )
    return redirect("policies:application-detail", pk=pk)


@login_required
@require_POST
def application_withdraw(request, pk: int):
    return _post_action(
        request,
        pk,
        lambda a, d: services.policy_application_withdraw(application_id=a.pk, actor=request.user),
        success=_("Application withdrawn."),
    )


@login_required
@require_POST
def application_review(request, pk: int):
    return _post_action(
        request,
        pk,
        lambda a, d: services.policy_application_start_review(application_id=a.pk, actor=request.user),
        success=_("You are reviewing this application."),
    )


@login_required
@require_POST
def application_reject(request, pk: int):
    return _post_action(
        request,
        pk,
        lambda a, d: services.policy_application_reject(
            application_id=a.pk, actor=request.user, reason=d["reason"]
        ),
        form_class=ReasonForm,
        form_name="reject_form",
        success=_("Application rejected."),
    )


@login_required
def application_agreement(request, pk: int):
    application = selectors.policy_application_get(request.user, pk)
    doc = document_latest(application, services.AGREEMENT_KIND)
    if doc is None:
        raise Http404
    return document_response(doc, filename=f"service-agreement-{application.number}.pdf")


def _issue_initial(application) -> dict:
    start = today()
    product_rules = rules.PRODUCTS[application.product]
    liability = application.requested_max_liability_usd or (
        application.estimated_turnover_usd or Decimal("0")
    ) * Decimal("0.5")
    return {
        "period_start": start,
        "period_end": rules.default_period_end(start),
        "indemnity_ratio": product_rules.max_ratio * HUNDRED,
        "max_liability_usd": liability.quantize(Decimal("1")) if liability else None,
        "per_buyer_cap_usd": (liability / 5).quantize(Decimal("1"))
        if application.product == Product.MICRO and liability
        else None,
        "premium_payer": application.premium_payer,
        "platform_name": application.platform_name,
        "platform_share": Decimal("100") if application.premium_payer == "platform" else Decimal("0"),
        "base_rate": None if product_rules.annual_premium else Decimal("0.3"),
        "premium_flat_rate": Decimal("0.25") if product_rules.annual_premium else None,
        "financing_ratio": Decimal("90"),
        "max_credit_period_days": product_rules.max_credit_period_days,
    }


@login_required
def application_issue(request, pk: int):
    ensure_role(request.user, services.UNDERWRITING_ROLES, action=_("issue policies"))
    application = selectors.policy_application_get(request.user, pk)
    form = PolicyIssueForm(request.POST or None, initial=_issue_initial(application))
    if request.method == "POST" and form.is_valid():
        try:
            policy = services.policy_issue(application_id=pk, actor=request.user, terms=form.terms())
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, _("Policy %(number)s issued.") % {"number": policy.number})
            return redirect("policies:policy-detail", pk=policy.pk)
    return render(
        request,
        "policies/issue_form.html",
        {"form": form, "application": application, "product_rules": rules.PRODUCTS[application.product]},
    )
