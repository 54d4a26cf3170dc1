"""Pages of losses and claims: notify a possible loss (the deadline shown before confirming), file a
claim, the case page where the insured and the claims officer work the claim from evidence to paid
indemnity and shared recoveries, the officers' queue with a clock on each case, and the lists with
Excel export. Every read goes through the selectors (another organisation's case is a 404)."""

from __future__ import annotations

import json
import uuid
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.http import require_POST

from claims import selectors, services
from claims.documents import CLAIM_KINDS, claim_document_available, claim_pdf_response, notice_pdf_response
from claims.filters import ClaimFilter, NoticeFilter, RecoveryFilter
from claims.forms import (
    AnswerForm,
    DecisionForm,
    DeductionForm,
    DescriptionForm,
    DirectClaimForm,
    InvoiceLineFormSet,
    NoteForm,
    NoticeForm,
    PayForm,
    RatioForm,
    ReasonForm,
    RecoveryForm,
    RecoveryReverseForm,
    RequestForm,
    UploadForm,
)
from claims.models import Claim, ClaimDeduction, ClaimLine, DocumentRequest, PossibleLossNotice
from claims.services.common import INSURED_ROLES
from claims.services.indemnity import second_approval_threshold
from sinosure_portal.accounts.access import ensure_role, is_insurer
from sinosure_portal.accounts.models import Role
from sinosure_portal.base.errors import DomainError
from sinosure_portal.core.exports import amount, usd, xlsx_response
from sinosure_portal.workdays.calendar import today

C = Claim.Status
N = PossibleLossNotice.Status
# the steps a claim goes through, for the progress bar of the case page
STEPS = [
    (C.SUBMITTED, gettext_lazy("Submitted")),
    (C.ACCEPTED, pgettext_lazy("claim status", "Accepted")),
    (C.INVESTIGATING, gettext_lazy("Investigating")),
    (C.ASSESSED, gettext_lazy("Assessed")),
    ("decided", gettext_lazy("Decided")),
    (C.NOTICE_ISSUED, gettext_lazy("Indemnity notice")),
    (C.RECEIPT_RETURNED, gettext_lazy("Receipt returned")),
    (C.PAID, pgettext_lazy("claim status", "Paid")),
    (C.CLOSED, gettext_lazy("Closed")),
]
STEP_OF = {
    C.APPROVED: "decided",
    C.PARTLY_APPROVED: "decided",
    C.DENIED: "decided",
    C.PAYMENT_APPROVED: C.RECEIPT_RETURNED,
}


def _page(request, qs, per_page=50):
    return Paginator(qs, per_page).get_page(request.GET.get("page"))


def _is_insured(user, obj) -> bool:
    return user.role in INSURED_ROLES and user.organisation_id == obj.organisation_id


def _is_officer(user) -> bool:
    return user.role == Role.CLAIMS


# --- lists ------------------------------------------------------------------------------------------------

CLAIM_HEADERS = [
    gettext_lazy("Claim number"),
    gettext_lazy("Insured"),
    gettext_lazy("Policy number"),
    gettext_lazy("Buyer"),
    gettext_lazy("Cause"),
    gettext_lazy("Filed on"),
    gettext_lazy("Amount claimed (USD)"),
    gettext_lazy("Decision due"),
    gettext_lazy("Status"),
    gettext_lazy("Indemnity (USD)"),
    gettext_lazy("Payee"),
    gettext_lazy("Paid on"),
]


@login_required
def claim_list(request):
    filt = ClaimFilter(request.GET, queryset=selectors.claims_visible(request.user))
    if request.GET.get("format") == "xlsx":
        return xlsx_response(
            "claims.xlsx",
            [str(h) for h in CLAIM_HEADERS],
            (
                (
                    c.number,
                    c.organisation.name_zh,
                    c.policy.number,
                    c.buyer.display_name,
                    c.get_cause_display(),
                    c.filed_on,
                    usd(c.claimed_usd),
                    c.decision_due,
                    c.get_status_display(),
                    usd(c.indemnity_usd),
                    c.payee.name_zh if c.payee else "",
                    c.paid_on,
                )
                for c in filt.qs.iterator(chunk_size=1000)
            ),
            sheet=_("Claims"),
        )
    user = request.user
    return render(
        request,
        "claims/claim_list.html",
        {
            "filter": filt,
            "page": _page(request, filt.qs),
            "totals": selectors.claim_totals(user),
            "indemnities": selectors.indemnity_totals(user),
            "can_notify": user.role in INSURED_ROLES and selectors.notice_policies(user).exists(),
            "can_claim_direct": user.role in INSURED_ROLES and selectors.direct_claim_policies(user).exists(),
            "today": today(),
        },
    )


