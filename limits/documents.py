"""PDF of a credit limit approval (信用限额审批单), in Chinese with English sub-titles."""

from __future__ import annotations

from limits.models import CreditLimit, CreditLimitApplication
from policies.documents import PRODUCT_ZH
from sinosure_portal.core.documents import document_render

APPROVAL_KIND = "limit_approval"  # the kind of the stored approval letter (Document.kind)


def approval_render(application: CreditLimitApplication, limit: CreditLimit, *, actor=None):
    return document_render(
        application,
        kind=APPROVAL_KIND,
        template="limits/documents/limit_approval.html",
        context={
            "application": application,
            "limit": limit,
            "policy": application.policy,
            "product_zh": PRODUCT_ZH[application.policy.product],
        },
        title=f"信用限额审批单 {application.number}",
        actor=actor,
        language="zh-hans",
    )
