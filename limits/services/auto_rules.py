"""The automatic-decision rules: the administrator tunes them; applications are decided by them."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from limits import rules
from limits.models import LimitAutoRule
from limits.services.common import (
    DECISION_PROBLEMS,
)
from policies.models import PaymentTerm, Product
from sinosure_portal.accounts.access import ensure_role
from sinosure_portal.accounts.models import Role
from sinosure_portal.audit.services import audit_record
from sinosure_portal.base.errors import DomainError

RULE_FIELDS = (
    "name",
    "enabled",
    "max_amount_usd",
    "max_country_class",
    "allowed_lights",
    "allowed_payment_terms",
    "max_credit_period_days",
    "allow_related_party",
    "products",
)


def auto_rule_facts() -> list[rules.AutoRuleFacts]:
    return [
        rules.AutoRuleFacts(
            id=r.pk,
            max_amount_usd=r.max_amount_usd,
            max_country_class=r.max_country_class,
            allowed_lights=frozenset(r.allowed_lights or []),
            allowed_payment_terms=frozenset(r.allowed_payment_terms or []),
            max_credit_period_days=r.max_credit_period_days,
            allow_related_party=r.allow_related_party,
            products=frozenset(r.products or []),
            enabled=r.enabled,
        )
        for r in LimitAutoRule.objects.filter(enabled=True).order_by("max_amount_usd", "id")
    ]


@transaction.atomic
def auto_rule_save(*, actor, data: dict, rule_id: int | None = None) -> LimitAutoRule:
    """Create or change a rule. A rule can never let a red buyer through."""
    ensure_role(actor, [Role.ADMIN], action=_("tune the automatic decision rules"))
    rule = LimitAutoRule.objects.select_for_update().get(pk=rule_id) if rule_id else LimitAutoRule()
    before = {k: getattr(rule, k) for k in RULE_FIELDS} if rule_id else {}
    for key in RULE_FIELDS:
        if key in data:
            setattr(rule, key, data[key])
    if not (rule.name or "").strip():
        raise DomainError("field_required", _("This field is required."), field="name")
    lights = list(rule.allowed_lights or [])
    if "red" in lights:
        raise DomainError(
            "rule_allows_red", _("A red buyer is never approved automatically."), field="allowed_lights"
        )
    if not lights or any(light not in ("green", "yellow") for light in lights):
        raise DomainError("rule_lights", _("Choose green, yellow or both."), field="allowed_lights")
    terms = list(rule.allowed_payment_terms or [])
    if not terms or any(t not in PaymentTerm.values for t in terms):
        raise DomainError("payment_terms", DECISION_PROBLEMS["payment_terms"], field="allowed_payment_terms")
    if any(p not in Product.values for p in rule.products or []):
        raise DomainError("product_unknown", _("Unknown product."), field="products")
    if rule.max_amount_usd is None or rule.max_amount_usd < 0:
        raise DomainError("rule_amount", _("The ceiling cannot be negative."), field="max_amount_usd")
    if not (1 <= (rule.max_country_class or 0) <= 9):
        raise DomainError(
            "rule_country_class", _("Country classes run from 1 to 9."), field="max_country_class"
        )
    if not (1 <= (rule.max_credit_period_days or 0) <= rules.MAX_CREDIT_PERIOD_DAYS):
        raise DomainError(
            "credit_period_too_long",
            _("Credit periods of more than %(days)s days (two years) are not covered."),
            field="max_credit_period_days",
            days=rules.MAX_CREDIT_PERIOD_DAYS,
        )
    rule.save()
    after = {k: getattr(rule, k) for k in RULE_FIELDS}
    audit_record(
        rule,
        action="limit_auto_rule.changed" if rule_id else "limit_auto_rule.created",
        actor=actor,
        data={"before": before, "after": after},
        changes={
            k: ((before or {}).get(k), after[k]) for k in RULE_FIELDS if (before or {}).get(k) != after[k]
        },
    )
    return rule
