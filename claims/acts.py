"""Claims' acts that commit the insured (accounts.acts): submitting a claim, from a possible-loss
notice or directly. With four-eyes on, a reviewer other than the drafter submits it."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from claims.models import PossibleLossNotice
from policies.models import Policy
from sinosure_portal.accounts.acts import ActKind, ActOutcome, act_registry, act_submit, payload_of
from sinosure_portal.accounts.models import Duty

FROM_NOTICE = "claims.claim_file"
DIRECT = "claims.claim_file_direct"


def _file_from_notice(act, actor):
    from claims.services import claim_file_from_notice

    return claim_file_from_notice(
        actor=actor, notice_id=int(act.subject_id), description=act.payload.get("description", "")
    )


def _direct_input(payload: dict):
    from claims.services import DirectClaimInput, InvoiceLine

    invoices = [
        InvoiceLine(
            invoice_number=line["invoice_number"],
            shipment_date=date.fromisoformat(line["shipment_date"]),
            due_date=date.fromisoformat(line["due_date"]),
            currency=line["currency"],
            amount=Decimal(line["amount"]),
            paid_amount=Decimal(line["paid_amount"]),
            is_service=bool(line["is_service"]),
        )
        for line in payload["invoices"]
    ]
    return DirectClaimInput(
        policy_id=int(payload["policy_id"]),
        buyer_id=int(payload["buyer_id"]),
        cause=payload["cause"],
        event_date=date.fromisoformat(payload["event_date"]),
        description=payload["description"],
        invoices=invoices,
    )


def _file_direct(act, actor):
    from claims.services import claim_file_direct

    return claim_file_direct(actor=actor, data=_direct_input(act.payload))


act_registry.register(
    ActKind(
        code=FROM_NOTICE,
        label=_("Submitting a claim"),
        duty=Duty.REVIEWER,
        perform=_file_from_notice,
        url=lambda act: reverse("claims:notice-detail", args=[act.subject_id]),
    )
)
act_registry.register(
    ActKind(
        code=DIRECT,
        label=_("Submitting a claim"),
        duty=Duty.REVIEWER,
        perform=_file_direct,
        url=lambda act: reverse("policies:policy-detail", args=[act.subject_id]),
    )
)


def claim_submit_from_notice(*, notice: PossibleLossNotice, actor, description: str = "") -> ActOutcome:
    """File the claim as the actor's duties and the four-eyes setting allow (the caller has checked
    that the actor may see the notice)."""
    return act_submit(kind=FROM_NOTICE, actor=actor, subject=notice, payload={"description": description})


def claim_submit_direct(*, actor, data) -> ActOutcome:
    policy = Policy.objects.filter(pk=data.policy_id, organisation_id=actor.organisation_id).first()
    if policy is None:
        from claims.errors import error

        raise error("policy_not_found", field="policy")
    return act_submit(
        kind=DIRECT,
        actor=actor,
        subject=policy,
        payload=payload_of(data),
        lock_key=f"{DIRECT}:{policy.pk}:{data.buyer_id}",
    )