@login_required
def queue(request):
    if not is_insurer(request.user):
        raise Http404
    filt = ClaimFilter(request.GET, queryset=selectors.claim_queue(request.user))
    if request.GET.get("format") == "xlsx":
        return xlsx_response(
            "claims-queue.xlsx",
            [
                _("Claim number"),
                _("Insured"),
                _("Buyer"),
                _("Status"),
                _("Filed on"),
                _("Decision due"),
                _("Escalation"),
                _("Officer"),
            ],
            (
                (
                    c.number,
                    c.organisation.name_zh,
                    c.buyer.display_name,
                    c.get_status_display(),
                    c.filed_on,
                    c.decision_due,
                    c.get_escalation_display(),
                    c.officer.name if c.officer else "",
                )
                for c in filt.qs
            ),
            sheet=_("Queue"),
        )
    page = _page(request, filt.qs)
    due = selectors.next_request_due(list(page.object_list))
    rows = [(c, selectors.claim_clock(c, due.get(c.pk))) for c in page.object_list]
    notices = list(
        selectors.notices_visible(request.user).filter(status=N.SUBMITTED).order_by("created_at")[:20]
    )
    return render(
        request,
        "claims/queue.html",
        {
            "filter": filt,
            "page": page,
            "rows": rows,
            "notices": notices,
            "totals": selectors.claim_totals(request.user),
            "chart": _status_chart(selectors.claims_by_status(request.user)),
        },
    )


def _status_chart(by_status) -> str:
    rows = [(label, n) for _value, label, n in by_status if n]
    return json.dumps(
        {
            "type": "bar",
            "data": {
                "labels": [str(label) for label, _n in rows],
                "datasets": [{"data": [n for _label, n in rows], "backgroundColor": "#12355b"}],
            },
            "options": {
                "indexAxis": "y",
                "plugins": {"legend": {"display": False}},
                "scales": {"x": {"ticks": {"precision": 0}}},
            },
        },
        ensure_ascii=False,
    )


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
        )
    return render(
        request,
        "claims/notice_list.html",
        {
            "filter": filt,
            "page": _page(request, filt.qs),
            "can_notify": request.user.role in INSURED_ROLES
            and selectors.notice_policies(request.user).exists(),
        },
    )


@login_required
def recovery_list(request):
    filt = RecoveryFilter(
        request.GET, queryset=selectors.recoveries_visible(request.user).order_by("-received_on", "-id")
    )
    headers = [
        _("Recovery number"),
        _("Claim number"),
        _("Received on"),
        _("Currency"),
        _("Amount recovered"),
        _("Collection costs"),
        _("Net recovery (USD)"),
        _("Insurer's share (USD)"),
        _("Insured's share (USD)"),
        _("Before the indemnity was paid"),
        _("Reversed"),
    ]
    rows = (
        (
            r.number,
            r.claim.number,
            r.received_on,
            r.currency,
            amount(r.amount, r.currency),
            amount(r.costs, r.currency),
            usd(r.net_usd),
            usd(r.insurer_share_usd),
            usd(r.insured_share_usd),
            _("yes") if r.before_payment else "",
            r.reversal_reason if r.reversed_at else "",
        )
        for r in filt.qs
    )
    if request.GET.get("format") == "xlsx":
        return xlsx_response("recoveries.xlsx", headers, rows, sheet=_("Recoveries"))
    return render(
        request,
        "claims/recovery_list.html",
        {"filter": filt, "page": _page(request, filt.qs), "totals": selectors.indemnity_totals(request.user)},
    )


# --- notices -------------------------------------------------------------------------------------------------


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
            "is_insured": _is_insured(request.user, notice),
            "is_officer": _is_officer(request.user),
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


# --- filing ----------------------------------------------------------------------------------------------------


