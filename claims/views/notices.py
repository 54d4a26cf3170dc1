"""Possible-loss notices: the list, notify (the deadline shown before confirming), the notice page and its actions."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from claims import selectors, services
from claims.documents import notice_pdf_response
from claims.filters import NoticeFilter
from claims.forms import NoticeForm, ReasonForm
from claims.services.common import INSURED_ROLES
from claims.views.common import is_insured, is_officer, page_of
from sinosure_portal.accounts.access import ensure_role
from sinosure_portal.base.errors import DomainError
from sinosure_portal.core.exports import filters_used, usd, xlsx_response
from sinosure_portal.workdays.calendar import today

NOTICE_HEADERS = [
    gettext_lazy("Notice number"),
    gettext_lazy("Insured"),
    gettext_lazy("Policy number"),
    gettext_lazy("Buyer"),
    gettext_lazy("Cause"),
    gettext_lazy("Event date"),
    gettext_lazy("Amount at risk (USD)"),
    gettext_lazy("Notified on"),
    gettext_lazy("Notice deadline"),
    gettext_lazy("Notified late"),
    gettext_lazy("Claim deadline"),
    gettext_lazy("Status"),
]


@login_required
def notice_list(request):
    filt = NoticeFilter(request.GET, queryset=selectors.notices_visible(request.user))
    if request.GET.get("format") == "xlsx":
        return xlsx_response(
            "possible-loss-notices.xlsx",
            [str(h) for h in NOTICE_HEADERS],
            (
                (
                    n.number,
                    n.organisation.name_zh,
                    n.policy.number,
                    n.buyer.display_name,
                    n.get_cause_display(),
                    n.event_date,
                    usd(n.amount_at_risk_usd),
                    n.notified_on,
                    n.deadline,
                    _("yes") if n.late else "",
                    n.claim_deadline,
                    n.get_status_display(),
                )
                for n in filt.qs.iterator(chunk_size=1000)
            ),
            sheet=_("Notices"),
            filters=filters_used(filt),
        )
    return render(
        request,
        "claims/notice_list.html",
        {
            "filter": filt,
            "page": page_of(request, filt.qs),
            "can_notify": request.user.role in INSURED_ROLES
            and selectors.notice_policies(request.user).exists(),
        },
    )


@login_required
def notice_new(request):
    ensure_role(request.user, INSURED_ROLES, action=_("notify a possible loss"))
    targets = selectors.notifiable_buyers(request.user)
    key = request.POST.get("target") or request.GET.get("target") or ""
    target = next((t for t in targets if f"{t['policy_id']}:{t['buyer_id']}" == key), None)
    if target is None and len(targets) == 1:
        target = targets[0]
    shipments = (
        list(
            selectors.notifiable_shipments(
                request.user, policy_id=target["policy_id"], buyer_id=target["buyer_id"]
            )
        )
        if target
        else []
    )
    form = NoticeForm(request.POST or None, shipments=shipments)
    preview = None
    if request.method == "POST" and target and form.is_valid():
        data = services.NoticeInput(
            policy_id=target["policy_id"],
            buyer_id=target["buyer_id"],
            declaration_ids=[int(i) for i in form.cleaned_data["declarations"]],
            cause=form.cleaned_data["cause"],
            event_date=form.cleaned_data["event_date"],
            amount_at_risk_usd=form.cleaned_data["amount_at_risk_usd"],
            description=form.cleaned_data["description"],
        )
        try:
            if request.POST.get("action") == "submit":
                notice = services.possible_loss_notice_submit(actor=request.user, data=data)
                if notice.late:
                    messages.warning(
                        request,
                        _("Notice %(n)s sent, after its deadline of %(date)s: it is flagged as late.")
                        % {"n": notice.number, "date": notice.deadline.isoformat()},
                    )
                else:
                    messages.success(request, _("Notice %(n)s sent to the insurer.") % {"n": notice.number})
                return redirect("claims:notice-detail", pk=notice.pk)
            preview = services.possible_loss_notice_check(actor=request.user, data=data)
        except DomainError as error:
            form.add_domain_error(error)
    return render(
        request,
        "claims/notice_form.html",
        {
            "form": form,
            "targets": targets,
            "target": target,
            "target_key": f"{target['policy_id']}:{target['buyer_id']}" if target else "",
            "shipments": shipments,
            "preview": preview,
        },
    )


@login_required
def notice_detail(request, pk: int):
    notice = selectors.notice_get(request.user, pk)
    claim = getattr(notice, "claim", None) if hasattr(notice, "claim") else None
    return render(
        request,
        "claims/notice_detail.html",
        {
            "notice": notice,
            "shipments": notice.declarations.select_related("buyer").order_by("due_date", "pk"),
            "claim": claim,
            "history": selectors.history_rows(notice),
            "is_insured": is_insured(request.user, notice),
            "is_officer": is_officer(request.user),
            "reason_form": ReasonForm(),
            "today": today(),
        },
    )


@login_required
@require_POST
def notice_action(request, pk: int):
    notice = selectors.notice_get(request.user, pk)
    action = request.POST.get("action")
    reason = request.POST.get("reason", "")
    try:
        if action == "acknowledge":
            services.possible_loss_notice_acknowledge(actor=request.user, notice_id=notice.pk)
            messages.success(request, _("Notice acknowledged."))
        elif action == "withdraw":
            services.possible_loss_notice_withdraw(actor=request.user, notice_id=notice.pk, reason=reason)
            messages.success(request, _("Notice withdrawn."))
        elif action == "close":
            services.possible_loss_notice_close(actor=request.user, notice_id=notice.pk, reason=reason)
            messages.success(request, _("Notice closed."))
        else:
            raise Http404
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("claims:notice-detail", pk=pk)


@login_required
def notice_pdf(request, pk: int):
    return notice_pdf_response(selectors.notice_get(request.user, pk), actor=request.user)
