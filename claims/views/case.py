"""The case page, where the insured and the claims officer work a claim from evidence to paid indemnity,
and the officer's steps on it."""

from __future__ import annotations

import uuid
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.http import require_POST

from claims import rules, selectors, services
from claims.documents import CLAIM_KINDS, claim_document_available, claim_pdf_response
from claims.forms import (
    AnswerForm,
    DecisionForm,
    DeductionForm,
    NoteForm,
    PayForm,
    RatioForm,
    ReasonForm,
    RecoveryForm,
    RecoveryReverseForm,
    RequestForm,
    UploadForm,
)
from claims.models import Claim, DocumentRequest, EvidenceKind
from claims.services.indemnity import second_approval_threshold
from claims.views.common import is_insured, is_officer
from sinosure_portal.base.errors import DomainError
from sinosure_portal.money.currency import format_amount
from sinosure_portal.workdays.calendar import add_business_days, today

C = Claim.Status


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


def case_context(request, claim: Claim, **forms) -> dict:
    user = request.user
    detail = selectors.claim_detail(claim, user)
    officer = is_officer(user)
    insured = is_insured(user, claim)
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
        "upload_form": forms.get("upload_form")
        or UploadForm(initial={"kind": expected_upload(claim, detail)}),
        "request_form": forms.get("request_form")
        or RequestForm(
            initial={"due_date": add_business_days(today(), rules.DOCUMENT_REQUEST_BUSINESS_DAYS).date}
        ),
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


def case_rerender(request, claim, status=400, **forms):
    return render(request, "claims/claim_detail.html", case_context(request, claim, **forms), status=status)


def expected_upload(claim: Claim, detail: dict) -> str:
    """The document a claim waits for at its stage: after the indemnity notice, the first receipt
    not yet returned; before, the first piece of evidence still missing (else "other")."""
    if claim.status == Claim.Status.NOTICE_ISSUED and detail["missing_receipts"]:
        return detail["missing_receipts"][0][0]
    if detail["missing"]:
        return detail["missing"][0][0]
    return EvidenceKind.OTHER


@login_required
def claim_detail(request, pk: int):
    return render(
        request, "claims/claim_detail.html", case_context(request, selectors.claim_get(request.user, pk))
    )


def back_to_case(claim, anchor=""):
    return redirect(reverse("claims:claim-detail", args=[claim.pk]) + (f"#{anchor}" if anchor else ""))


def case_form_post(request, claim, form, act, *, form_key: str, anchor: str, done=None):
    """A form of the case page posted: when it is valid, ``act(cleaned_data)`` and back to the case
    at ``anchor`` (with ``done`` as the success message); else, or when the service refuses, the
    case page again with the form and its errors."""
    if form.is_valid():
        try:
            act(form.cleaned_data)
        except DomainError as error:
            form.add_domain_error(error)
        else:
            if done:
                messages.success(request, done)
            return back_to_case(claim, anchor)
    return case_rerender(request, claim, **{form_key: form})


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
                return case_rerender(request, claim, decision_form=form)
            try:
                services.claim_decide(actor=request.user, claim_id=claim.pk, **form.cleaned_data)
            except DomainError as error:
                form.add_domain_error(error)
                return case_rerender(request, claim, decision_form=form)
            messages.success(request, _("Decision recorded."))
        elif action == "pay":
            form = PayForm(request.POST)
            if not form.is_valid():
                return case_rerender(request, claim, pay_form=form)
            try:
                payment = services.indemnity_pay(actor=request.user, claim_id=claim.pk, **form.cleaned_data)
            except DomainError as error:
                form.add_domain_error(error)
                return case_rerender(request, claim, pay_form=form)
            messages.success(
                request,
                _("Indemnity of USD %(amount)s paid to %(payee)s.")
                % {"amount": format_amount(payment.amount_usd, "USD"), "payee": payment.payee.display_name},
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
    return back_to_case(claim)


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
    return case_form_post(
        request,
        claim,
        NoteForm(request.POST),
        lambda data: services.claim_note_add(actor=request.user, claim_id=claim.pk, text=data["text"]),
        form_key="note_form",
        anchor="notes",
    )
