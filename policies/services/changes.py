"""Changes to a policy in force: its rate table, its deadline settings, its early cancellation."""

from __future__ import annotations

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from policies import hooks, rules
from policies.errors import error
from policies.models import (
    Policy,
    PremiumInvoice,
    PremiumRate,
)
from policies.services.common import (
    UNDERWRITING_ROLES,
    _lock_policy,
    org_users,
)
from policies.services.terms import (
    _validate_rates,
    _validate_settings,
    rate_rows,
    rates_create,
)
from policies.workflow import invoice_workflow, policy_workflow
from sinosure_portal.accounts.access import ensure_role
from sinosure_portal.audit.services import audit_record
from sinosure_portal.base.hooks import hook_call
from sinosure_portal.notifications.services import notify


@transaction.atomic
def policy_rates_replace(*, policy_id: int, actor, rows: list[rules.RateRow]) -> list[PremiumRate]:
    """Replace a policy's premium rate table (applies to declarations made from now on)."""
    ensure_role(actor, UNDERWRITING_ROLES, action=_("change premium rates"))
    policy = _lock_policy(policy_id)
    if policy.status == Policy.Status.CANCELLED:
        raise error("policy_cancelled")
    if not rows:
        raise error("rates_required_rows", field="rates")
    _validate_rates(rows)
    before = [
        f"{r.country_class_from}-{r.country_class_to} {r.payment_term or '*'} {r.credit_days_from}-{r.credit_days_to} {r.rate}"
        for r in rate_rows(policy)
    ]
    policy.rates.all().delete()
    created = rates_create(policy, rows)
    after = [
        f"{r.country_class_from}-{r.country_class_to} {r.payment_term or '*'} {r.credit_days_from}-{r.credit_days_to} {r.rate}"
        for r in rows
    ]
    audit_record(
        policy,
        action="policy.rates_changed",
        actor=actor,
        data={"before": before, "rows": len(rows)},
        changes={"rates": (before, after)} if before != after else None,
    )
    return created


@transaction.atomic
def policy_settings_update(*, policy_id: int, actor, settings: dict) -> Policy:
    """Change the per-policy deadline settings (they apply to what happens from now on)."""
    ensure_role(actor, UNDERWRITING_ROLES, action=_("change policy settings"))
    policy = _lock_policy(policy_id)
    _validate_settings(policy.product, settings)
    before = {k: getattr(policy, k) for k in settings}
    for key, value in settings.items():
        setattr(policy, key, value)
    policy.save(update_fields=[*settings, "updated_at"])
    audit_record(
        policy,
        action="policy.settings_changed",
        actor=actor,
        data={"before": before, "after": settings},
        changes={k: (before[k], settings[k]) for k in settings if before[k] != settings[k]},
    )
    return policy


@transaction.atomic
def policy_cancel(*, policy_id: int, actor, reason: str) -> Policy:
    """End a policy early: unpaid premium invoices are cancelled and its live limits cancelled from
    today (earlier shipments keep their cover)."""
    ensure_role(actor, UNDERWRITING_ROLES, action=_("cancel policies"))
    reason = (reason or "").strip()
    if not reason:
        raise error("reason_required", field="reason")
    policy = _lock_policy(policy_id)
    policy_workflow.transition(policy, to=Policy.Status.CANCELLED, actor=actor, reason=reason)
    for invoice in policy.invoices.select_for_update().filter(status=PremiumInvoice.Status.ISSUED):
        invoice_workflow.transition(invoice, to=PremiumInvoice.Status.CANCELLED, actor=actor, reason=reason)
    hook_call(hooks.POLICY_CANCELLED, policy=policy, actor=actor, reason=reason)  # its live limits end
    notify(
        org_users(policy.organisation_id),
        kind="policy_cancelled",
        params={"number": policy.number, "reason": reason},
        url=reverse("policies:policy-detail", args=[policy.pk]),
        level="warning",
    )
    return policy