@login_required
def claim_new_from_notice(request, notice_pk: int):
    notice = selectors.notice_get(request.user, notice_pk)
    form = DescriptionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            claim = services.claim_file_from_notice(
                actor=request.user, notice_id=notice.pk, description=form.cleaned_data["description"]
            )
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(
                request,
                _("Claim %(n)s filed. Upload the evidence documents listed on the right.")
                % {"n": claim.number},
            )
            return redirect("claims:claim-detail", pk=claim.pk)
    return render(
        request,
        "claims/claim_from_notice.html",
        {
            "notice": notice,
            "form": form,
            "shipments": notice.declarations.filter(status="loss_notified").order_by("due_date", "pk"),
            "today": today(),
        },
    )


@login_required
def claim_new_direct(request):
    ensure_role(request.user, INSURED_ROLES, action=_("file a claim"))
    policies = list(selectors.direct_claim_policies(request.user))
    form = DirectClaimForm(request.POST or None, policies=policies)
    lines = InvoiceLineFormSet(request.POST or None, prefix="inv")
    if request.method == "POST" and form.is_valid() and lines.is_valid():
        invoices = [services.InvoiceLine(**f.cleaned_data) for f in lines.forms if f.cleaned_data]
        try:
            claim = services.claim_file_direct(
                actor=request.user,
                data=services.DirectClaimInput(
                    policy_id=int(form.cleaned_data["policy"]),
                    buyer_id=form.cleaned_data["buyer"].pk,
                    cause=form.cleaned_data["cause"],
                    event_date=form.cleaned_data["event_date"],
                    description=form.cleaned_data["description"],
                    invoices=invoices,
                ),
            )
        except DomainError as error:
            if error.row:
                form.add_error(
                    None,
                    _("Invoice line %(row)s: %(message)s") % {"row": error.row, "message": error.message},
                )
            else:
                form.add_domain_error(error)
        else:
            messages.success(request, _("Claim %(n)s filed.") % {"n": claim.number})
            return redirect("claims:claim-detail", pk=claim.pk)
    return render(request, "claims/claim_direct.html", {"form": form, "lines": lines, "policies": policies})


# --- the case page --------------------------------------------------------------------------------------------


def _context(request, claim: Claim, **forms) -> dict:
    user = request.user
    detail = selectors.claim_detail(claim, user)
    officer = _is_officer(user)
    insured = _is_insured(user, claim)
    step = STEP_OF.get(claim.status, claim.status)
    keys = [k for k, _label in STEPS]
    reached = keys.index(step) if step in keys else -1
    pdfs = [
        (kind, reverse("claims:claim-pdf", args=[claim.pk, kind]))
        for kind in CLAIM_KINDS
        if claim_document_available(claim, kind)
    ]
    open_requests = [r for r in detail["requests"] if r.status == DocumentRequest.Status.OPEN]
    return {
        "claim": claim,
        **detail,
        "steps": [(k, label, i < reached, i == reached) for i, (k, label) in enumerate(STEPS)],
        "withdrawn": claim.status == C.WITHDRAWN,
        "pdfs": pdfs,
        "is_officer": officer,
        "is_insured": insured,
        "needs_second_approval": services.needs_second_approval(claim),
        "second_approval_threshold": second_approval_threshold(),
        "decided_by_me": claim.decided_by_id == user.pk,
        "working": claim.status in Claim.WORKING,
        "open_requests": open_requests,
        "history": selectors.history_rows(claim),
        "upload_form": forms.get("upload_form") or UploadForm(),
        "request_form": forms.get("request_form") or RequestForm(initial={"due_date": today()}),
        "answer_form": AnswerForm(),
        "deduction_form": forms.get("deduction_form") or DeductionForm(lines=detail["lines"]),
        "ratio_form": forms.get("ratio_form")
        or RatioForm(
            initial={
                "percent": ((claim.ratio_applied or claim.policy.indemnity_ratio) * 100).quantize(
                    Decimal("0.01")
                )
            }
        ),
        "decision_form": forms.get("decision_form") or DecisionForm(),
        "reason_form": ReasonForm(),
        "note_form": forms.get("note_form") or NoteForm(),
        "pay_form": forms.get("pay_form") or PayForm(initial={"paid_on": today()}),
        "recovery_form": forms.get("recovery_form")
        or RecoveryForm(initial={"received_on": today(), "client_reference": f"page-{uuid.uuid4()}"}),
        "reverse_form": forms.get("reverse_form") or RecoveryReverseForm(),
        "reverse_pk": forms.get("reverse_pk"),
        "today": today(),
    }


def _rerender(request, claim, status=400, **forms):
    return render(request, "claims/claim_detail.html", _context(request, claim, **forms), status=status)


