"""Policies' act that commits the insured (accounts.acts): confirming a policy application
(确认投保). With four-eyes on, a reviewer other than the drafter confirms it."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from policies.models import PolicyApplication
from sinosure_portal.accounts.acts import ActKind, ActOutcome, act_registry, act_submit
from sinosure_portal.accounts.models import Duty

CONFIRM = "policies.application_confirm"


def _confirm(act, actor):
    from policies.services import policy_application_submit

    return policy_application_submit(application_id=int(act.subject_id), actor=actor)


act_registry.register(
    ActKind(
        code=CONFIRM,
        label=_("Confirming a policy application"),
        duty=Duty.REVIEWER,
        perform=_confirm,
        url=lambda act: reverse("policies:application-detail", args=[act.subject_id]),
    )
)


def policy_application_confirm(*, application: PolicyApplication, actor) -> ActOutcome:
    """Confirm the application as the actor's duties and the four-eyes setting allow: at once, or
    drafted for a reviewer (the caller has checked that the actor may see the application)."""
    return act_submit(kind=CONFIRM, actor=actor, subject=application)
