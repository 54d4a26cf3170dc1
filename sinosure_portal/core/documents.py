"""PDF documents rendered with WeasyPrint from HTML templates, Chinese glyphs embedded.

Templates extend ``documents/base.html`` (A4, Noto CJK fonts). ``document_render`` stores the
PDF with its SHA-256 against the object it belongs to; ``document_latest`` finds it again and
``document_response`` serves it (the caller checks the user may see the object first), after
checking that the stored bytes still hash to the SHA-256 recorded when it was issued.
"""

from __future__ import annotations

import hashlib
import io
import logging

from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.db.models import Model
from django.http import FileResponse
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from sinosure_portal.base.errors import DomainError
from sinosure_portal.core.models import Document

log = logging.getLogger(__name__)


class DocumentAltered(DomainError):
    """The stored file no longer hashes to what was issued (changed or damaged in the store)."""

    status_code = 409


def render_pdf(template: str, context: dict, *, language: str | None = None) -> bytes:
    from weasyprint import HTML

    with translation.override(language or translation.get_language()):
        html = render_to_string(template, {"generated_at": timezone.now(), **context})
    return HTML(string=html, base_url=".").write_pdf()


def document_render(
    obj: Model,
    *,
    kind: str,
    template: str,
    context: dict,
    title: str,
    actor=None,
    language: str | None = None,
) -> Document:
    """Render and store a new version of the object's document of this kind."""
    data = render_pdf(template, {"object": obj, **context}, language=language)
    digest = hashlib.sha256(data).hexdigest()
    doc = Document(
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=True),
        object_id=str(obj.pk),
        kind=kind,
        title=str(title)[:200],
        sha256=digest,
        size=len(data),
        language=language or translation.get_language() or "",
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    doc.file.save(f"{digest}.pdf", ContentFile(data), save=False)
    doc.save()
    return doc


def document_latest(obj: Model, kind: str) -> Document | None:
    return (
        Document.objects.filter(
            content_type=ContentType.objects.get_for_model(obj, for_concrete_model=True),
            object_id=str(obj.pk),
            kind=kind,
        )
        .order_by("-created_at", "-id")
        .first()
    )


def document_response(doc: Document, *, filename: str | None = None, inline: bool = False) -> FileResponse:
    """The stored PDF, only if it is still the one issued (its SHA-256 is checked on every showing)."""
    with doc.file.open("rb") as fh:
        data = fh.read()
    if hashlib.sha256(data).hexdigest() != doc.sha256:
        log.error("document %s (%s) no longer matches its SHA-256 %s", doc.pk, doc.file.name, doc.sha256)
        raise DocumentAltered(
            "document_altered",
            _(
                "This document no longer matches the one that was issued, so it is not shown. Please contact the insurer."
            ),
        )
    return FileResponse(
        io.BytesIO(data),
        as_attachment=not inline,
        filename=filename or f"{doc.kind}-{doc.object_id}.pdf",
        content_type="application/pdf",
    )


def pdf_text(data: bytes) -> str:
    """The text of a PDF (tests use it to check that Chinese glyphs were embedded)."""
    from io import BytesIO

    from pypdf import PdfReader

    return "\n".join(page.extract_text() or "" for page in PdfReader(BytesIO(data)).pages)


__all__ = ["document_latest", "document_render", "document_response", "pdf_text", "render_pdf"]
