"""Limit application pages: applying (with a buyer registered inline), the decision, the underwriter queue."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from creditinfo.models import Buyer
from creditinfo.services import buyer_register
from limits import selectors, services
from limits.filters import LimitApplicationFilter, QueueFilter
from limits.forms import DecisionForm, LimitApplicationForm, RejectForm
from limits.models import CreditLimitApplication
from limits.second_approval import limit_decision_approve
from limits.views.common import _page
from policies.models import PaymentTerm
from policies.selectors import policies_open_for_limits
from sinosure_portal.accounts.access import ensure_role, is_insurer
from sinosure_portal.accounts.acts import outcome_message
from sinosure_portal.accounts.models import Role
from sinosure_portal.audit.services import audit_history
from sinosure_portal.base.errors import DomainError
from sinosure_portal.core.documents import document_latest, document_response
from sinosure_portal.core.exports import filters_used, usd, xlsx_response


@login_required
def application_list(request):
    filt = LimitApplicationFilter(request.GET, queryset=selectors.limit_applications_visible(request.user))
    if request.GET.get("format") == "xlsx":
        return xlsx_response(
            "limit-applications.xlsx",
            [
                _("Application number"),
                _("Applicant"),
                _("Buyer"),
                _("Country"),
                _("Payment term"),
                _("Credit period (days)"),
                _("Amount requested (USD)"),
                _("Amount approved (USD)"),
                _("Status"),
                _("Submitted at"),
            ],
            (
                (
                    a.number,
                    a.organisation.name_zh,
                    a.buyer.display_name,
                    a.buyer.country_id,
                    a.get_payment_term_display(),
                    a.credit_period_days,
                    usd(a.amount_requested_usd),
                    usd(a.approved_amount_usd),
                    a.get_status_display(),
                    a.created_at,
                )
                for a in filt.qs
            ),
            sheet=_("Limit applications"),
            filters=filters_used(filt),
        )
    return render(request, "limits/application_list.html", {"filter": filt, "page": _page(request, filt.qs)})


def _register_inline(request, data: dict) -> tuple[int | None, int | None]:
    """The buyer (and issuing bank) chosen, or registered now through creditinfo (a buyer that
    already exists is returned instead of a duplicate)."""
    buyer_id = data["buyer"].pk if data.get("buyer") else None
    if buyer_id is None and data.get("new_buyer_name"):
        buyer, _created = buyer_register(
            name=data["new_buyer_name"],
            name_en=data.get("new_buyer_name_en") or "",
            country_id=data["new_buyer_country"].pk,
            registration_number=data.get("new_buyer_registration_number") or "",
            industry_id=data["new_buyer_industry"].pk if data.get("new_buyer_industry") else None,
            address=data.get("new_buyer_address") or "",
            actor=request.user,
        )
        buyer_id = buyer.pk
    bank_id = data["issuing_bank"].pk if data.get("issuing_bank") else None
    if bank_id is None and data.get("new_bank_name"):
        bank, _created = buyer_register(
            kind=Buyer.Kind.BANK,
            name=data["new_bank_name"],
            swift_code=data["new_bank_swift"],
            country_id=data["new_bank_country"].pk,
            actor=request.user,
        )
        bank_id = bank.pk
    return buyer_id, bank_id


@login_required
def application_new(request):
    ensure_role(request.user, services.APPLICANT_ROLES, action=_("apply for credit limits"))
    policies = policies_open_for_limits(request.user)
    initial = {"payment_term": PaymentTerm.OA, "credit_period_days": 90}
    if request.GET.get("buyer", "").isdigit():
        initial["buyer"] = int(request.GET["buyer"])
    if request.GET.get("policy", "").isdigit():
        initial["policy"] = int(request.GET["policy"])
    form = LimitApplicationForm(request.POST or None, initial=initial, policies=policies)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            buyer_id, bank_id = _register_inline(request, data)
            application = services.limit_application_submit(
                actor=request.user,
                request=services.LimitRequest(
                    policy_id=data["policy"].pk,
                    buyer_id=buyer_id,
                    payment_term=data["payment_term"],
                    credit_period_days=data["credit_period_days"],
                    amount_requested_usd=data["amount_requested_usd"],
                    open_orders_usd=data.get("open_orders_usd") or 0,
                    goods_category=data["goods_category"],
                    first_trade_year=data.get("first_trade_year"),
                    financing_need=data.get("financing_need", False),
                    related_party=data.get("related_party", False),
                    issuing_bank_id=bank_id,
                    latest_shipment_date=data.get("latest_shipment_date"),
                    notes=data.get("notes") or "",
                ),
            )
        except DomainError as error:
            form.add_domain_error(error)
        else:
            if application.status in (
                CreditLimitApplication.Status.APPROVED,
                CreditLimitApplication.Status.PARTLY_APPROVED,
            ):
                messages.success(request, _("Approved at once: your credit limit is in force."))
            else:
                messages.info(
                    request, _("Your application is with an underwriter; you will be told of the decision.")
                )
            return redirect("limits:application-detail", pk=application.pk)
    return render(request, "limits/application_form.html", {"form": form, "has_policy": policies.exists()})


def _application_context(request, application, *, decision_form=None, reject_form=None) -> dict:
    limit = application.limits.first() or (
        selectors.limit_in_force_for(application.policy_id, application.buyer_id)
        if application.approved_amount_usd
        else None
    )
    return {
        "application": application,
        "limit": limit,
        "approval": document_latest(application, services.APPROVAL_KIND),
        "events": audit_history(application),
        "is_underwriter": request.user.role == Role.UNDERWRITER,
        "is_applicant": request.user.organisation_id == application.organisation_id,
        "own_exposure": selectors.buyer_exposure(
            application.buyer_id, organisation_id=application.organisation_id
        ),
        "total_exposure": selectors.buyer_exposure(application.buyer_id)
        if is_insurer(request.user)
        else None,
        "decision_form": decision_form
        or DecisionForm(
            initial={
                "amount_usd": application.amount_requested_usd,
                "credit_period_days": application.credit_period_days,
                "payment_terms": [application.payment_term],
            }
        ),
        "reject_form": reject_form or RejectForm(auto_id="reject_%s"),
    }


@login_required
def application_detail(request, pk: int):
    application = selectors.limit_application_get(request.user, pk)
    return render(request, "limits/application_detail.html", _application_context(request, application))


@login_required
@require_POST
def application_decide(request, pk: int):
    application = selectors.limit_application_get(request.user, pk)
    if request.POST.get("decision") == "reject":
        form = RejectForm(request.POST, auto_id="reject_%s")
        if form.is_valid():
            try:
                services.limit_application_reject(
                    application_id=pk, actor=request.user, reason=form.cleaned_data["reason"]
                )
            except DomainError as error:
                form.add_domain_error(error)
            else:
                messages.success(request, _("Application rejected; the applicant has been told."))
                return redirect("limits:application-detail", pk=pk)
        ctx = _application_context(request, application, reject_form=form)
    else:
        form = DecisionForm(request.POST)
        if form.is_valid():
            d = form.cleaned_data
            decision = {
                "amount_usd": d["amount_usd"],
                "credit_period_days": d["credit_period_days"],
                "payment_terms": d["payment_terms"],
                "conditions": d.get("conditions") or "",
                "reason": d["reason"],
            }
            try:
                # above PORTAL_LIMIT_SECOND_APPROVAL_USD: proposed for a second underwriter
                outcome = limit_decision_approve(
                    application=application, actor=request.user, decision=decision
                )
                if outcome is None:
                    services.limit_application_approve(application_id=pk, actor=request.user, **decision)
            except DomainError as error:
                form.add_domain_error(error)
            else:
                messages.success(
                    request,
                    outcome_message(outcome, "")
                    if outcome is not None and outcome.pending
                    else _("Limit approved; the applicant has been told."),
                )
                return redirect("limits:application-detail", pk=pk)
        ctx = _application_context(request, application, decision_form=form)
    return render(request, "limits/application_detail.html", ctx, status=400)


def _simple_action(request, pk, action, success):
    selectors.limit_application_get(request.user, pk)
    try:
        action()
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, success)
    return redirect("limits:application-detail", pk=pk)


@login_required
@require_POST
def application_take(request, pk: int):
    return _simple_action(
        request,
        pk,
        lambda: services.limit_application_take(application_id=pk, actor=request.user),
        _("You are reviewing this application."),
    )


@login_required
@require_POST
def application_release(request, pk: int):
    return _simple_action(
        request,
        pk,
        lambda: services.limit_application_release(application_id=pk, actor=request.user),
        _("Application returned to the queue."),
    )


@login_required
@require_POST
def application_withdraw(request, pk: int):
    return _simple_action(
        request,
        pk,
        lambda: services.limit_application_withdraw(application_id=pk, actor=request.user),
        _("Application withdrawn."),
    )


@login_required
def application_approval(request, pk: int):
    application = selectors.limit_application_get(request.user, pk)
    doc = document_latest(application, services.APPROVAL_KIND)
    if doc is None:
        raise Http404
    return document_response(doc, filename=f"limit-approval-{application.number}.pdf")


@login_required
def queue(request):
    if not is_insurer(request.user):
        raise Http404
    filt = QueueFilter(request.GET, queryset=selectors.limit_queue(request.user))
    if request.GET.get("format") == "xlsx":
        return xlsx_response(
            "limit-queue.xlsx",
            [
                _("Application number"),
                _("Applicant"),
                _("Buyer"),
                _("Traffic light"),
                _("Reason"),
                _("Country class"),
                _("Amount requested (USD)"),
                _("Applicant's exposure on the buyer (USD)"),
                _("Insurer's exposure on the buyer (USD)"),
            ],
            (
                (
                    a.number,
                    a.organisation.name_zh,
                    a.buyer.display_name,
                    a.buyer.get_light_display(),
                    a.buyer.light_reason,
                    a.buyer.country.risk_class,
                    usd(a.amount_requested_usd),
                    usd(a.own_exposure_usd),
                    usd(a.total_exposure_usd),
                )
                for a in filt.qs
            ),
            sheet=_("Limit queue"),
            filters=filters_used(filt),
        )
    return render(request, "limits/queue.html", {"filter": filt, "page": _page(request, filt.qs, 50)})
