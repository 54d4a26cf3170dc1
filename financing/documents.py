"""PDFs of policy financing, in Chinese with English sub-titles, kept with their SHA-256: the
indemnity assignment agreement (赔款转让协议, a new version whenever a party signs or its state
changes, so what each party signed can be shown again unchanged) and the coverage notice
(承保情况通知书, rendered from the notice's own snapshot once, then served as stored)."""

from __future__ import annotations

from financing.models import CoverageNotice, IndemnityAssignment
from sinosure_portal.core.documents import document_latest, document_render, document_response

AGREEMENT = "indemnity_assignment"
NOTICE = "coverage_notice"
CONTRACT_LANGUAGE = "zh-hans"


def agreement_pdf(a: IndemnityAssignment, *, actor=None):
    """The latest version of the agreement, rendered anew when the agreement changed since."""
    doc = document_latest(a, AGREEMENT)
    if doc is not None and doc.created_at >= a.updated_at:
        return doc
    return document_render(
        a,
        kind=AGREEMENT,
        template="financing/documents/indemnity_assignment.html",
        context={"a": a, "buyers": list(a.buyers.all()), "policy": a.policy},
        title=f"赔款转让协议 {a.number or a.pk}",
        actor=actor,
        language=CONTRACT_LANGUAGE,
    )


def agreement_pdf_response(a: IndemnityAssignment, *, actor=None):
    return document_response(
        agreement_pdf(a, actor=actor), filename=f"indemnity-assignment-{a.number}.pdf", inline=True
    )


def coverage_notice_pdf(n: CoverageNotice, *, actor=None):
    doc = document_latest(n, NOTICE)
    if doc is not None:
        return doc
    d = n.declaration
    return document_render(
        n,
        kind=NOTICE,
        template="financing/documents/coverage_notice.html",
        context={"n": n, "d": d, "buyer": d.buyer, "policy": d.policy},
        title=f"承保情况通知书 {n.number}",
        actor=actor,
        language=CONTRACT_LANGUAGE,
    )


def coverage_notice_pdf_response(n: CoverageNotice, *, actor=None):
    return document_response(
        coverage_notice_pdf(n, actor=actor), filename=f"coverage-notice-{n.number}.pdf", inline=True
    )
