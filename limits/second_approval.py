"""A second underwriter for large limit decisions (issue 17 item 4): approving a credit limit above
PORTAL_LIMIT_SECOND_APPROVAL_USD is an act (accounts.acts) that the underwriter who proposes it
cannot approve; another underwriter approves it, and only then is the limit granted, once. A
decision up to the amount is taken at once, as before."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from limits import rules
from limits.errors import error
from limits.models import CreditLimitApplication
from limits.services.common import DECIDER_ROLES
from sinosure_portal.accounts.access import ensure_role
from sinosure_portal.accounts.acts import ActKind, ActOutcome, act_registry, act_submit
from sinosure_portal.accounts.models import Duty
from sinosure_portal.base.errors import TransitionNotAllowed

APPROVE = "limits.application_approve"


def threshold_usd() -> Decimal:
    return Decimal(str(settings.PORTAL_LIMIT_SECOND_APPROVAL_USD))


def needs_second_underwriter(amount_usd: Decimal) -> bool:
    """Strictly above the amount: a decision of exactly the amount is taken alone."""
    return Decimal(amount_usd) > threshold_usd()


def _approve(act, actor):
    from limits.services import limit_application_approve

    p = act.payload
    return limit_application_approve(
        application_id=int(act.subject_id),
        actor=actor,
        amount_usd=Decimal(p["amount_usd"]),
        credit_period_days=int(p["credit_period_days"]),
        payment_terms=list(p["payment_terms"]),
        conditions=p.get("conditions", ""),
        reason=p["reason"],
    )


act_registry.register(
    ActKind(
        code=APPROVE,
        label=_("Approving a large credit limit"),
        duty=Duty.REVIEWER,
        perform=_approve,
        url=lambda act: reverse("limits:application-detail", args=[act.subject_id]),
        always_four_eyes=lambda act: act.amount_usd is not None and needs_second_underwriter(act.amount_usd),
        roles=frozenset(str(r) for r in DECIDER_ROLES),
        # the approval renders the approval letter (a file): the proposal is checked below instead
        dry_run=False,
    )
)


def _check(application: CreditLimitApplication, *, actor, decision: dict) -> None:
    """What limit_application_approve would refuse, refused when the decision is proposed."""
    ensure_role(actor, DECIDER_ROLES, action=_("decide credit limits"))
    if not (decision.get("reason") or "").strip():
        raise error("reason_required", field="reason")
    if not application.is_pending:
        raise TransitionNotAllowed(
            "transition_not_allowed",
            _("%(object)s cannot go from %(from)s to %(to)s."),
            field="status",
            object=str(application),
            **{"from": application.get_status_display(), "to": CreditLimitApplication.Status.APPROVED.label},
        )
    for field, code in rules.decision_problems(
        requested_amount=application.amount_requested_usd,
        requested_period=application.credit_period_days,
        approved_amount=decision["amount_usd"],
        approved_period=decision["credit_period_days"],
        approved_terms=decision["payment_terms"],
        policy_max_period=application.policy.max_credit_period_days,
    ):
        raise error(code, field=field)


def limit_decision_approve(
    *, application: CreditLimitApplication, actor, decision: dict
) -> ActOutcome | None:
    """Approve at once (None: the caller decides as before), or, above the amount, propose the
    decision for a second underwriter (the pending act)."""
    amount = Decimal(decision["amount_usd"])
    if not needs_second_underwriter(amount):
        return None
    _check(application, actor=actor, decision=decision)
    payload = {
        "amount_usd": str(amount),
        "credit_period_days": int(decision["credit_period_days"]),
        "payment_terms": list(decision["payment_terms"]),
        "conditions": decision.get("conditions") or "",
        "reason": decision["reason"].strip(),
    }
    return act_submit(kind=APPROVE, actor=actor, subject=application, payload=payload, amount_usd=amount)
