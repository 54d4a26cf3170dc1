"""Financing's acts that commit an organisation (accounts.acts): signing an indemnity assignment,
by the exporter (proposing it to its bank) and by the bank. With four-eyes on, an e-signer other
than the drafter signs it."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from financing.models import IndemnityAssignment
from policies.models import Policy
from sinosure_portal.accounts.acts import ActKind, ActOutcome, act_registry, act_submit, payload_of
from sinosure_portal.accounts.models import Duty

EXPORTER_SIGN = "financing.assignment_propose"
BANK_SIGN = "financing.assignment_bank_sign"


def _assignment_input(payload: dict):
    from financing.services import AssignmentInput

    ratio = payload.get("financing_ratio")
    return AssignmentInput(
        policy_id=int(payload["policy_id"]),
        bank_id=int(payload["bank_id"]),
        effective_date=date.fromisoformat(payload["effective_date"]),
        signer_name=payload["signer_name"],
        signer_title=payload["signer_title"],
        whole_policy=payload.get("whole_policy"),
        buyer_ids=[int(b) for b in payload.get("buyer_ids") or []],
        financing_ratio=Decimal(ratio) if ratio is not None else None,
        scope=payload.get("scope"),
    )


def _propose(act, actor):
    from financing.services import indemnity_assignment_propose

    payload = dict(act.payload)
    ip = payload.pop("ip", None)
    return indemnity_assignment_propose(actor=actor, data=_assignment_input(payload), ip=ip)


def _bank_sign(act, actor):
    from financing.services import indemnity_assignment_bank_sign

    p = act.payload
    return indemnity_assignment_bank_sign(
        assignment_id=int(act.subject_id),
        actor=actor,
        signer_name=p["signer_name"],
        signer_title=p["signer_title"],
        ip=p.get("ip"),
    )


act_registry.register(
    ActKind(
        code=EXPORTER_SIGN,
        label=_("Signing an indemnity assignment"),
        duty=Duty.ESIGNER,
        perform=_propose,
        url=lambda act: reverse("policies:policy-detail", args=[act.subject_id]),
    )
)
act_registry.register(
    ActKind(
        code=BANK_SIGN,
        label=_("Signing an indemnity assignment"),
        duty=Duty.ESIGNER,
        perform=_bank_sign,
        url=lambda act: reverse("financing:agreement-detail", args=[act.subject_id]),
    )
)


def assignment_propose_signed(*, actor, data, ip: str | None = None) -> ActOutcome:
    """The exporter signs and sends an agreement, as its duties and four-eyes allow."""
    policy = Policy.objects.filter(pk=data.policy_id, organisation_id=actor.organisation_id).first()
    if policy is None:
        from financing.errors import error

        raise error("policy_unknown", field="policy")
    return act_submit(
        kind=EXPORTER_SIGN,
        actor=actor,
        subject=policy,
        payload={**payload_of(data), "ip": ip},
        lock_key=f"{EXPORTER_SIGN}:{policy.pk}:{data.bank_id}",
    )


def assignment_bank_signed(
    *, assignment: IndemnityAssignment, actor, signer_name: str, signer_title: str, ip: str | None = None
) -> ActOutcome:
    """The bank signs, as its duties and four-eyes allow (the caller has checked it may see it)."""
    return act_submit(
        kind=BANK_SIGN,
        actor=actor,
        subject=assignment,
        payload={"signer_name": signer_name, "signer_title": signer_title, "ip": ip},
    )
