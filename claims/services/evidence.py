"""The claim's evidence: uploads with type and size checks, and the claims officer's requests for
more documents, answered by the insured."""

from __future__ import annotations

import hashlib
from datetime import date

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from claims import rules
from claims.errors import error
from claims.models import (
    Claim,
    ClaimDocument,
    DocumentRequest,
    EvidenceKind,
)
from claims.services.common import (
    OFFICER_ROLES,
    claim_url,
    ensure_insured,
    ensure_officer,
    insured_users,
    lock_claim,
)
from claims.workflow import claim_workflow, request_workflow
from sinosure_portal.audit.services import audit_record
from sinosure_portal.notifications.services import notify
from sinosure_portal.texts import Text
from sinosure_portal.workdays.calendar import today as shanghai_today

C = Claim.Status


# --- evidence -------------------------------------------------------------------------------------

CLOSED_TO_UPLOADS = (C.CLOSED, C.WITHDRAWN, C.DENIED)


def check_upload(name: str, content: bytes) -> rules.UploadCheck:
    max_bytes = settings.PORTAL_UPLOAD_MAX_BYTES
    result = rules.check_upload(name, content[:16], len(content), max_bytes=max_bytes)
    if not result.ok:
        raise error(
            f"upload_{result.problem}",
            field="file",
            max=max_bytes // (1024 * 1024),
            ext=result.extension or "?",
        )
    return result


@transaction.atomic
def claim_document_upload(
    *, actor, claim_id: int, kind: str, file_name: str, content: bytes, request_id: int | None = None
) -> ClaimDocument:
    claim = lock_claim(claim_id)
    if actor.role in OFFICER_ROLES:
        pass
    else:
        ensure_insured(actor, claim)
    if kind not in EvidenceKind.values:
        raise error("kind_invalid", field="kind")
    if claim.status in CLOSED_TO_UPLOADS:
        raise error(
            "claim_closed_to_uploads",
            status=claim.get_status_display(),
        )
    if kind in rules.RECEIPT_EVIDENCE and claim.status != C.NOTICE_ISSUED:
        raise error(
            "receipt_not_expected",
            field="kind",
        )
    checked = check_upload(file_name, content)
    request = None
    if request_id:
        request = DocumentRequest.objects.select_for_update().filter(pk=request_id, claim=claim).first()
        if request is None:
            raise error("request_not_found", field="request")
    digest = hashlib.sha256(content).hexdigest()
    doc = ClaimDocument(
        claim=claim,
        kind=kind,
        request=request,
        original_name=file_name[-200:],
        extension=checked.extension,
        content_type=checked.content_type,
        size=len(content),
        sha256=digest,
        uploaded_by=actor,
    )
    doc.file.save(f"{digest}.{checked.extension}", ContentFile(content), save=False)
    doc.save()
    audit_record(
        claim,
        action="claim.document_uploaded",
        actor=actor,
        data={"kind": kind, "name": doc.original_name, "sha256": digest, "request": request_id},
    )
    if request is not None and request.status == DocumentRequest.Status.OPEN:
        _answer(request, actor, "")
    return doc


# --- document requests ----------------------------------------------------------------------------


@transaction.atomic
def document_request_create(
    *, actor, claim_id: int, kind: str, message: str, due_date: date
) -> DocumentRequest:
    ensure_officer(actor, _("ask for documents"))
    claim = lock_claim(claim_id)
    if claim.status not in (C.ACCEPTED, C.INVESTIGATING, C.ASSESSED):
        raise error(
            "claim_wrong_status/ask_documents",
            status=claim.get_status_display(),
        )
    if kind not in EvidenceKind.values:
        raise error("kind_invalid", field="kind")
    if not (message or "").strip():
        raise error("message_required", field="message")
    if not due_date or due_date < shanghai_today():
        raise error("due_in_past", field="due_date")
    request = DocumentRequest.objects.create(
        claim=claim, kind=kind, message=message.strip(), due_date=due_date, requested_by=actor
    )
    if claim.status != C.INVESTIGATING:
        claim_workflow.transition(
            claim, to=C.INVESTIGATING, actor=actor, reason=Text("claims.documents_asked")
        )
    audit_record(
        claim, action="claim.documents_requested", actor=actor, data={"kind": kind, "due_date": due_date}
    )
    notify(
        insured_users(claim.organisation_id),
        kind="claim_documents_requested",
        params={"n": claim.number, "doc": request.kind, "date": due_date.isoformat()},
        body=request.message,
        url=claim_url(claim),
        level="warning",
    )
    return request


def _answer(request: DocumentRequest, actor, answer: str) -> None:
    request.answer = answer
    request.answered_by = actor
    request.answered_at = timezone.now()
    request_workflow.transition(
        request,
        to=DocumentRequest.Status.ANSWERED,
        actor=actor,
        update_fields=["answer", "answered_by", "answered_at"],
    )
    notify(
        [request.requested_by],
        kind="claim_documents_answered",
        params={"n": request.claim.number, "doc": request.kind},
        body=answer,
        url=claim_url(request.claim),
        email=False,
    )


@transaction.atomic
def document_request_answer(*, actor, request_id: int, answer: str) -> DocumentRequest:
    request = (
        DocumentRequest.objects.select_for_update().select_related("claim").filter(pk=request_id).first()
    )
    if request is None:
        raise error("request_not_found")
    ensure_insured(actor, request.claim)
    if not (answer or "").strip():
        raise error("answer_required", field="answer")
    _answer(request, actor, answer.strip())
    return request


@transaction.atomic
def document_request_cancel(*, actor, request_id: int) -> DocumentRequest:
    ensure_officer(actor, _("cancel document requests"))
    request = DocumentRequest.objects.select_for_update().filter(pk=request_id).first()
    if request is None:
        raise error("request_not_found")
    request_workflow.transition(request, to=DocumentRequest.Status.CANCELLED, actor=actor)
    return request