@login_required
def claim_detail(request, pk: int):
    return render(
        request, "claims/claim_detail.html", _context(request, selectors.claim_get(request.user, pk))
    )


def _back(claim, anchor=""):
    return redirect(reverse("claims:claim-detail", args=[claim.pk]) + (f"#{anchor}" if anchor else ""))


SIMPLE_ACTIONS = {
    "accept": (services.claim_accept, gettext_lazy("Claim accepted: it is in your hands.")),
    "assess": (services.claim_assess, gettext_lazy("Assessment stored.")),
    "issue_notice": (services.indemnity_notice_issue, gettext_lazy("Indemnity notice and receipt issued.")),
    "confirm_receipt": (
        services.claim_receipt_confirm,
        gettext_lazy("Receipts confirmed: the indemnity can be paid."),
    ),
    "approve_payment": (
        services.indemnity_payment_approve,
        gettext_lazy("Payment approved: the indemnity can be paid."),
    ),
}


@login_required
@require_POST
def claim_action(request, pk: int):
    claim = selectors.claim_get(request.user, pk)
    action = request.POST.get("action", "")
    try:
        if action in SIMPLE_ACTIONS:
            service, done = SIMPLE_ACTIONS[action]
            service(actor=request.user, claim_id=claim.pk)
            messages.success(request, done)
        elif action == "decide":
            form = DecisionForm(request.POST)
            if not form.is_valid():
                return _rerender(request, claim, decision_form=form)
            try:
                services.claim_decide(actor=request.user, claim_id=claim.pk, **form.cleaned_data)
            except DomainError as error:
                form.add_domain_error(error)
                return _rerender(request, claim, decision_form=form)
            messages.success(request, _("Decision recorded."))
        elif action == "pay":
            form = PayForm(request.POST)
            if not form.is_valid():
                return _rerender(request, claim, pay_form=form)
            try:
                payment = services.indemnity_pay(actor=request.user, claim_id=claim.pk, **form.cleaned_data)
            except DomainError as error:
                form.add_domain_error(error)
                return _rerender(request, claim, pay_form=form)
            messages.success(
                request,
                _("Indemnity of USD %(amount)s paid to %(payee)s.")
                % {"amount": f"{payment.amount_usd:,.2f}", "payee": payment.payee.display_name},
            )
        elif action in ("investigate", "withdraw", "close"):
            reason = request.POST.get("reason", "")
            if action == "investigate":
                services.claim_investigate(actor=request.user, claim_id=claim.pk, note=reason)
                messages.success(request, _("Investigation started."))
            elif action == "withdraw":
                services.claim_withdraw(actor=request.user, claim_id=claim.pk, reason=reason)
                messages.success(request, _("Claim withdrawn."))
            else:
                services.claim_close(actor=request.user, claim_id=claim.pk, reason=reason)
                messages.success(request, _("Claim closed."))
        else:
            raise Http404
    except DomainError as error:
        messages.error(request, error.message)
    return _back(claim)


@login_required
@require_POST
def claim_upload(request, pk: int):
    claim = selectors.claim_get(request.user, pk)
    form = UploadForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            services.claim_document_upload(
                actor=request.user,
                claim_id=claim.pk,
                kind=form.cleaned_data["kind"],
                file_name=upload.name,
                content=upload.read(),
                request_id=form.cleaned_data.get("request"),
            )
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, _("Document uploaded."))
            return _back(claim, "evidence")
    return _rerender(request, claim, upload_form=form)


@login_required
def claim_document(request, pk: int, doc_pk: int):
    doc = selectors.claim_document_get(request.user, pk, doc_pk)
    return FileResponse(
        doc.file.open("rb"), as_attachment=True, filename=doc.original_name, content_type=doc.content_type
    )


@login_required
def claim_pdf(request, pk: int, kind: str):
    claim = selectors.claim_get(request.user, pk)
    if kind not in CLAIM_KINDS or not claim_document_available(claim, kind):
        raise Http404
    return claim_pdf_response(claim, kind, actor=request.user)


@login_required
@require_POST
def claim_note(request, pk: int):
    claim = selectors.claim_get(request.user, pk)
    form = NoteForm(request.POST)
    if form.is_valid():
        try:
            services.claim_note_add(actor=request.user, claim_id=claim.pk, text=form.cleaned_data["text"])
        except DomainError as error:
            form.add_domain_error(error)
        else:
            return _back(claim, "notes")
    return _rerender(request, claim, note_form=form)


