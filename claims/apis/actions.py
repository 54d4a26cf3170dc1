"""The "POST an action" endpoints of claims and notices, made by the kernel's ``transition_api``:
the service is called with the object's id and the validated input, and the answer is the object
read again (a claim's detail, a notice)."""

from __future__ import annotations

from claims import selectors
from claims.apis.common import ClaimsReasonInput, claim_for
from claims.apis.outputs import ClaimDetailOutput, LossNoticeOutput
from sinosure_portal.base.api import transition_api


def claim_action(service, *, name: str, summary: str, input=ClaimsReasonInput):  # noqa: A002 - as the kernel names it
    """``POST /claims/<pk>/<action>/``: ``service(actor=, claim_id=, **input)``."""
    return transition_api(
        get=claim_for,
        act=lambda actor, claim, **data: service(actor=actor, claim_id=claim.pk, **data),
        output=ClaimDetailOutput,
        input=input,
        summary=summary,
        name=name,
    )


def notice_action(service, *, name: str, summary: str, input=ClaimsReasonInput):  # noqa: A002
    """``POST /claims/notices/<pk>/<action>/``: ``service(actor=, notice_id=, **input)``."""
    return transition_api(
        get=lambda request, pk: selectors.notice_get(request.user, pk),
        act=lambda actor, notice, **data: service(actor=actor, notice_id=notice.pk, **data),
        output=LossNoticeOutput,
        input=input,
        summary=summary,
        name=name,
    )
