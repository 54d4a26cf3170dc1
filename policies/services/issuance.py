"""Issuing and renewing policies: the policy row, its rate table, its first invoices and its schedule."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from policies import hooks, rules
from policies.documents import schedule_render
from policies.errors import error
from policies.models import (
    Policy,
    PolicyApplication,
    PremiumPayer,
    Product,
)
from policies.services.common import (
    UNDERWRITING_ROLES,
    _lock_application,
    _lock_policy,
    org_users,
)
from policies.services.premiums import _annual_invoices_create
from policies.services.terms import (
    SETTING_FIELDS,
    PolicyTerms,
    _validate_rates,
    _validate_terms,
    rate_rows,
    rates_create,
)
from policies.workflow import application_workflow, policy_workflow
from sinosure_portal.accounts.access import ensure_role
from sinosure_portal.audit.services import audit_record
from sinosure_portal.base.hooks import hook_call
from sinosure_portal.core.numbering import assign_number
from sinosure_portal.notifications.services import notify
from sinosure_portal.texts import Text

NUMBER_PREFIX = {
    Product.COMPREHENSIVE: "COM",
    Product.SME: "SME",
    Product.MICRO: "MIC",
    Product.BANK: "BNK",
    Product.FORFAITING: "FFT",
}


def _policy_create(
    *, organisation_id: int, product: str, terms: PolicyTerms, actor, application=None, renewed_from=None
) -> Policy:
    _validate_terms(product, terms)
    rates = terms.rates or (rules.default_rate_table(terms.base_rate) if terms.base_rate is not None else [])
    _validate_rates(rates)
    product_rules = rules.PRODUCTS[product]
    settings = {"max_credit_period_days": product_rules.max_credit_period_days, **terms.settings}
    turnover = (
        application.estimated_turnover_usd
        if application
        else (renewed_from.estimated_turnover_usd if renewed_from else None)
    )
    annual = terms.annual_premium_usd
    if product_rules.annual_premium and annual is None:
        annual = rules.annual_premium(turnover or Decimal("0"), terms.premium_flat_rate)
    policy = Policy.objects.create(
        application=application,
        organisation_id=organisation_id,
        product=product,
        period_start=terms.period_start,
        period_end=terms.period_end,
        indemnity_ratio=terms.indemnity_ratio,
        max_liability_usd=terms.max_liability_usd,
        per_buyer_cap_usd=terms.per_buyer_cap_usd,
        pre_shipment_cover=terms.pre_shipment_cover and product == Product.COMPREHENSIVE,
        premium_flat_rate=terms.premium_flat_rate,
        estimated_turnover_usd=turnover,
        annual_premium_usd=annual if product_rules.annual_premium else None,
        premium_payer=terms.premium_payer,
        platform_name=terms.platform_name.strip() if terms.premium_payer == PremiumPayer.PLATFORM else "",
        platform_share=terms.platform_share if terms.premium_payer == PremiumPayer.PLATFORM else Decimal("0"),
        renewed_from=renewed_from,
        issued_by=actor,
        **settings,
    )
    assign_number(policy, NUMBER_PREFIX[product])
    rates_create(policy, rates)
    if product_rules.annual_premium:
        _annual_invoices_create(policy)
    audit_record(
        policy, action="policy.issued", actor=actor, to_state=policy.status, data={"number": policy.number}
    )
    if renewed_from is not None:
        # e.g. the buyers' limits continue under the renewal (from its first day) without a new application
        hook_call(hooks.POLICY_RENEWED, old_policy=renewed_from, new_policy=policy, actor=actor)
    if renewed_from is not None and renewed_from.status == Policy.Status.EXPIRED:
        policy_workflow.transition(
            renewed_from,
            to=Policy.Status.RENEWED,
            actor=actor,
            reason=Text("policy_renewed_by", {"number": policy.number}),
        )
    return policy


@transaction.atomic
def policy_issue(*, application_id: int, actor, terms: PolicyTerms):
    """Issue the policy an application asked for, with its terms, rate table and (micro, SME) the
    year's premium invoice; render the policy schedule."""

    ensure_role(actor, UNDERWRITING_ROLES, action=_("issue policies"))
    application = _lock_application(application_id)
    if application.status == PolicyApplication.Status.SUBMITTED:
        application_workflow.transition(application, to=PolicyApplication.Status.UNDER_REVIEW, actor=actor)
    if not application_workflow.can(application, PolicyApplication.Status.ISSUED):
        application_workflow.transition(
            application, to=PolicyApplication.Status.ISSUED, actor=actor
        )  # raises
    renewed_from = None
    if application.renewal_of_id:
        renewed_from = _lock_policy(application.renewal_of_id)
        if renewed_from.renewals.exclude(status=Policy.Status.CANCELLED).exists():
            raise error("policy_already_renewed")
    terms.pre_shipment_cover = terms.pre_shipment_cover or application.pre_shipment_cover
    policy = _policy_create(
        organisation_id=application.organisation_id,
        product=application.product,
        terms=terms,
        actor=actor,
        application=application,
        renewed_from=renewed_from,
    )
    application.decided_at, application.decided_by = timezone.now(), actor
    application_workflow.transition(
        application,
        to=PolicyApplication.Status.ISSUED,
        actor=actor,
        reason=Text("policy_issued", {"number": policy.number}),
        update_fields=["decided_at", "decided_by"],
    )
    schedule_render(policy, actor=actor)
    notify(
        org_users(policy.organisation_id),
        kind="policy_issued",
        params={
            "number": policy.number,
            "product": policy.product,
            "start": policy.period_start.isoformat(),
            "end": policy.period_end.isoformat(),
        },
        url=reverse("policies:policy-detail", args=[policy.pk]),
    )
    return policy


@transaction.atomic
def policy_renew(*, policy_id: int, actor, terms: PolicyTerms | None = None) -> Policy:
    """Renew a policy into a new one linked to it, with the same terms for the next period unless
    the underwriter gives new ones."""

    ensure_role(actor, UNDERWRITING_ROLES, action=_("renew policies"))
    old = _lock_policy(policy_id)
    if old.status not in (Policy.Status.ACTIVE, Policy.Status.EXPIRED):
        raise error("policy_not_renewable")
    if old.renewals.exclude(status=Policy.Status.CANCELLED).exists():
        raise error("policy_already_renewed")
    if terms is None:
        start, end = rules.renewal_period(old.period_start, old.period_end)
        terms = PolicyTerms(
            period_start=start,
            period_end=end,
            indemnity_ratio=old.indemnity_ratio,
            max_liability_usd=old.max_liability_usd,
            per_buyer_cap_usd=old.per_buyer_cap_usd,
            premium_payer=old.premium_payer,
            platform_name=old.platform_name,
            platform_share=old.platform_share,
            premium_flat_rate=old.premium_flat_rate,
            annual_premium_usd=old.annual_premium_usd,
            rates=rate_rows(old),
            settings={name: getattr(old, name) for name in SETTING_FIELDS},
            pre_shipment_cover=old.pre_shipment_cover,
        )
    policy = _policy_create(
        organisation_id=old.organisation_id, product=old.product, terms=terms, actor=actor, renewed_from=old
    )
    schedule_render(policy, actor=actor)
    notify(
        org_users(policy.organisation_id),
        kind="policy_renewed",
        params={
            "old": old.number,
            "number": policy.number,
            "start": policy.period_start.isoformat(),
            "end": policy.period_end.isoformat(),
        },
        url=reverse("policies:policy-detail", args=[policy.pk]),
    )
    return policy