@login_required
@require_POST
def claim_request(request, pk: int):
    claim = selectors.claim_get(request.user, pk)
    form = RequestForm(request.POST)
    if form.is_valid():
        try:
            services.document_request_create(actor=request.user, claim_id=claim.pk, **form.cleaned_data)
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, _("Request sent to the insured."))
            return _back(claim, "requests")
    return _rerender(request, claim, request_form=form)


@login_required
@require_POST
def request_action(request, pk: int):
    req = selectors.document_request_get(request.user, pk)
    try:
        if request.POST.get("action") == "cancel":
            services.document_request_cancel(actor=request.user, request_id=req.pk)
            messages.success(request, _("Request cancelled."))
        else:
            services.document_request_answer(
                actor=request.user, request_id=req.pk, answer=request.POST.get("answer", "")
            )
            messages.success(request, _("Answer sent."))
    except DomainError as error:
        messages.error(request, error.message)
    return _back(req.claim, "requests")


@login_required
@require_POST
def claim_deduction(request, pk: int):
    claim = selectors.claim_get(request.user, pk)
    form = DeductionForm(request.POST, lines=list(claim.lines.all()))
    if form.is_valid():
        fields = dict(form.cleaned_data)
        try:
            services.claim_deduction_add(
                actor=request.user, claim_id=claim.pk, line_id=fields.pop("line"), **fields
            )
        except DomainError as error:
            form.add_domain_error(error)
        else:
            return _back(claim, "assessment")
    return _rerender(request, claim, deduction_form=form)


@login_required
@require_POST
def deduction_remove(request, pk: int):
    deduction = ClaimDeduction.objects.filter(pk=pk, claim__in=selectors.claims_visible(request.user)).first()
    if deduction is None:
        raise Http404
    try:
        services.claim_deduction_remove(actor=request.user, deduction_id=deduction.pk)
    except DomainError as error:
        messages.error(request, error.message)
    return redirect(reverse("claims:claim-detail", args=[deduction.claim_id]) + "#assessment")


@login_required
@require_POST
def line_inclusion(request, pk: int):
    line = ClaimLine.objects.filter(pk=pk, claim__in=selectors.claims_visible(request.user)).first()
    if line is None:
        raise Http404
    try:
        services.claim_line_set_included(
            actor=request.user,
            line_id=line.pk,
            included=request.POST.get("included") == "1",
            reason=request.POST.get("reason", ""),
        )
    except DomainError as error:
        messages.error(request, error.message)
    return redirect(reverse("claims:claim-detail", args=[line.claim_id]) + "#assessment")


@login_required
@require_POST
def claim_ratio(request, pk: int):
    claim = selectors.claim_get(request.user, pk)
    form = RatioForm(request.POST)
    if form.is_valid():
        try:
            services.claim_ratio_set(
                actor=request.user, claim_id=claim.pk, ratio=form.ratio, note=form.cleaned_data["note"]
            )
        except DomainError as error:
            form.add_domain_error(error)
        else:
            return _back(claim, "assessment")
    return _rerender(request, claim, ratio_form=form)


@login_required
@require_POST
def claim_recovery(request, pk: int):
    claim = selectors.claim_get(request.user, pk)
    form = RecoveryForm(request.POST)
    if form.is_valid():
        data = {**form.cleaned_data, "costs": form.cleaned_data.get("costs") or Decimal("0")}
        try:
            services.recovery_record(actor=request.user, claim_id=claim.pk, **data)
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, _("Recovery recorded."))
            return _back(claim, "recoveries")
    return _rerender(request, claim, recovery_form=form)


@login_required
@require_POST
def recovery_reverse(request, pk: int):
    recovery = selectors.recovery_get(request.user, pk)
    form = RecoveryReverseForm(request.POST)
    if form.is_valid():
        try:
            services.recovery_reverse(
                actor=request.user, recovery_id=recovery.pk, reason=form.cleaned_data["reason"]
            )
        except DomainError as error:
            form.add_domain_error(error)
            status = getattr(error, "status_code", 400)
        else:
            messages.success(request, _("Recovery %(number)s reversed.") % {"number": recovery.number})
            return _back(recovery.claim, "recoveries")
    else:
        status = 400
    return _rerender(request, recovery.claim, status=status, reverse_form=form, reverse_pk=recovery.pk)
