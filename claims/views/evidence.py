"""The claim's evidence: uploads, downloads and the officer's document requests."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from claims import selectors, services
from claims.forms import RequestForm, UploadForm
from claims.views.case import back_to_case, case_form_post
from sinosure_portal.base.errors import DomainError


@login_required
@require_POST
def claim_upload(request, pk: int):
    claim = selectors.claim_get(request.user, pk)

    def upload(data):
        services.claim_document_upload(
            actor=request.user,
            claim_id=claim.pk,
            kind=data["kind"],
            file_name=data["file"].name,
            content=data["file"].read(),
            request_id=data.get("request"),
        )

    return case_form_post(
        request,
        claim,
        UploadForm(request.POST, request.FILES),
        upload,
        form_key="upload_form",
        anchor="evidence",
        done=_("Document uploaded."),
    )


@login_required
def claim_document(request, pk: int, doc_pk: int):
    doc = selectors.claim_document_get(request.user, pk, doc_pk)
    return FileResponse(
        doc.file.open("rb"), as_attachment=True, filename=doc.original_name, content_type=doc.content_type
    )


@login_required
@require_POST
def claim_request(request, pk: int):
    claim = selectors.claim_get(request.user, pk)
    return case_form_post(
        request,
        claim,
        RequestForm(request.POST),
        lambda data: services.document_request_create(actor=request.user, claim_id=claim.pk, **data),
        form_key="request_form",
        anchor="requests",
        done=_("Request sent to the insured."),
    )


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
    return back_to_case(req.claim, "requests")
